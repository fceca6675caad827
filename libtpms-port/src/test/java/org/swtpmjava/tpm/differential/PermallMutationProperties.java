package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.TpmEngine;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsFormatException;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsPermanentCodec;

/**
 * Hostile permall blobs: bit flips, truncations, size and count fields set huge, inserted bytes,
 * applied to permalls made at test time by the C swtpm (with NV indices, after Shutdown(STATE))
 * and by the engine. The reader either accepts a blob or refuses it with its own
 * {@link LibtpmsFormatException}; never another exception, an OutOfMemoryError or a hang. What
 * it accepts, the writer writes and the reader reads back. The engine's TPMLIB_SetState and
 * MainInit answer a result code for every one of them.
 */
class PermallMutationProperties {
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final List<byte[]> SEEDS = new ArrayList<>();

    @BeforeContainer
    static void makeSeeds() throws Exception {
        SEEDS.clear();
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            SwtpmPermallDifferentialTest.defineNvIndices(new Transcript(c));
            c.restartProcess();
            SEEDS.add(SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve("tpm2-00.permall"))));
        }
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            SwtpmPermallDifferentialTest.prepare(new Transcript(c), SwtpmPermallDifferentialTest.LastShutdown.STATE);
            c.restartProcess();
            SEEDS.add(SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve("tpm2-00.permall"))));
        }
        EngineFixture java = EngineFixture.started();
        java.send("8001 0000000c 00000145 0001");
        SEEDS.add(java.storage.load(StateBlobType.PERMANENT).orElseThrow());
        for (byte[] seed : SEEDS) {
            LibtpmsPermanentCodec.read(seed, LibtpmsPermanentCodec.VERSION_0_9); // the seeds themselves are valid
        }
    }

    @Property(tries = 50_000)
    void readerRefusesOrRoundTrips(@ForAll("mutatedPermalls") byte[] blob) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            PermanentState state;
            try {
                state = LibtpmsPermanentCodec.read(blob, LibtpmsPermanentCodec.VERSION_WITH_PROFILE);
            } catch (LibtpmsFormatException refused) {
                assertThat(refused.responseCode()).isNotZero();
                return;
            }
            byte[] written = LibtpmsPermanentCodec.write(state.persistent(), state.nv());
            PermanentState again = LibtpmsPermanentCodec.read(written, LibtpmsPermanentCodec.VERSION_WITH_PROFILE);
            assertThat(LibtpmsPermanentCodec.write(again.persistent(), again.nv()))
                    .isEqualTo(written);
        });
    }

    @Property(tries = 500)
    void engineAnswersAResultCode(@ForAll("mutatedPermalls") byte[] blob) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            EngineFixture fixture = new EngineFixture();
            TpmEngine engine = fixture.engine;
            engine.terminate();
            int set = engine.setStateBlob(StateBlobType.PERMANENT, blob);
            fixture.storage.put(StateBlobType.PERMANENT, blob);
            int init = engine.mainInit();
            if (init == 0) {
                assertThat(engine.process(TestBytes.hex("8001 0000000c 00000144 0000"), 0).length)
                        .isGreaterThanOrEqualTo(10);
            }
            assertThat(set).isNotNegative();
        });
    }

    @Provide
    Arbitrary<byte[]> mutatedPermalls() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        return Combinators.combine(seed, Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.integers().between(1, 8)).as(PermallMutationProperties::mutate);
    }

    /** One kind of damage at a position derived from {@code where}. */
    static byte[] mutate(byte[] seed, int kind, int where, int amount) {
        byte[] blob = seed.clone();
        int at = where % blob.length;
        switch (kind) {
            case 0:
                for (int i = 0; i < amount; i++) {
                    int bit = (where * 31 + i * 7919) % (blob.length * 8);
                    blob[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                return blob;
            case 1:
                return Arrays.copyOf(blob, at);
            case 2:
                return put(blob, at, 0xFF, 2);
            case 3:
                return put(blob, at, 0xFF, 4);
            case 4:
                return put(put(blob, at, 0x7F, 1), at + 1, 0xFF, 3);
            default:
                byte[] longer = new byte[blob.length + amount];
                System.arraycopy(blob, 0, longer, 0, at);
                Arrays.fill(longer, at, at + amount, (byte) (where >>> 3));
                System.arraycopy(blob, at, longer, at + amount, blob.length - at);
                return longer;
        }
    }

    private static byte[] put(byte[] blob, int at, int value, int count) {
        for (int i = at; i < Math.min(blob.length, at + count); i++) {
            blob[i] = (byte) value;
        }
        return blob;
    }
}
