package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
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
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.TpmEngine;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.codec.VolatileStateCodec.VolatileState;
import org.swtpmjava.tpm.tpm2.state.libtpms.AnyObjectSection;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsFormatException;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsPermanentCodec;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsVolatileCodec;

/**
 * Hostile volatile blobs: bit flips, truncations, size and count fields set huge, inserted bytes,
 * applied to volatilestates made at test time by the C swtpm (two loaded sessions, a hash sequence
 * object, extended PCRs; RSA and ECC keys with a hash sequence mid-way; an event sequence) and by
 * the engine (the same), half of them with the SHA-1 trailer recomputed so that
 * the damage reaches the parser. The reader accepts a blob or refuses it with its own
 * {@link LibtpmsFormatException}; never another exception, an OutOfMemoryError or a hang. What it
 * accepts, the writer writes and the reader reads back to the same bytes. The engine answers a
 * result code to CMD_SET_STATEBLOB and MainInit for every one of them. With
 * {@link PermallMutationProperties} the readers see 10^5 damaged blobs in every build.
 */
class VolatileMutationProperties {
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final int SHA1_SIZE = 20;
    /** Pairs of a volatile blob and the permall of its TPM. */
    private static final List<byte[][]> SEEDS = new ArrayList<>();

    @BeforeContainer
    static void makeSeeds() throws Exception {
        SEEDS.clear();
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            SwtpmVolatileDifferentialTest.prepare(new Transcript(c), new SessionClient(), true);
            assertThat(c.storeVolatile()).isZero();
            SEEDS.add(new byte[][] {
                SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve("tpm2-00.volatilestate"))),
                SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve("tpm2-00.permall")))});
        }
        for (ObjectStateDifferentialTest.Objects objects : ObjectStateDifferentialTest.Objects.values()) {
            try (SwtpmProcess c = SwtpmProcess.start(null)) {
                ObjectStateDifferentialTest.prepare(new Transcript(c), objects);
                assertThat(c.storeVolatile()).isZero();
                SEEDS.add(new byte[][] {
                    SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve("tpm2-00.volatilestate"))),
                    SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve("tpm2-00.permall")))});
            }
            InMemoryNvStorage objectStorage = new InMemoryNvStorage();
            try (JavaTpm java = new JavaTpm(new SecureRandom()::nextBytes, objectStorage)) {
                ObjectStateDifferentialTest.prepare(new Transcript(java), objects);
                assertThat(java.storeVolatile()).isZero();
            }
            SEEDS.add(new byte[][] {objectStorage.load(StateBlobType.VOLATILE).orElseThrow(),
                objectStorage.load(StateBlobType.PERMANENT).orElseThrow()});
        }
        InMemoryNvStorage storage = new InMemoryNvStorage();
        SecureRandom random = new SecureRandom();
        try (JavaTpm java = new JavaTpm(random::nextBytes, storage)) {
            SwtpmVolatileDifferentialTest.prepare(new Transcript(java), new SessionClient(), false);
            assertThat(java.storeVolatile()).isZero();
        }
        SEEDS.add(new byte[][] {storage.load(StateBlobType.VOLATILE).orElseThrow(),
            storage.load(StateBlobType.PERMANENT).orElseThrow()});
        for (byte[][] seed : SEEDS) {
            LibtpmsVolatileCodec.read(seed[0], permanent(seed)); // the seeds themselves are valid
        }
    }

    @Property(tries = 50_000)
    void readerRefusesOrRoundTrips(@ForAll("mutatedVolatileStates") byte[][] mutated) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            PermanentState permanent = permanent(mutated);
            VolatileState state;
            try {
                state = LibtpmsVolatileCodec.read(mutated[0], permanent);
            } catch (LibtpmsFormatException refused) {
                assertThat(refused.responseCode()).isNotZero();
                assertThat(refused.getMessage()).as("refused by a check, not by an exception")
                        .doesNotStartWith(AnyObjectSection.UNEXPECTED);
                return;
            }
            byte[] written = write(permanent, state);
            VolatileState again = LibtpmsVolatileCodec.read(written, permanent);
            assertThat(write(permanent, again)).isEqualTo(written);
        });
    }

    @Property(tries = 500)
    void engineAnswersAResultCode(@ForAll("mutatedVolatileStates") byte[][] mutated) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            EngineFixture fixture = new EngineFixture();
            TpmEngine engine = fixture.engine;
            engine.terminate();
            fixture.storage.put(StateBlobType.PERMANENT, mutated[1]);
            int set = engine.setStateBlob(StateBlobType.VOLATILE, mutated[0]);
            fixture.storage.put(StateBlobType.PERMANENT, mutated[1]);
            fixture.storage.put(StateBlobType.VOLATILE, mutated[0]);
            int init = engine.mainInit();
            if (init == 0) {
                assertThat(engine.process(TestBytes.hex("8001 0000000c 00000144 0000"), 0).length)
                        .isGreaterThanOrEqualTo(10);
                assertThat(engine.volatileState()).isNotNull();
            }
            assertThat(set).isNotNegative();
        });
    }

    @Provide
    Arbitrary<byte[][]> mutatedVolatileStates() {
        return Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 1 << 20), Arbitraries.integers().between(1, 8),
                Arbitraries.of(true, false)).as((seed, kind, where, amount, reseal) -> {
                    byte[] blob = PermallMutationProperties.mutate(seed[0], kind, where, amount);
                    return new byte[][] {reseal ? reseal(blob) : blob, seed[1]};
                });
    }

    /** Recomputes the SHA-1 trailer, so that the damage is seen by the parser, not only by the digest check. */
    private static byte[] reseal(byte[] blob) {
        if (blob.length < SHA1_SIZE) {
            return blob;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(Arrays.copyOf(blob, blob.length - SHA1_SIZE));
            byte[] sealed = blob.clone();
            System.arraycopy(digest, 0, sealed, blob.length - SHA1_SIZE, SHA1_SIZE);
            return sealed;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static PermanentState permanent(byte[][] pair) throws LibtpmsFormatException {
        return LibtpmsPermanentCodec.read(pair[1], LibtpmsPermanentCodec.VERSION_0_9);
    }

    private static byte[] write(PermanentState permanent, VolatileState saved) {
        TpmState state = TpmState.powerOn(permanent.persistent(), permanent.nv());
        state.restoreVolatile(saved.orderly(), saved.resetData(), saved.clearData(), saved.pcrs(), saved.flags(),
                saved.sessions(), saved.objects());
        state.setCarriedVolatile(saved.carried());
        return LibtpmsVolatileCodec.write(state, false, 0);
    }
}
