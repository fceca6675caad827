package org.swtpmjava.tpm.tpm2.types;

/** TPM_SU startup/shutdown types (Part 2, Table 20) and the reference's orderlyState values. */
public final class TpmSu {
    public static final int CLEAR = 0x0000;
    public static final int STATE = 0x0001;

    /** orderlyState after a Startup without an orderly Shutdown (reference Global.h SU_NONE_VALUE). */
    public static final int NONE_VALUE = 0xFFFF;
    /** orderlyState once a DA-protected authorization was used (SU_DA_USED_VALUE). */
    public static final int DA_USED_VALUE = 0xFFFE;
    /** orderlyState flag: an H-CRTM sequence ran before Startup. */
    public static final int PRE_STARTUP_FLAG = 0x8000;
    /** orderlyState flag: Startup came from locality 3. */
    public static final int STARTUP_LOCALITY_3 = 0x4000;

    private TpmSu() {
    }

    /** The reference's IS_ORDERLY: any value below SU_DA_USED_VALUE, flags included. */
    public static boolean isOrderly(int orderlyState) {
        return orderlyState < DA_USED_VALUE;
    }
}
