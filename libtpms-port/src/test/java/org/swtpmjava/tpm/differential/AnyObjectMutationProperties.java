package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.tpm2.state.TransientObjects;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.codec.VolatileStateCodec.VolatileState;
import org.swtpmjava.tpm.tpm2.state.libtpms.AnyObjectSection;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsFormatException;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsPermanentCodec;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsVolatileCodec;

/**
 * Hostile ANY_OBJECT payloads (what ContextLoad decrypts and the volatile blob's object slots
 * hold): bit flips, truncations, huge sizes and counts, inserted bytes, applied to the
 * marshalling of an engine's RSA and ECC keys, an ECC storage key, an HMAC key, a SHA-256
 * sequence mid-way, an event sequence and a SHA-384 sequence. The reader gives an object, an "unsupported" verdict or its own
 * {@link LibtpmsFormatException}, never another exception; an object it accepts is written and
 * read back to the same bytes.
 */
class AnyObjectMutationProperties {
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final List<byte[]> SEEDS = new ArrayList<>();

    @BeforeContainer
    static void makeSeeds() throws Exception {
        SEEDS.clear();
        for (ObjectStateDifferentialTest.Objects objects : ObjectStateDifferentialTest.Objects.values()) {
            InMemoryNvStorage storage = new InMemoryNvStorage();
            try (JavaTpm java = new JavaTpm(new FixedEntropy(), storage)) {
                ObjectStateDifferentialTest.prepare(new Transcript(java), objects);
                assertThat(java.storeVolatile()).isZero();
            }
            PermanentState permanent = LibtpmsPermanentCodec.read(storage.load(StateBlobType.PERMANENT).orElseThrow(),
                    LibtpmsPermanentCodec.VERSION_0_9);
            VolatileState state = LibtpmsVolatileCodec.read(storage.load(StateBlobType.VOLATILE).orElseThrow(),
                    permanent);
            for (long handle : state.objects().handles()) {
                SEEDS.add(AnyObjectSection.marshal(state.objects().get((int) handle)));
            }
        }
        assertThat(SEEDS).hasSize(ObjectStateDifferentialTest.Objects.values().length * TransientObjects.SLOTS);
    }

    @Property(tries = 3000)
    void readerRefusesOrRoundTrips(@ForAll("mutatedObjects") byte[] mutated) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            AnyObjectSection.Decoded decoded;
            try {
                decoded = AnyObjectSection.unmarshal(mutated);
            } catch (LibtpmsFormatException refused) {
                assertThat(refused.responseCode()).isNotZero();
                assertThat(refused.getMessage()).as("refused by a check, not by an exception")
                        .doesNotStartWith(AnyObjectSection.UNEXPECTED);
                return;
            }
            if (decoded.object() == null) {
                return;
            }
            byte[] written = AnyObjectSection.marshal(decoded.object());
            AnyObjectSection.Decoded again = AnyObjectSection.unmarshal(written);
            assertThat(again.unsupported()).isFalse();
            assertThat(AnyObjectSection.marshal(again.object())).isEqualTo(written);
        });
    }

    @Provide
    Arbitrary<byte[]> mutatedObjects() {
        return Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 1 << 20), Arbitraries.integers().between(1, 8))
                .as(PermallMutationProperties::mutate);
    }
}
