package org.swtpmjava.tpm.tpm2.state.codec;

/** A state blob that cannot be used, with the TpmResult code the library API reports for it. */
public final class StateBlobException extends Exception {
    private final int result;

    public StateBlobException(int result, String message, Throwable cause) {
        super(message, cause);
        this.result = result;
    }

    public StateBlobException(int result, String message) {
        this(result, message, null);
    }

    /** The TpmResult code (BADTAG for a foreign blob, BAD_VERSION for a newer format, ...). */
    public int result() {
        return result;
    }
}
