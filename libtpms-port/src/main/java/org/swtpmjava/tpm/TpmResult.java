package org.swtpmjava.tpm;

/**
 * TPM 1.2-style result codes of the library API (libtpms tpm_error.h), which swtpm
 * relays on its control channel. Values: swtpm-protocol.md §0.
 */
public final class TpmResult {
    public static final int SUCCESS = 0x00;
    public static final int BAD_PARAMETER = 0x03;
    public static final int FAIL = 0x09;
    public static final int BAD_ORDINAL = 0x0a;
    public static final int KEYNOTFOUND = 0x0d;
    public static final int SIZE = 0x17;
    public static final int BAD_PARAM_SIZE = 0x19;
    public static final int BADTAG = 0x1e;
    public static final int IOERROR = 0x1f;
    public static final int ENCRYPT_ERROR = 0x20;
    public static final int DECRYPT_ERROR = 0x21;
    public static final int INVALID_POSTINIT = 0x26;
    public static final int BAD_KEY_PROPERTY = 0x28;
    public static final int BAD_DATASIZE = 0x2b;
    public static final int BAD_MODE = 0x2c;
    public static final int BAD_VERSION = 0x2e;
    public static final int BAD_TYPE = 0x34;
    public static final int BAD_LOCALITY = 0x3d;
    /** Non-fatal: "try again"; for state blobs it means "does not exist". */
    public static final int RETRY = 0x800;

    private TpmResult() {
    }
}
