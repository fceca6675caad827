package org.swtpmjava.ctrl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Test helper: hex strings with spaces to buffers and back. */
final class Hex {
    private Hex() {
    }

    static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replace(" ", "")));
    }

    static String of(ByteBuf buf) {
        String h = ByteBufUtil.hexDump(buf);
        buf.release();
        return h;
    }
}
