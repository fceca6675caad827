package org.swtpmjava.data;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/** Netty decoder emitting one {@link TpmCommandFrame} per command (framing: {@link TpmDataFraming}). */
public final class TpmFrameDecoder extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = TpmDataFraming.frameLength(in);
        if (length < 0 || in.readableBytes() < length) {
            return;
        }
        out.add(TpmDataFraming.readFrame(in, length));
    }
}
