package org.swtpmjava.tpm.tpm2.types;

/** TPM_ST structure tags (Part 2, Table 19). */
public final class TpmSt {
    /** TPM 1.2 response tag; TPM 2 still recognises it as a TPM_ST value. */
    public static final int RSP_COMMAND = 0x00C4;
    public static final int NULL = 0x8000;
    public static final int NO_SESSIONS = 0x8001;
    public static final int SESSIONS = 0x8002;
    public static final int ATTEST_NV = 0x8014;
    public static final int ATTEST_COMMAND_AUDIT = 0x8015;
    public static final int ATTEST_SESSION_AUDIT = 0x8016;
    public static final int ATTEST_CERTIFY = 0x8017;
    public static final int ATTEST_QUOTE = 0x8018;
    public static final int ATTEST_TIME = 0x8019;
    public static final int ATTEST_CREATION = 0x801A;
    public static final int CREATION = 0x8021;
    public static final int VERIFIED = 0x8022;
    public static final int AUTH_SECRET = 0x8023;
    public static final int HASHCHECK = 0x8024;
    public static final int AUTH_SIGNED = 0x8025;

    private TpmSt() {
    }

    /**
     * True for the values TPM_ST_Unmarshal accepts (libtpms 0.9.2 Unmarshal.c); any other
     * value fails with TPM_RC_VALUE before the command-tag check.
     */
    public static boolean isDefined(int tag) {
        return switch (tag) {
            case RSP_COMMAND, NULL, NO_SESSIONS, SESSIONS, ATTEST_NV, ATTEST_COMMAND_AUDIT,
                 ATTEST_SESSION_AUDIT, ATTEST_CERTIFY, ATTEST_QUOTE, ATTEST_TIME, ATTEST_CREATION,
                 CREATION, VERIFIED, AUTH_SECRET, HASHCHECK, AUTH_SIGNED -> true;
            default -> false;
        };
    }
}
