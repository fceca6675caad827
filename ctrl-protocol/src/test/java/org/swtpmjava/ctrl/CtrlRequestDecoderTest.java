package org.swtpmjava.ctrl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.ctrl.Hex.buf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CtrlRequestDecoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new CtrlRequestDecoder());

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private CtrlRequest decodeOne(String hex) {
        assertThat(channel.writeInbound(buf(hex))).isTrue();
        CtrlRequest request = channel.readInbound();
        assertThat((Object) channel.readInbound()).isNull();
        return request;
    }

    @Test
    void decodesEveryCommandWithItsFields() {
        assertThat(decodeOne("00000001")).isInstanceOf(CtrlRequest.GetCapability.class);
        assertThat(decodeOne("00000002 00000001")).isEqualTo(new CtrlRequest.Init(1));
        assertThat(decodeOne("00000003")).isInstanceOf(CtrlRequest.Shutdown.class);
        assertThat(decodeOne("00000004")).isInstanceOf(CtrlRequest.GetTpmEstablished.class);
        assertThat(decodeOne("00000005 03000000")).isEqualTo(new CtrlRequest.SetLocality(3));
        assertThat(decodeOne("00000005 04")).isEqualTo(new CtrlRequest.SetLocality(4));
        assertThat(decodeOne("00000006")).isInstanceOf(CtrlRequest.HashStart.class);
        CtrlRequest hash = decodeOne("00000007 00000003 616263");
        assertThat(((CtrlRequest.HashData) hash).data()).containsExactly('a', 'b', 'c');
        assertThat(decodeOne("00000008")).isInstanceOf(CtrlRequest.HashEnd.class);
        assertThat(decodeOne("00000009")).isInstanceOf(CtrlRequest.CancelTpmCmd.class);
        assertThat(decodeOne("0000000a")).isInstanceOf(CtrlRequest.StoreVolatile.class);
        assertThat(decodeOne("0000000b 03000000")).isEqualTo(new CtrlRequest.ResetTpmEstablished(3));
        assertThat(decodeOne("0000000c 00000001 00000002 00000010"))
                .isEqualTo(new CtrlRequest.GetStateBlob(1, 2, 16));
        CtrlRequest set = decodeOne("0000000d 00000002 00000001 00000002 abcd");
        assertThat(set).isInstanceOfSatisfying(CtrlRequest.SetStateBlob.class, s -> {
            assertThat(s.stateFlags()).isEqualTo(2);
            assertThat(s.type()).isEqualTo(1);
            assertThat(s.data()).containsExactly(0xab, 0xcd);
        });
        assertThat(decodeOne("0000000e")).isInstanceOf(CtrlRequest.Stop.class);
        assertThat(decodeOne("0000000f")).isInstanceOf(CtrlRequest.GetConfig.class);
        assertThat(decodeOne("00000010")).isInstanceOf(CtrlRequest.SetDataFd.class);
        assertThat(decodeOne("00000011 00001000")).isEqualTo(new CtrlRequest.SetBufferSize(4096));
        assertThat(decodeOne("00000012 0000000000000003 00000005 00000000"))
                .isEqualTo(new CtrlRequest.GetInfo(3, 5));
        assertThat(decodeOne("00000013 0000012c")).isEqualTo(new CtrlRequest.LockStorage(300));
    }

    @Test
    void unknownCodeIsAValueNotAnError() {
        assertThat(decodeOne("000000ff")).isEqualTo(new CtrlRequest.Unknown(0xff));
        assertThat(decodeOne("ffffffff 0102")).isEqualTo(new CtrlRequest.Unknown(-1));
    }

    @Test
    void wrongPayloadLengthsAreMalformedWithBadParameter() {
        // swtpm-protocol.md §2.1: STOP + GET_CONFIG in one write answers 0x03.
        assertThat(decodeOne("0000000e 0000000f")).isInstanceOfSatisfying(CtrlRequest.Malformed.class, m -> {
            assertThat(m.command()).isEqualTo(CtrlCommand.STOP);
            assertThat(m.result()).isEqualTo(CtrlResult.BAD_PARAMETER);
        });
        assertThat(decodeOne("00000002 00000000 00")).isInstanceOf(CtrlRequest.Malformed.class);
        assertThat(decodeOne("00000007 00000002 616263"))
                .isEqualTo(new CtrlRequest.Malformed(CtrlCommand.HASH_DATA, CtrlResult.BAD_PARAMETER,
                        "data of 3 bytes, length field says 2"));
    }

    @Test
    void extraBytesAfterAnUncheckedCommandAreDiscarded() {
        // GET_CAPABILITY + GET_CONFIG in one write: only the capability is answered (§2.1 item 4).
        assertThat(decodeOne("00000001 0000000f")).isInstanceOf(CtrlRequest.GetCapability.class);
    }

    @Test
    void waitsForTheRestOfASplitMessage() {
        assertThat(channel.writeInbound(buf("0000"))).isFalse();
        assertThat(channel.writeInbound(buf("0002 0000"))).isFalse();
        assertThat(channel.writeInbound(buf("0001"))).isTrue();
        assertThat((CtrlRequest) channel.readInbound()).isEqualTo(new CtrlRequest.Init(1));
    }

    @Test
    void truncatedMessageProducesNothing() {
        // A 2-byte INIT payload: swtpm waits (and closes after 500 ms); the decoder emits nothing.
        assertThat(channel.writeInbound(buf("00000002 0000"))).isFalse();
    }

    @Test
    void oversizedStateBlobIsRefusedBeforeItsBodyArrives() {
        assertThat(decodeOne("0000000d 00000000 00000001 00080001"))
                .isInstanceOfSatisfying(CtrlRequest.Malformed.class,
                        m -> assertThat(m.result()).isEqualTo(CtrlResult.FAIL));
    }

    @Test
    void stateBlobAtTheLimitIsRead() {
        ByteBuf msg = Unpooled.buffer();
        msg.writeInt(0x0d).writeInt(0).writeInt(1).writeInt(StateBlobs.MAX_SET_LENGTH)
                .writeZero(StateBlobs.MAX_SET_LENGTH);
        assertThat(channel.writeInbound(msg)).isTrue();
        CtrlRequest request = channel.readInbound();
        assertThat(((CtrlRequest.SetStateBlob) request).data()).hasSize(StateBlobs.MAX_SET_LENGTH);
    }

    @Test
    void hostileHashLengthIsRefused() {
        assertThat(decodeOne("00000007 ffffffff 00"))
                .isInstanceOfSatisfying(CtrlRequest.Malformed.class,
                        m -> assertThat(m.result()).isEqualTo(CtrlResult.BAD_PARAMETER));
    }
}
