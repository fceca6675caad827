package org.swtpmjava.ctrl;

import io.netty.buffer.ByteBuf;

/**
 * {@link CtrlResponse} to bytes (server side) and bytes to {@link CtrlResponse} (client side).
 * A response's layout depends on the request's command, so the client side is told which
 * command it is reading the answer to (swtpm-protocol.md §2.4, §4.8).
 */
public final class CtrlResponseCodec {

    private CtrlResponseCodec() {
    }

    /** Writes the response exactly as swtpm does. */
    public static void encode(CtrlResponse response, ByteBuf out) {
        out.writeInt(response.result());
        if (response instanceof CtrlResponse.Capability r) {
            out.writeInt(r.capabilities());
        } else if (response instanceof CtrlResponse.TpmEstablished r) {
            out.writeByte(r.established() ? 1 : 0).writeZero(3);
        } else if (response instanceof CtrlResponse.Config r) {
            out.writeInt(r.flags());
        } else if (response instanceof CtrlResponse.BufferSize r) {
            out.writeInt(r.size()).writeInt(r.minimum()).writeInt(r.maximum());
        } else if (response instanceof CtrlResponse.StateBlob r) {
            out.writeInt(r.stateFlags()).writeInt(r.totalLength()).writeInt(r.data().length);
            if (r.result() == CtrlResult.SUCCESS) {
                out.writeBytes(r.data());
            }
        } else if (response instanceof CtrlResponse.Info r) {
            out.writeInt(r.totalLength()).writeInt(r.data().length).writeBytes(r.data());
        }
    }

    /**
     * Bytes the answer to {@code command} occupies, judged from what is readable;
     * -1 while the bytes read so far cannot tell. Does not move the reader index.
     */
    public static long responseLength(CtrlCommand command, ByteBuf in) {
        if (in.readableBytes() < 4) {
            return -1;
        }
        int start = in.readerIndex();
        int result = in.getInt(start);
        if (command == CtrlCommand.GET_STATEBLOB) {
            // Only "not running" and a short request get a bare result; other errors keep the header.
            if (result == CtrlResult.BAD_ORDINAL || result == CtrlResult.BAD_PARAMETER) {
                return 4;
            }
            if (in.readableBytes() < 16) {
                return 16;
            }
            return result == CtrlResult.SUCCESS ? 16 + Integer.toUnsignedLong(in.getInt(start + 12)) : 16;
        }
        if (result != CtrlResult.SUCCESS) {
            return 4;
        }
        return switch (command) {
            case GET_CAPABILITY, GET_TPMESTABLISHED, GET_CONFIG -> 8;
            case SET_BUFFERSIZE -> 16;
            case GET_INFO -> in.readableBytes() < 12 ? 12 : 12 + Integer.toUnsignedLong(in.getInt(start + 8));
            default -> 4;
        };
    }

    /**
     * Decodes the answer to {@code command} from exactly {@link #responseLength} readable bytes.
     * @throws IllegalArgumentException if the bytes are not a well-formed answer
     */
    public static CtrlResponse decode(CtrlCommand command, ByteBuf in) {
        long needed = responseLength(command, in);
        if (needed < 0 || in.readableBytes() < needed) {
            throw new IllegalArgumentException("short " + command + " response: " + in.readableBytes() + " bytes");
        }
        int result = in.readInt();
        if (command == CtrlCommand.GET_STATEBLOB) {
            if (needed == 4) {
                return new CtrlResponse.Result(result);
            }
            int flags = in.readInt();
            int total = in.readInt();
            int length = in.readInt();
            byte[] data = new byte[result == CtrlResult.SUCCESS ? length : 0];
            in.readBytes(data);
            return new CtrlResponse.StateBlob(result, flags, total, data);
        }
        if (result != CtrlResult.SUCCESS) {
            return new CtrlResponse.Result(result);
        }
        return switch (command) {
            case GET_CAPABILITY -> new CtrlResponse.Capability(in.readInt());
            case GET_TPMESTABLISHED -> {
                boolean bit = (in.readUnsignedByte() & 1) != 0;
                in.skipBytes(3);
                yield new CtrlResponse.TpmEstablished(bit);
            }
            case GET_CONFIG -> new CtrlResponse.Config(in.readInt());
            case SET_BUFFERSIZE -> new CtrlResponse.BufferSize(in.readInt(), in.readInt(), in.readInt());
            case GET_INFO -> {
                int total = in.readInt();
                byte[] data = new byte[in.readInt()];
                in.readBytes(data);
                yield new CtrlResponse.Info(total, data);
            }
            default -> new CtrlResponse.Result(result);
        };
    }
}
