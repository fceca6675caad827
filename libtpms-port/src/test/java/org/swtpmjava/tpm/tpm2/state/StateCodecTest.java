package org.swtpmjava.tpm.tpm2.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TpmResult;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.codec.StateBlobException;
import org.swtpmjava.tpm.tpm2.state.codec.VolatileStateCodec;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsPermanentCodec;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsVolatileCodec;
import org.swtpmjava.tpm.tpm2.state.libtpms.PermanentBlobFormats;
import org.swtpmjava.tpm.tpm2.state.libtpms.VolatileBlobFormats;

/** The engine's own versioned blob format: round trips, and refusal of damaged or foreign blobs. */
class StateCodecTest {

    private static byte[] permanentAfterShutdownState() {
        EngineFixture tpm = EngineFixture.started();
        tpm.send("8001 0000000c 00000145 0001");
        return tpm.storage.load(StateBlobType.PERMANENT).orElseThrow();
    }

    /** The stored blob (libtpms' format) converted into this engine's own format. */
    private static byte[] ownFormatAfterShutdownState() throws StateBlobException {
        PermanentState state = PermanentBlobFormats.decode(permanentAfterShutdownState());
        return PermanentStateCodec.encode(state.persistent(), state.nv());
    }

    @Test
    void permanentBlobIsStoredInLibtpmsFormatAndRoundTrips() throws StateBlobException {
        byte[] stored = permanentAfterShutdownState();
        assertThat(LibtpmsPermanentCodec.isPermall(stored)).isTrue();
        PermanentState fromStored = PermanentBlobFormats.decode(stored);
        byte[] again = PermanentBlobFormats.encode(fromStored.persistent(), fromStored.nv(),
                fromStored.persistent().pcrAllocated());
        // loading drops the NV copy's null seed compatibility level, as libtpms 0.9.2 does: one byte
        assertThat(again).hasSameSizeAs(stored);
        assertThat(java.util.stream.IntStream.range(0, stored.length).filter(i -> again[i] != stored[i]).count())
                .isEqualTo(1);
        PermanentState fromAgain = PermanentBlobFormats.decode(again);
        assertThat(PermanentBlobFormats.encode(fromAgain.persistent(), fromAgain.nv(),
                fromAgain.persistent().pcrAllocated())).as("stable from then on").isEqualTo(again);
    }

    @Test
    void permanentBlobRoundTripsByteForByte() throws StateBlobException {
        byte[] blob = ownFormatAfterShutdownState();
        PermanentState state = PermanentStateCodec.decode(blob);
        assertThat(state.persistent().orderlyState()).isEqualTo(1);
        assertThat(state.persistent().seeds().endorsement()).hasSize(64);
        assertThat(state.persistent().firmwareV1()).isEqualTo(0x20191023);
        assertThat(state.nv().resetData().nullSeed()).as("saved state is in the blob after Shutdown(STATE)").hasSize(64);
        assertThat(PermanentStateCodec.encode(state.persistent(), state.nv())).isEqualTo(blob);
    }

    @Test
    void savedStateIsLeftOutWhenTheLastShutdownWasNotState() throws StateBlobException {
        EngineFixture tpm = EngineFixture.started();
        PermanentState state = PermanentBlobFormats.decode(tpm.storage.load(StateBlobType.PERMANENT).orElseThrow());
        assertThat(state.nv().resetData().nullSeed()).isEmpty();
    }

    @Test
    void volatileBlobRoundTrips() throws Exception {
        EngineFixture tpm = EngineFixture.started();
        byte[] blob = tpm.engine.volatileState();
        assertThat(LibtpmsVolatileCodec.isVolatileState(blob)).as("libtpms' format").isTrue();
        PermanentState permanent = PermanentBlobFormats.decode(tpm.storage.load(StateBlobType.PERMANENT).orElseThrow());
        VolatileStateCodec.VolatileState state = VolatileBlobFormats.decode(blob, permanent);
        assertThat(state.flags().started()).isTrue();
        assertThat(state.pcrs().value(17, 0x000B)).containsOnly((byte) 0xFF);
        assertThat(state.resetData().pcrCounter()).isEqualTo(20);
    }

    @Test
    void damagedForeignAndNewerBlobsAreRefused() throws StateBlobException {
        byte[] blob = ownFormatAfterShutdownState();
        byte[] flipped = blob.clone();
        flipped[40] ^= 1;
        assertThatThrownBy(() -> PermanentStateCodec.decode(flipped)).isInstanceOfSatisfying(StateBlobException.class,
                e -> assertThat(e.result()).isEqualTo(TpmResult.BAD_PARAMETER));
        byte[] foreign = blob.clone();
        foreign[0] = 'X';
        assertThatThrownBy(() -> PermanentStateCodec.decode(foreign)).isInstanceOfSatisfying(StateBlobException.class,
                e -> assertThat(e.result()).isEqualTo(TpmResult.BADTAG));
        byte[] newer = blob.clone();
        newer[5] = 2;
        assertThatThrownBy(() -> PermanentStateCodec.decode(newer)).isInstanceOfSatisfying(StateBlobException.class,
                e -> assertThat(e.result()).isEqualTo(TpmResult.BAD_VERSION));
        assertThatThrownBy(() -> VolatileStateCodec.decode(blob)).as("a permanent blob is not a volatile one")
                .isInstanceOfSatisfying(StateBlobException.class, e -> assertThat(e.result()).isEqualTo(TpmResult.BADTAG));
    }
}
