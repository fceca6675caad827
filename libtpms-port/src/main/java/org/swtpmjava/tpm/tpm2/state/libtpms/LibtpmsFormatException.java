package org.swtpmjava.tpm.tpm2.state.libtpms;

/**
 * A libtpms state blob that cannot be used, with the response code libtpms' NVMarshal.c gives for
 * it (libtpms.md §4.2): TPM_RC_BAD_TAG for a wrong magic, TPM_RC_BAD_VERSION for a section whose
 * min_version is above what 0.9 reads, TPM_RC_BAD_PARAMETER for a missing required block or a
 * value outside the compile-constant rules, TPM_RC_SIZE / TPM_RC_INSUFFICIENT for sizes.
 * TPMLIB_SetState returns this code to swtpm unchanged.
 */
public final class LibtpmsFormatException extends Exception {
    private final int responseCode;

    public LibtpmsFormatException(int responseCode, String message) {
        super(message);
        this.responseCode = responseCode;
    }

    /** The libtpms TPM_RC (tpm_library_intern.h values for BAD_PARAMETER 0x03 / BAD_VERSION 0x2e). */
    public int responseCode() {
        return responseCode;
    }
}
