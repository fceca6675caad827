package org.swtpmjava.tpm;

import java.util.Optional;

/**
 * Where an engine keeps its state blobs: libtpms' tpm_nvram_* callbacks.
 * The daemon implements it over a state store; tests use memory.
 */
public interface NvStorage {

    /** The stored blob, or empty if none exists (libtpms' TPM_RETRY). */
    Optional<byte[]> load(StateBlobType type) throws NvStorageException;

    /** Replaces the blob atomically. */
    void store(StateBlobType type, byte[] blob) throws NvStorageException;

    /** Deletes the blob; a missing blob is not an error. */
    void delete(StateBlobType type) throws NvStorageException;

    /** A storage failure, carrying the library result code to report. */
    final class NvStorageException extends Exception {
        private final int result;

        public NvStorageException(int result, String message, Throwable cause) {
            super(message, cause);
            this.result = result;
        }

        public NvStorageException(int result, String message) {
            this(result, message, null);
        }

        /** The TPM 1.2-style result code ({@link TpmResult}). */
        public int result() {
            return result;
        }
    }
}
