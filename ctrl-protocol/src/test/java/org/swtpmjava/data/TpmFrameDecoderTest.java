package org.swtpmjava.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TpmFrameDecoderTest {

    private static final String GET_RANDOM_8 = "80010000000c0000017b0008";
    private final EmbeddedChannel channel = new EmbeddedChannel(new TpmFrameDecoder());

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private static ByteBuf hex(String h) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(h.replace(" ", "")));
    }

    private TpmCommandFrame next() {
        return channel.readInbound();
    }

    @Test
    void commandSplitAcrossWritesIsReassembled() {
        channel.writeInbound(hex("8001 0000 00"));
        channel.writeInbound(hex("0c 0000 017b"));
        assertThat(next()).isNull();
        channel.writeInbound(hex("0008"));
        TpmCommandFrame frame = next();
        assertThat(ByteBufUtil.hexDump(frame.command())).isEqualTo(GET_RANDOM_8);
        assertThat(frame.prefixed()).isFalse();
    }

    @Test
    void twoCommandsInOneWriteAreTwoFrames() {
        channel.writeInbound(hex(GET_RANDOM_8 + GET_RANDOM_8));
        assertThat(next()).isNotNull();
        assertThat(next()).isNotNull();
        assertThat(next()).isNull();
    }

    @Test
    void prefixedCommandCarriesItsLocality() {
        channel.writeInbound(hex("00000008 03 0000000c " + GET_RANDOM_8));
        TpmCommandFrame frame = next();
        assertThat(frame.prefixLocality()).isEqualTo(3);
        assertThat(ByteBufUtil.hexDump(frame.command())).isEqualTo(GET_RANDOM_8);
    }

    @Test
    void implausibleSizeFramesWhatArrived() {
        // size field 0xffff: the command is what came, as swtpm takes it; the TPM answers the mismatch.
        channel.writeInbound(hex("8001 0000ffff 0000017b 0008"));
        assertThat(next().command()).hasSize(12);
        channel.writeInbound(hex("8001 00000002 0000017b"));
        assertThat(next().command()).hasSize(10);
    }

    @Test
    void oversizedInputIsCutAtSwtpmsBuffer() {
        ByteBuf big = Unpooled.buffer().writeShort(0x8001).writeInt(5000).writeZero(4994);
        channel.writeInbound(big);
        assertThat(next().command()).hasSize(TpmDataFraming.MAX_FRAME);
        assertThat(next().command()).hasSize(5000 - TpmDataFraming.MAX_FRAME);
    }

    @Test
    void prefixedResponseIsWrapped() {
        ByteBuf out = Unpooled.buffer();
        TpmDataFraming.writeResponse(FixedResponses.stopped(true), true, out);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("0000000a" + "80010000000a00000101" + "00000000");
        assertThat(ByteBufUtil.hexDump(FixedResponses.stopped(false))).isEqualTo("00c40000000a00000009");
    }
}
