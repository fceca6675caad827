package org.swtpmjava.ctrl;

/**
 * A control-channel request, one record per command (swtpm-protocol.md §2.4).
 * {@link Malformed} is the value a decode failure produces; {@link Unknown} a code swtpm does not know.
 */
public sealed interface CtrlRequest {

    /** The command, or null for {@link Unknown}. */
    CtrlCommand command();

    record GetCapability() implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.GET_CAPABILITY; }
    }

    /** @param flags bit 0 = {@link #DELETE_VOLATILE} */
    record Init(int flags) implements CtrlRequest {
        public static final int DELETE_VOLATILE = 1;
        public CtrlCommand command() { return CtrlCommand.INIT; }
        public boolean deleteVolatile() { return (flags & DELETE_VOLATILE) != 0; }
    }

    record Shutdown() implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.SHUTDOWN; }
    }

    record GetTpmEstablished() implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.GET_TPMESTABLISHED; }
    }

    /** @param locality the first payload byte (0..255; swtpm rejects > 4 itself) */
    record SetLocality(int locality) implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.SET_LOCALITY; }
    }

    record HashStart() implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.HASH_START; }
    }

    record HashData(byte[] data) implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.HASH_DATA; }
    }

    record HashEnd() implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.HASH_END; }
    }

    record CancelTpmCmd() implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.CANCEL_TPM_CMD; }
    }

    record StoreVolatile() implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.STORE_VOLATILE; }
    }

    record ResetTpmEstablished(int locality) implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.RESET_TPMESTABLISHED; }
    }

    /**
     * @param stateFlags bit 0 {@link StateBlobs#FLAG_DECRYPTED}
     * @param type       {@link StateBlobs#TYPE_PERMANENT} .. {@link StateBlobs#TYPE_SAVESTATE}
     */
    record GetStateBlob(int stateFlags, int type, int offset) implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.GET_STATEBLOB; }
    }

    /** @param stateFlags bit 1 {@link StateBlobs#FLAG_ENCRYPTED} */
    record SetStateBlob(int stateFlags, int type, byte[] data) implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.SET_STATEBLOB; }
    }

    record Stop() implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.STOP; }
    }

    record GetConfig() implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.GET_CONFIG; }
    }

    /** The fd itself travels as SCM_RIGHTS ancillary data, outside this model. */
    record SetDataFd() implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.SET_DATAFD; }
    }

    /** @param size 0 queries */
    record SetBufferSize(int size) implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.SET_BUFFERSIZE; }
    }

    record GetInfo(long flags, int offset) implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.GET_INFO; }
    }

    record LockStorage(int retries) implements CtrlRequest {
        public CtrlCommand command() { return CtrlCommand.LOCK_STORAGE; }
    }

    /** A code swtpm does not know; answered with TPM_BAD_ORDINAL. */
    record Unknown(int code) implements CtrlRequest {
        public CtrlCommand command() { return null; }
    }

    /**
     * A known command whose payload broke its length rule, or that was too short to read.
     * @param result the 4-byte error to answer (TPM_BAD_PARAMETER, or TPM_FAIL for an oversized state blob)
     */
    record Malformed(CtrlCommand command, int result, String reason) implements CtrlRequest {
    }
}
