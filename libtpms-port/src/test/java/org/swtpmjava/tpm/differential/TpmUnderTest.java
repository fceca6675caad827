package org.swtpmjava.tpm.differential;

import org.swtpmjava.tpm.TpmEngine.BufferSizes;

/**
 * One side of a differential run: the C swtpm driven over its data and control sockets, or the
 * Java engine driven through its API the way the daemon will drive it.
 */
interface TpmUnderTest extends AutoCloseable {

    /** Sends one TPM command (at least 10 bytes) and returns the response. */
    byte[] command(byte[] command);

    /**
     * A new process (or engine) on the same stored state: the old one ends without storing
     * anything more, the new one starts as at power-on (libtpms loads the permanent state).
     */
    void restartProcess();

    /** CMD_STORE_VOLATILE: the volatile state goes to storage, where the next start resumes it. */
    int storeVolatile();

    /** CMD_INIT without flags: TPM reset (terminate, then MainInit). */
    int init();

    /** CMD_SET_LOCALITY for the following commands. */
    int setLocality(int locality);

    /** CMD_STOP, CMD_SET_BUFFERSIZE, CMD_INIT: buffer sizes can only be set while stopped. */
    BufferSizes restartWithBufferSize(int wanted);

    int hashStart();

    int hashData(byte[] data);

    int hashEnd();

    boolean tpmEstablished();

    int resetTpmEstablished(int locality);

    /** CMD_GET_INFO: the JSON without its terminating NUL. */
    String info(long flags);

    /** Makes the next write of the permanent state fail. */
    void breakStorage();

    @Override
    void close();
}
