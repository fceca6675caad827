package org.swtpmjava.tpm.tpm2.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.TestBytes;

/**
 * Hostile input: random bytes and mutations of valid commands given to process() never throw,
 * always get a well-formed response (at least the 10-byte header, size field equal to the
 * length, a TPM 2 response tag) and never put the TPM into failure mode, which is reserved for
 * internal faults.
 */
class ProcessNeverThrowsProperties {
    private static final List<String> VALID = List.of(
            "8001 0000000c 00000144 0000",
            "8001 0000000c 00000145 0001",
            "8001 0000000c 0000017b 0020",
            "8001 00000016 0000017a 00000006 00000100 00000010",
            "8001 00000016 0000017a 00000001 40000000 00000008",
            "8001 00000014 0000017e 00000001 000b 03 ffffff",
            "8001 00000011 00000146 0005 0102030405",
            "8001 0000000a 0000017c",
            "8002 00000015 0000017b 00000009 40000009 0000 01 0000 0008");

    @Property(tries = 400)
    void randomBytes(@ForAll("randomCommands") byte[] command, @ForAll boolean started) {
        checkResponse(started ? EngineFixture.started() : new EngineFixture(), command);
    }

    @Property(tries = 1000)
    void mutatedValidCommands(@ForAll("mutatedCommands") byte[] command, @ForAll boolean started) {
        checkResponse(started ? EngineFixture.started() : new EngineFixture(), command);
    }

    private static void checkResponse(EngineFixture tpm, byte[] command) {
        byte[] response = tpm.engine.process(command, 0);
        assertThat(response.length).isGreaterThanOrEqualTo(10);
        ByteBuffer header = ByteBuffer.wrap(response);
        assertThat(header.getShort(0) & 0xFFFF).isIn(0x8001, 0x8002);
        assertThat(header.getInt(2)).isEqualTo(response.length);
        byte[] testResult = tpm.engine.process(TestBytes.hex("8001 0000000a 0000017c"), 0);
        assertThat(testResult.length).as("failure mode answers GetTestResult with 28 bytes").isNotEqualTo(28);
    }

    @Provide
    Arbitrary<byte[]> randomCommands() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4200);
    }

    @Provide
    Arbitrary<byte[]> mutatedCommands() {
        Arbitrary<byte[]> valid = Arbitraries.of(VALID).map(TestBytes::hex);
        return Combinators.combine(valid, Arbitraries.integers().between(0, 63), Arbitraries.bytes(),
                Arbitraries.integers().between(0, 4), Arbitraries.of(true, false))
                .as(ProcessNeverThrowsProperties::mutate);
    }

    /** Overwrites, truncates, extends or drops a byte; optionally fixes the size field afterwards. */
    private static byte[] mutate(byte[] command, int position, byte value, int kind, boolean fixSize) {
        int at = Math.min(position, command.length - 1);
        byte[] mutated = switch (kind) {
            case 0 -> {
                byte[] copy = command.clone();
                copy[at] = value;
                yield copy;
            }
            case 1 -> Arrays.copyOf(command, at);
            case 2 -> {
                byte[] copy = Arrays.copyOf(command, command.length + 1);
                copy[command.length] = value;
                yield copy;
            }
            case 3 -> {
                byte[] copy = new byte[command.length - 1];
                System.arraycopy(command, 0, copy, 0, at);
                System.arraycopy(command, at + 1, copy, at, command.length - at - 1);
                yield copy;
            }
            default -> {
                byte[] copy = command.clone();
                copy[at] ^= (byte) (1 << (value & 7));
                yield copy;
            }
        };
        if (fixSize && mutated.length >= 6) {
            ByteBuffer.wrap(mutated).putInt(2, mutated.length);
        }
        return mutated;
    }
}
