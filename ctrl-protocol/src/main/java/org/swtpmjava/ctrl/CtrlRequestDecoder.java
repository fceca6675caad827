package org.swtpmjava.ctrl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Server-side Netty decoder: emits one {@link CtrlRequest} per control message.
 * Malformed input becomes a {@link CtrlRequest.Malformed} value, never an exception.
 * As in swtpm, bytes beyond a complete message that are already buffered are discarded
 * (no pipelining, swtpm-protocol.md §2.1 item 4). Timeouts are the transport's concern.
 */
public final class CtrlRequestDecoder extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        long required = CtrlRequestCodec.requiredLength(in);
        if (required < 0) {
            return;
        }
        CtrlRequest.Malformed oversized = CtrlRequestCodec.oversizedBody(in);
        if (oversized != null) {
            in.skipBytes(in.readableBytes());
            out.add(oversized);
            return;
        }
        if (in.readableBytes() < required) {
            return;
        }
        out.add(CtrlRequestCodec.decode(in));
    }
}
