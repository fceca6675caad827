package org.swtpmjava.tpm.tpm2.state.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;

/** The key and data objects section of the volatile blob, and blobs written before it existed. */
class ObjectStateCodecTest {
    /** CreatePrimary(owner) of an HMAC key (SHA-256) with userAuth "ab". */
    private static final String CREATE_HMAC_KEY = "8002 0000003b 00000131 40000001 00000009 40000009 0000 00 0000"
            + " 0006 0002 abab 0000" + " 0010 0008 000b 00040072 0000 0005 000b 0000" + " 0000 00000000";

    @Test
    void loadedObjectsRoundTripInTheOwnFormat() throws StateBlobException {
        EngineFixture tpm = EngineFixture.started();
        assertThat(tpm.send(CREATE_HMAC_KEY)).startsWith("80020000" + "0110" + "00000000" + "80000000");
        tpm.send(CREATE_HMAC_KEY);
        VolatileStateCodec.VolatileState state = VolatileStateCodec.decode(OwnVolatileFormat.of(tpm));
        assertThat(state.objects().handles()).containsExactly(0x80000000L, 0x80000001L);
        LoadedObject object = state.objects().object(0x80000001);
        assertThat(object.authValue()).hasSize(32).startsWith(0xab, 0xab);
        assertThat(object.sensitive()).hasSize(32);
        assertThat(object.name()).hasSize(34);
        assertThat(object.publicArea().name()).isEqualTo(object.name());
    }

    @Test
    void aBlobWithoutTheObjectSectionHasNoLoadedObject() throws StateBlobException {
        EngineFixture tpm = EngineFixture.started();
        tpm.send(CREATE_HMAC_KEY);
        byte[] blob = OwnVolatileFormat.of(tpm);
        Map<Integer, TpmReader> sections = BlobEnvelope.open(blob, VolatileStateCodec.MAGIC, "volatile");
        BlobEnvelope old = new BlobEnvelope(VolatileStateCodec.MAGIC);
        for (int id = 1; id <= 6; id++) {
            TpmReader section = sections.get(id);
            byte[] body = section.readBytes(section.remaining());
            old.section(id, w -> w.writeBytes(body));
        }
        VolatileStateCodec.VolatileState state = VolatileStateCodec.decode(old.seal());
        assertThat(state.objects().loaded()).isZero();
    }
}
