package org.swtpmjava.tpm;

/**
 * One emulated TPM: the Java counterpart of libtpms' {@code TPMLIB_*} API.
 *
 * <p>An engine does no I/O of its own. Persistent and volatile state reach it
 * through the {@link NvStorage} it was created with, the locality through the
 * argument of {@link #process}. An engine is not thread-safe: the daemon calls
 * it from one thread at a time (one serial executor per vTPM).
 *
 * <p>Results are TPM 1.2-style library codes ({@link TpmResult}) as libtpms
 * returns them, because swtpm relays them unchanged on its control channel.
 */
public interface TpmEngine {

    /** TPMLIB_MainInit: load (or manufacture) the TPM, then resume a volatile state if one is stored. */
    int mainInit();

    /** TPMLIB_Terminate: drop the running TPM. Idempotent. */
    void terminate();

    /** True between a successful {@link #mainInit()} and {@link #terminate()}. */
    boolean isRunning();

    /**
     * TPMLIB_Process: executes one command and returns the complete response.
     * Never throws: malformed input is a TPM response code, an internal fault
     * puts the TPM into failure mode.
     */
    byte[] process(byte[] command, int locality);

    /** TPMLIB_CancelCommand. */
    int cancelCommand();

    /**
     * TPMLIB_VolatileAll_Store: the running TPM's volatile state, or null if not running or if it
     * cannot be written (the TPM is then in failure mode). Never throws.
     */
    byte[] volatileState();

    /**
     * TPMLIB_SetState: caches a blob for the next {@link #mainInit()}; only while not running.
     * A null or empty blob clears the cached entry.
     */
    int setStateBlob(StateBlobType type, byte[] blob);

    /** TPMLIB_SetBufferSize: 0 queries; otherwise clamps into [min, max]. */
    BufferSizes setBufferSize(int wanted);

    /** TPMLIB_GetInfo: the JSON object for the given flags (see libtpms.md §1.3). */
    String getInfo(long flags);

    /** TPM_IO_TpmEstablished_Get. */
    boolean tpmEstablished();

    /** TPM_IO_TpmEstablished_Reset, from the given locality (3 or 4, else TPM_BAD_LOCALITY). */
    int resetTpmEstablished(int locality);

    /** TPM_IO_Hash_Start. */
    int hashStart();

    /** TPM_IO_Hash_Data. */
    int hashData(byte[] data);

    /** TPM_IO_Hash_End. */
    int hashEnd();

    /** The buffer sizes TPMLIB_SetBufferSize reports. */
    record BufferSizes(int inUse, int min, int max) {
    }
}
