package org.swtpmjava.ctrl;

/** TPM 1.2-style result codes sent on the control channel (swtpm-protocol.md §0). */
public final class CtrlResult {
    public static final int SUCCESS = 0x00;
    public static final int BAD_PARAMETER = 0x03;
    public static final int FAIL = 0x09;
    public static final int BAD_ORDINAL = 0x0a;
    public static final int KEYNOTFOUND = 0x0d;
    public static final int SIZE = 0x17;
    public static final int IOERROR = 0x1f;
    public static final int BAD_LOCALITY = 0x3d;
    /** The non-fatal bit; GET_STATEBLOB answers it for a missing blob. */
    public static final int RETRY = 0x800;

    private CtrlResult() {
    }

    /** True for results that carry the non-fatal bit (QEMU treats them as "empty blob"). */
    public static boolean isNonFatal(int result) {
        return (result & RETRY) != 0;
    }
}
