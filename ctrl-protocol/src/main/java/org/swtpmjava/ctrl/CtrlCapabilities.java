package org.swtpmjava.ctrl;

/** Capability bits answered by CMD_GET_CAPABILITY (swtpm-protocol.md §2.3). */
public final class CtrlCapabilities {
    public static final int INIT = 1;
    public static final int SHUTDOWN = 1 << 1;
    public static final int GET_TPMESTABLISHED = 1 << 2;
    public static final int SET_LOCALITY = 1 << 3;
    public static final int HASHING = 1 << 4;
    public static final int CANCEL_TPM_CMD = 1 << 5;
    public static final int STORE_VOLATILE = 1 << 6;
    public static final int RESET_TPMESTABLISHED = 1 << 7;
    public static final int GET_STATEBLOB = 1 << 8;
    public static final int SET_STATEBLOB = 1 << 9;
    public static final int STOP = 1 << 10;
    public static final int GET_CONFIG = 1 << 11;
    public static final int SET_DATAFD = 1 << 12;
    public static final int SET_BUFFERSIZE = 1 << 13;
    public static final int GET_INFO = 1 << 14;
    /** TPM 2 only. */
    public static final int SEND_COMMAND_HEADER = 1 << 15;
    public static final int LOCK_STORAGE = 1 << 16;

    /** Everything swtpm (0.8 and later) answers for a TPM 2: 0x0001ffff. */
    public static final int ALL_TPM2 = (LOCK_STORAGE << 1) - 1;
    /** The same for TPM 1.2, which lacks SEND_COMMAND_HEADER: 0x00017fff. */
    public static final int ALL_TPM12 = ALL_TPM2 & ~SEND_COMMAND_HEADER;

    private CtrlCapabilities() {
    }
}
