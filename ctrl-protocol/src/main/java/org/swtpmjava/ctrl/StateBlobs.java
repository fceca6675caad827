package org.swtpmjava.ctrl;

/** Constants of CMD_GET_STATEBLOB / CMD_SET_STATEBLOB (swtpm-protocol.md §2.4.12–13). */
public final class StateBlobs {
    /** GET: return the inner data not re-encrypted with the file key. */
    public static final int FLAG_DECRYPTED = 1;
    /** The inner data is encrypted with the file key. */
    public static final int FLAG_ENCRYPTED = 2;

    public static final int TYPE_PERMANENT = 1;
    public static final int TYPE_VOLATILE = 2;
    public static final int TYPE_SAVESTATE = 3;

    /** SET_STATEBLOB bodies larger than this are refused with TPM_FAIL (swtpm 0.8+). */
    public static final int MAX_SET_LENGTH = 512 * 1024;

    private StateBlobs() {
    }
}
