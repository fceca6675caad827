package org.swtpmjava.tpm.tpm2.platform;

/**
 * An unrecoverable fault that puts the TPM into failure mode (the reference's FAIL()). The code
 * is what TPM2_GetTestResult reports afterwards (reference TpmError.h values).
 */
public final class TpmFailure extends RuntimeException {
    public static final int FATAL_ERROR_ALLOCATION = 1;
    public static final int FATAL_ERROR_DIVIDE_ZERO = 2;
    public static final int FATAL_ERROR_INTERNAL = 3;
    public static final int FATAL_ERROR_PARAMETER = 4;
    public static final int FATAL_ERROR_ENTROPY = 5;
    public static final int FATAL_ERROR_SELF_TEST = 6;
    public static final int FATAL_ERROR_NV_UNRECOVERABLE = 8;
    public static final int FATAL_ERROR_DRBG = 10;
    public static final int FATAL_ERROR_COUNTER_OVERFLOW = 12;

    private final int failCode;

    public TpmFailure(int failCode, String message, Throwable cause) {
        super(message, cause);
        this.failCode = failCode;
    }

    public TpmFailure(int failCode, String message) {
        this(failCode, message, null);
    }

    public int failCode() {
        return failCode;
    }
}
