package org.swtpmjava.ctrl;

import io.netty.buffer.ByteBuf;

/**
 * Bytes to {@link CtrlRequest} and back, as swtpm frames them (swtpm-protocol.md §2.1).
 *
 * <p>A control message is what arrived in one receive window: swtpm reads up to
 * {@link #WINDOW} bytes until the command's required length is reached, then
 * checks the payload length against the command's rule and discards any bytes
 * beyond what it uses. {@link #decode} therefore consumes everything readable.
 * Transports decide the window (and its 500 ms deadline); this class only
 * answers how many bytes a message needs and what they mean.
 */
public final class CtrlRequestCodec {

    /** swtpm's receive buffer: the 4-byte code plus the largest request struct (4100). */
    public static final int WINDOW = 4104;

    private CtrlRequestCodec() {
    }

    /**
     * Bytes, counted from the start of the message, that must have arrived before it
     * can be decoded; may exceed {@link #WINDOW} for HASH_DATA and SET_STATEBLOB, whose
     * bodies are streamed. Returns -1 when too few bytes are readable to tell.
     * Does not move the reader index.
     */
    public static long requiredLength(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() < 4) {
            return -1;
        }
        var command = CtrlCommand.fromCode(in.getInt(start));
        if (command.isEmpty()) {
            return 4;
        }
        CtrlCommand c = command.get();
        return switch (c.payloadRule()) {
            case UNCHECKED -> 4;
            case EXACT, AT_LEAST -> 4L + c.fixedPayload();
            case LENGTH_PREFIXED -> {
                int header = 4 + c.fixedPayload();
                if (in.readableBytes() < header) {
                    yield header;
                }
                yield header + Integer.toUnsignedLong(in.getInt(start + header - 4));
            }
        };
    }

    /** Largest HASH_DATA body accepted; swtpm streams any length, a bound keeps memory safe. */
    public static final int MAX_HASH_DATA = 16 * 1024 * 1024;

    /**
     * For HASH_DATA and SET_STATEBLOB whose length field (readable already) exceeds the limit:
     * the error to answer at once, without reading the body (swtpm 0.8+ answers TPM_FAIL for a
     * SET_STATEBLOB over 512 KiB). Null when the message may be read in full.
     */
    public static CtrlRequest.Malformed oversizedBody(ByteBuf in) {
        long required = requiredLength(in);
        if (required < 0 || in.readableBytes() < 4) {
            return null;
        }
        var command = CtrlCommand.fromCode(in.getInt(in.readerIndex())).orElse(null);
        if (command == null || command.payloadRule() != CtrlCommand.PayloadRule.LENGTH_PREFIXED
                || in.readableBytes() < 4 + command.fixedPayload()) {
            return null;
        }
        long data = required - 4 - command.fixedPayload();
        if (command == CtrlCommand.SET_STATEBLOB && data > StateBlobs.MAX_SET_LENGTH) {
            return new CtrlRequest.Malformed(command, CtrlResult.FAIL, "state blob of " + data + " bytes");
        }
        if (command == CtrlCommand.HASH_DATA && data > MAX_HASH_DATA) {
            return new CtrlRequest.Malformed(command, CtrlResult.BAD_PARAMETER, "hash data of " + data + " bytes");
        }
        return null;
    }

    /** Decodes one message made of all readable bytes; consumes them. Never throws. */
    public static CtrlRequest decode(ByteBuf in) {
        int length = in.readableBytes();
        if (length < 4) {
            in.skipBytes(length);
            return new CtrlRequest.Malformed(null, CtrlResult.BAD_PARAMETER, "message shorter than its code");
        }
        int code = in.readInt();
        var known = CtrlCommand.fromCode(code);
        if (known.isEmpty()) {
            in.skipBytes(in.readableBytes());
            return new CtrlRequest.Unknown(code);
        }
        CtrlCommand command = known.get();
        try {
            String violation = payloadViolation(command, in);
            if (violation != null) {
                return new CtrlRequest.Malformed(command, CtrlResult.BAD_PARAMETER, violation);
            }
            return decodePayload(command, in);
        } finally {
            in.skipBytes(in.readableBytes());
        }
    }

    private static String payloadViolation(CtrlCommand command, ByteBuf payload) {
        int n = payload.readableBytes();
        int fixed = command.fixedPayload();
        return switch (command.payloadRule()) {
            case UNCHECKED -> null;
            case EXACT -> n == fixed ? null : "payload of " + n + " bytes, expected " + fixed;
            case AT_LEAST -> n >= fixed ? null : "payload of " + n + " bytes, expected at least " + fixed;
            case LENGTH_PREFIXED -> {
                if (n < fixed) {
                    yield "payload of " + n + " bytes, expected at least " + fixed;
                }
                long data = Integer.toUnsignedLong(payload.getInt(payload.readerIndex() + fixed - 4));
                yield n - fixed == data ? null : "data of " + (n - fixed) + " bytes, length field says " + data;
            }
        };
    }

    private static CtrlRequest decodePayload(CtrlCommand command, ByteBuf in) {
        return switch (command) {
            case GET_CAPABILITY -> new CtrlRequest.GetCapability();
            case INIT -> new CtrlRequest.Init(in.readInt());
            case SHUTDOWN -> new CtrlRequest.Shutdown();
            case GET_TPMESTABLISHED -> new CtrlRequest.GetTpmEstablished();
            case SET_LOCALITY -> new CtrlRequest.SetLocality(in.readUnsignedByte());
            case HASH_START -> new CtrlRequest.HashStart();
            case HASH_DATA -> new CtrlRequest.HashData(readData(in));
            case HASH_END -> new CtrlRequest.HashEnd();
            case CANCEL_TPM_CMD -> new CtrlRequest.CancelTpmCmd();
            case STORE_VOLATILE -> new CtrlRequest.StoreVolatile();
            case RESET_TPMESTABLISHED -> new CtrlRequest.ResetTpmEstablished(in.readUnsignedByte());
            case GET_STATEBLOB -> new CtrlRequest.GetStateBlob(in.readInt(), in.readInt(), in.readInt());
            case SET_STATEBLOB -> {
                int flags = in.readInt();
                int type = in.readInt();
                yield new CtrlRequest.SetStateBlob(flags, type, readData(in));
            }
            case STOP -> new CtrlRequest.Stop();
            case GET_CONFIG -> new CtrlRequest.GetConfig();
            case SET_DATAFD -> new CtrlRequest.SetDataFd();
            case SET_BUFFERSIZE -> new CtrlRequest.SetBufferSize(in.readInt());
            case GET_INFO -> new CtrlRequest.GetInfo(in.readLong(), in.readInt());
            case LOCK_STORAGE -> new CtrlRequest.LockStorage(in.readInt());
        };
    }

    /** Reads a u32 length and that many bytes (the length was checked against what is readable). */
    private static byte[] readData(ByteBuf in) {
        byte[] data = new byte[in.readInt()];
        in.readBytes(data);
        return data;
    }

    /**
     * Encodes a request as a client sends it. {@link CtrlRequest.Unknown} writes its bare code;
     * {@link CtrlRequest.Malformed} cannot be encoded.
     * The payload sizes follow swtpm_ioctl (1 byte for SET_LOCALITY / RESET_TPMESTABLISHED).
     */
    public static void encode(CtrlRequest request, ByteBuf out) {
        if (request instanceof CtrlRequest.Unknown u) {
            out.writeInt(u.code());
            return;
        }
        if (request instanceof CtrlRequest.Malformed) {
            throw new IllegalArgumentException("a malformed request has no encoding");
        }
        out.writeInt(request.command().code());
        // Java 17 has no pattern switch: one instanceof per request that carries a payload.
        if (request instanceof CtrlRequest.Init r) {
            out.writeInt(r.flags());
        } else if (request instanceof CtrlRequest.SetLocality r) {
            out.writeByte(r.locality());
        } else if (request instanceof CtrlRequest.HashData r) {
            out.writeInt(r.data().length).writeBytes(r.data());
        } else if (request instanceof CtrlRequest.ResetTpmEstablished r) {
            out.writeByte(r.locality());
        } else if (request instanceof CtrlRequest.GetStateBlob r) {
            out.writeInt(r.stateFlags()).writeInt(r.type()).writeInt(r.offset());
        } else if (request instanceof CtrlRequest.SetStateBlob r) {
            out.writeInt(r.stateFlags()).writeInt(r.type()).writeInt(r.data().length).writeBytes(r.data());
        } else if (request instanceof CtrlRequest.SetBufferSize r) {
            out.writeInt(r.size());
        } else if (request instanceof CtrlRequest.GetInfo r) {
            out.writeLong(r.flags()).writeInt(r.offset()).writeInt(0);
        } else if (request instanceof CtrlRequest.LockStorage r) {
            out.writeInt(r.retries());
        }
    }
}
