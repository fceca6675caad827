package org.swtpmjava.ctrl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Server-side Netty encoder for {@link CtrlResponse}; stateless and shared. */
@ChannelHandler.Sharable
public final class CtrlResponseEncoder extends MessageToByteEncoder<CtrlResponse> {

    public static final CtrlResponseEncoder INSTANCE = new CtrlResponseEncoder();

    private CtrlResponseEncoder() {
        super(CtrlResponse.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, CtrlResponse msg, ByteBuf out) {
        CtrlResponseCodec.encode(msg, out);
    }
}
