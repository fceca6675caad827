package org.swtpmjava.ctrl;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import io.netty.handler.codec.DecoderException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Client-side Netty codec: encodes {@link CtrlRequest}s and decodes each answer with the
 * layout of the command it answers. The pending commands are this handler's own state,
 * so encoder and decoder share nothing through the channel.
 */
public final class CtrlClientCodec extends ByteToMessageCodec<CtrlRequest> {

    private final Deque<CtrlCommand> pending = new ArrayDeque<>();

    public CtrlClientCodec() {
        super(CtrlRequest.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, CtrlRequest msg, ByteBuf out) {
        CtrlRequestCodec.encode(msg, out);
        // An unknown code is answered like any error: a 4-byte result.
        pending.add(msg.command() == null ? CtrlCommand.STOP : msg.command());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        CtrlCommand command = pending.peek();
        if (command == null) {
            in.skipBytes(in.readableBytes());
            throw new DecoderException("control response without a request");
        }
        long needed = CtrlResponseCodec.responseLength(command, in);
        if (needed < 0 || in.readableBytes() < needed) {
            return;
        }
        pending.remove();
        out.add(CtrlResponseCodec.decode(command, in));
    }
}
