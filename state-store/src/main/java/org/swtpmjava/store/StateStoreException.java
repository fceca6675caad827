package org.swtpmjava.store;

/**
 * A state-storage failure with the TPM 1.2-style result code swtpm reports for it
 * (e.g. 0x03 bad header length, 0x09 missing TLV, 0x21 HMAC mismatch, 0x2e bad version).
 */
public final class StateStoreException extends Exception {
    private final int result;

    public StateStoreException(int result, String message) {
        this(result, message, null);
    }

    public StateStoreException(int result, String message, Throwable cause) {
        super(message, cause);
        this.result = result;
    }

    /** The result code to send on the control channel. */
    public int result() {
        return result;
    }
}
