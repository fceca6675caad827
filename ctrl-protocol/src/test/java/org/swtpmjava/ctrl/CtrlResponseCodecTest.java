package org.swtpmjava.ctrl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.ctrl.Hex.buf;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class CtrlResponseCodecTest {

    private static String encode(CtrlResponse response) {
        EmbeddedChannel channel = new EmbeddedChannel(CtrlResponseEncoder.INSTANCE);
        channel.writeOutbound(response);
        ByteBuf out = channel.readOutbound();
        channel.finishAndReleaseAll();
        return Hex.of(out);
    }

    @Test
    void encodesTheBytesSwtpmSends() {
        // Values observed from swtpm (swtpm-protocol.md §2.4).
        assertThat(encode(new CtrlResponse.Capability(CtrlCapabilities.ALL_TPM2))).isEqualTo("000000000001ffff");
        assertThat(encode(new CtrlResponse.TpmEstablished(true))).isEqualTo("0000000001000000");
        assertThat(encode(new CtrlResponse.BufferSize(4096, 2808, 4096)))
                .isEqualTo("00000000000010000000 0af800001000".replace(" ", ""));
        assertThat(encode(new CtrlResponse.Result(CtrlResult.BAD_ORDINAL))).isEqualTo("0000000a");
        assertThat(encode(new CtrlResponse.Config(3))).isEqualTo("0000000000000003");
        assertThat(encode(new CtrlResponse.Info(5, new byte[] {'{', '}', 0})))
                .isEqualTo("000000000000000500000003 7b7d00".replace(" ", ""));
    }

    @Test
    void stateBlobErrorsKeepTheirSixteenByteHeaderWithoutData() {
        assertThat(encode(new CtrlResponse.StateBlob(CtrlResult.RETRY, 0, 0, new byte[0])))
                .isEqualTo("00000800000000000000000000000000");
        assertThat(encode(new CtrlResponse.StateBlob(0, 2, 2, new byte[] {1, 2})))
                .isEqualTo("000000000000000200000002000000020102");
    }

    @Test
    void clientCodecFramesEachAnswerByItsRequest() {
        EmbeddedChannel client = new EmbeddedChannel(new CtrlClientCodec());
        client.writeOutbound(new CtrlRequest.SetBufferSize(0));
        client.writeOutbound(new CtrlRequest.GetStateBlob(1, 3, 0));
        client.writeOutbound(new CtrlRequest.GetTpmEstablished());
        assertThat(Hex.of(client.readOutbound())).isEqualTo("0000001100000000");
        assertThat(Hex.of(client.readOutbound())).isEqualTo("0000000c000000010000000300000000");
        assertThat(Hex.of(client.readOutbound())).isEqualTo("00000004");

        client.writeInbound(buf("00000000 00001000 00000af8"));
        assertThat((Object) client.readInbound()).isNull();
        client.writeInbound(buf("00001000 00000800 00000000 00000000 00000000 0000000a"));
        assertThat((CtrlResponse) client.readInbound()).isEqualTo(new CtrlResponse.BufferSize(4096, 2808, 4096));
        CtrlResponse blob = client.readInbound();
        assertThat(blob).isInstanceOfSatisfying(CtrlResponse.StateBlob.class, b -> {
            assertThat(b.result()).isEqualTo(CtrlResult.RETRY);
            assertThat(b.data()).isEmpty();
        });
        assertThat((CtrlResponse) client.readInbound()).isEqualTo(new CtrlResponse.Result(CtrlResult.BAD_ORDINAL));
        client.finishAndReleaseAll();
    }

    @Test
    void notRunningStateBlobAnswerIsFourBytes() {
        assertThat(CtrlResponseCodec.responseLength(CtrlCommand.GET_STATEBLOB, buf("0000000a"))).isEqualTo(4);
        assertThat(CtrlResponseCodec.decode(CtrlCommand.GET_STATEBLOB, buf("0000000a")))
                .isEqualTo(new CtrlResponse.Result(CtrlResult.BAD_ORDINAL));
    }
}
