package org.swtpmjava.tpm.tpm2.state.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/** The sessions section of the engine's own volatile format, and blobs written before it existed. */
class SessionStateCodecTest {
    private static final String START_HMAC_SESSION =
            "8001 0000002b 00000176 40000007 40000001 0010 " + "11".repeat(16) + " 0000 00 0010 000b";

    @Test
    void loadedSessionsRoundTrip() throws StateBlobException {
        EngineFixture tpm = EngineFixture.started();
        assertThat(tpm.send(START_HMAC_SESSION)).startsWith("80010000002000000000" + "02000000");
        VolatileStateCodec.VolatileState state = VolatileStateCodec.decode(OwnVolatileFormat.of(tpm));
        assertThat(state.sessions().loaded()).isEqualTo(1);
        assertThat(state.sessions().slot(0).isBound()).isTrue();
        assertThat(state.sessions().slot(0).sessionKey()).hasSize(32);
        assertThat(state.resetData().contextArray()[0]).isEqualTo(1);
    }

    @Test
    void aBlobWithoutTheSessionSectionHasNoLoadedSession() throws StateBlobException {
        EngineFixture tpm = EngineFixture.started();
        tpm.send(START_HMAC_SESSION);
        byte[] blob = OwnVolatileFormat.of(tpm);
        Map<Integer, TpmReader> sections = BlobEnvelope.open(blob, VolatileStateCodec.MAGIC, "volatile");
        BlobEnvelope old = new BlobEnvelope(VolatileStateCodec.MAGIC);
        for (int id = 1; id <= 5; id++) {
            TpmReader section = sections.get(id);
            byte[] body = section.readBytes(section.remaining());
            old.section(id, w -> w.writeBytes(body));
        }
        VolatileStateCodec.VolatileState state = VolatileStateCodec.decode(old.seal());
        assertThat(state.sessions().loaded()).isZero();
        assertThat(state.resetData().contextArray()[0]).as("the loaded session's handle is free again").isZero();
    }
}
