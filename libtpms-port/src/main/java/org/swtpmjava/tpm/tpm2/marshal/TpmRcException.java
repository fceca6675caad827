package org.swtpmjava.tpm.tpm2.marshal;

/**
 * A TPM response code raised while unmarshalling or executing a command. Unmarshallers raise
 * bare codes (e.g. TPM_RC_INSUFFICIENT); the dispatcher adds handle, parameter or session
 * numbers. It carries no stack trace: it is an answer, not a fault.
 */
public final class TpmRcException extends RuntimeException {
    private final int responseCode;

    public TpmRcException(int responseCode) {
        super(String.format("TPM_RC 0x%03x", responseCode), null, false, false);
        this.responseCode = responseCode;
    }

    public int responseCode() {
        return responseCode;
    }
}
