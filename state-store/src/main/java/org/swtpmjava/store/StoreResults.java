package org.swtpmjava.store;

/**
 * The TPM 1.2-style result codes the storage layer reports (swtpm-protocol.md §0 table,
 * values from libtpms' tpm_error.h). They travel unchanged to the control channel.
 */
public final class StoreResults {
    public static final int SUCCESS = 0x00;
    /** Header too short or totlen != length; unknown blob type. */
    public static final int BAD_PARAMETER = 0x03;
    /** Generic failure: missing TLV, I/O error, lock failure, bad legacy hash. */
    public static final int FAIL = 0x09;
    /** A blob is encrypted but the needed key is not configured. */
    public static final int KEY_NOT_FOUND = 0x0d;
    public static final int ENCRYPT_ERROR = 0x20;
    /** HMAC mismatch, bad padding, ciphertext or IV too short. */
    public static final int DECRYPT_ERROR = 0x21;
    /** The header's 256-bit flag does not match the configured key size. */
    public static final int BAD_KEY_PROPERTY = 0x28;
    /** Header size field is not 10. */
    public static final int BAD_DATASIZE = 0x2b;
    /** Header min_version is newer than 2. */
    public static final int BAD_VERSION = 0x2e;
    /** Object absent (non-fatal; GET_STATEBLOB reports it for a missing blob). */
    public static final int RETRY = 0x800;

    private StoreResults() {
    }
}
