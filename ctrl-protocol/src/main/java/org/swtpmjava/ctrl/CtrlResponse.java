package org.swtpmjava.ctrl;

/**
 * A control-channel response (swtpm-protocol.md §2.4–2.5). Every response starts with
 * a u32 result; errors are exactly the 4-byte {@link Result}, except GET_STATEBLOB's.
 */
public sealed interface CtrlResponse {

    int result();

    /** The bare 4-byte result: every error and every success without data. */
    record Result(int result) implements CtrlResponse {
    }

    /** 8 bytes: result 0, u32 capability bits. */
    record Capability(int capabilities) implements CtrlResponse {
        public int result() { return CtrlResult.SUCCESS; }
    }

    /** 8 bytes: result 0, u8 bit, 3 zero bytes. */
    record TpmEstablished(boolean established) implements CtrlResponse {
        public int result() { return CtrlResult.SUCCESS; }
    }

    /** 8 bytes: result 0, u32 flags (bit 0 file key, bit 1 migration key). */
    record Config(int flags) implements CtrlResponse {
        public static final int FILE_KEY = 1;
        public static final int MIGRATION_KEY = 2;
        public int result() { return CtrlResult.SUCCESS; }
    }

    /** 16 bytes: result 0, size in use, minimum, maximum. */
    record BufferSize(int size, int minimum, int maximum) implements CtrlResponse {
        public int result() { return CtrlResult.SUCCESS; }
    }

    /**
     * 16 bytes (result, state flags, total length, length), then the data only when result is 0.
     * Sent with a non-zero result too: only "not running" and a short request get a bare {@link Result}.
     */
    record StateBlob(int result, int stateFlags, int totalLength, byte[] data) implements CtrlResponse {
    }

    /** 12 bytes (result 0, total length, length) and a slice of the NUL-terminated JSON. */
    record Info(int totalLength, byte[] data) implements CtrlResponse {
        public int result() { return CtrlResult.SUCCESS; }
    }
}
