package org.swtpmjava.tpm.tpm2.types;

/**
 * TPM_RC response codes (TCG TPM 2.0 Part 2, Table 16). Handle, parameter and session numbers
 * are added by {@link org.swtpmjava.tpm.tpm2.exec.ResponseCodes}.
 */
public final class TpmRc {
    public static final int SUCCESS = 0x000;
    /** TPM 1.2 style code that TPM 2 still answers for a tag it does not accept. */
    public static final int BAD_TAG = 0x01E;

    // Format zero (RC_VER1 = 0x100).
    public static final int INITIALIZE = 0x100;
    public static final int FAILURE = 0x101;
    public static final int SEQUENCE = 0x103;
    public static final int DISABLED = 0x120;
    public static final int EXCLUSIVE = 0x121;
    public static final int AUTH_TYPE = 0x124;
    public static final int AUTH_MISSING = 0x125;
    public static final int POLICY = 0x126;
    public static final int PCR = 0x127;
    public static final int PCR_CHANGED = 0x128;
    public static final int UPGRADE = 0x12D;
    public static final int TOO_MANY_CONTEXTS = 0x12E;
    public static final int AUTH_UNAVAILABLE = 0x12F;
    public static final int REBOOT = 0x130;
    public static final int UNBALANCED = 0x131;
    public static final int COMMAND_SIZE = 0x142;
    public static final int COMMAND_CODE = 0x143;
    public static final int AUTHSIZE = 0x144;
    public static final int AUTH_CONTEXT = 0x145;
    public static final int NV_RANGE = 0x146;
    public static final int NV_SIZE = 0x147;
    public static final int NV_LOCKED = 0x148;
    public static final int NV_AUTHORIZATION = 0x149;
    public static final int NV_UNINITIALIZED = 0x14A;
    public static final int NV_SPACE = 0x14B;
    public static final int NV_DEFINED = 0x14C;
    public static final int BAD_CONTEXT = 0x150;
    public static final int CPHASH = 0x151;
    public static final int PARENT = 0x152;
    public static final int NEEDS_TEST = 0x153;
    public static final int NO_RESULT = 0x154;
    public static final int SENSITIVE = 0x155;

    // Format one (RC_FMT1 = 0x080).
    public static final int ASYMMETRIC = 0x081;
    public static final int ATTRIBUTES = 0x082;
    public static final int HASH = 0x083;
    public static final int VALUE = 0x084;
    public static final int HIERARCHY = 0x085;
    public static final int KEY_SIZE = 0x087;
    public static final int MGF = 0x088;
    public static final int MODE = 0x089;
    public static final int TYPE = 0x08A;
    public static final int HANDLE = 0x08B;
    public static final int KDF = 0x08C;
    public static final int RANGE = 0x08D;
    public static final int AUTH_FAIL = 0x08E;
    public static final int NONCE = 0x08F;
    public static final int PP = 0x090;
    public static final int SCHEME = 0x092;
    public static final int SIZE = 0x095;
    public static final int SYMMETRIC = 0x096;
    public static final int TAG = 0x097;
    public static final int SELECTOR = 0x098;
    public static final int INSUFFICIENT = 0x09A;
    public static final int SIGNATURE = 0x09B;
    public static final int KEY = 0x09C;
    public static final int POLICY_FAIL = 0x09D;
    public static final int INTEGRITY = 0x09F;
    public static final int TICKET = 0x0A0;
    public static final int RESERVED_BITS = 0x0A1;
    public static final int BAD_AUTH = 0x0A2;
    public static final int EXPIRED = 0x0A3;
    public static final int POLICY_CC = 0x0A4;
    public static final int BINDING = 0x0A5;
    public static final int CURVE = 0x0A6;
    public static final int ECC_POINT = 0x0A7;

    // Warnings (RC_WARN = 0x900).
    public static final int CONTEXT_GAP = 0x901;
    public static final int OBJECT_MEMORY = 0x902;
    public static final int SESSION_MEMORY = 0x903;
    public static final int MEMORY = 0x904;
    public static final int SESSION_HANDLES = 0x905;
    public static final int OBJECT_HANDLES = 0x906;
    public static final int LOCALITY = 0x907;
    public static final int YIELDED = 0x908;
    public static final int CANCELED = 0x909;
    public static final int TESTING = 0x90A;
    public static final int REFERENCE_H0 = 0x910;
    public static final int REFERENCE_S0 = 0x918;
    public static final int NV_RATE = 0x920;
    public static final int LOCKOUT = 0x921;
    public static final int RETRY = 0x922;
    public static final int NV_UNAVAILABLE = 0x923;

    private TpmRc() {
    }
}
