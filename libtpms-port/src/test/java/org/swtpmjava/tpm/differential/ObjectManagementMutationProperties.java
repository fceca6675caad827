package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.TestBytes;

/**
 * Hostile input to TPM2_CreateLoaded (hierarchy, storage and derivation parents), TPM2_LoadExternal
 * (public-only and full keys) and TPM2_ObjectChangeAuth: mutations of valid commands get a
 * well-formed response and never put the engine into failure mode.
 */
class ObjectManagementMutationProperties {
    private static final int FIRST = 0x80000000;
    /** P-256's generator: the public key of the private key 1. */
    private static final String GX = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
    private static final String GY = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
    private static final String HMAC = keyedHash(0xB, 0x00040472, "", "0005 000b", "");

    /** Objects loaded before each command: a derivation parent (0x80000000) and an ECC SRK (0x80000001). */
    private static final List<byte[]> SETUP = List.of(
            createPrimary(OWNER, CreateLoadedDifferentialTest.DERIVATION_PARENT),
            createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));

    /** Commands that succeed after {@link #SETUP}. */
    private static final List<byte[]> COMMANDS = List.of(
            CreateLoadedDifferentialTest.createLoaded(FIRST, CreateLoadedDifferentialTest.derive(
                    ecc(0xB, 0x00040452, "", NO_SYMMETRIC, "0018 000b", 0x3, "", ""), "6c6162656c", "01")),
            CreateLoadedDifferentialTest.createLoaded(FIRST, PW, "", sized("01") + sized("02"),
                    CreateLoadedDifferentialTest.derive(keyedHash(0xB, 0x00040452, "", "0005 000b", ""), "", "")),
            CreateLoadedDifferentialTest.createLoaded(FIRST + 1, HMAC),
            CreateLoadedDifferentialTest.createLoaded(0x40000001, ObjectTemplates.SRK_ECC_TOOLS),
            LoadExternalDifferentialTest.loadExternal(LoadExternalDifferentialTest.sensitive(0x23, "abcd", "",
                    "00".repeat(31) + "01"), ecc(0xB, 0x00040440, "", NO_SYMMETRIC, "0018 000b", 0x3, GX, GY),
                    "40000007"),
            LoadExternalDifferentialTest.loadExternal("0000", ecc(0xB, 0x00040040, "", NO_SYMMETRIC, "0018 000b",
                    0x3, GX, GY), "40000001"),
            ObjectChangeAuthDifferentialTest.changeAuth(FIRST + 2, FIRST + 1, PW, "31323334"));

    @Property(tries = 400)
    void mutatedCommandsGetAnAnswer(@ForAll("mutatedCommands") byte[] command) {
        EngineFixture tpm = started(command);
        byte[] response = tpm.engine.process(command, 0);
        assertThat(response.length).isGreaterThanOrEqualTo(10);
        assertThat(ByteBuffer.wrap(response).getInt(2)).isEqualTo(response.length);
        byte[] testResult = tpm.engine.process(TestBytes.hex("8001 0000000a 0000017c"), 0);
        assertThat(testResult.length).as("failure mode answers GetTestResult with 28 bytes").isNotEqualTo(28);
    }

    /** The unmutated commands succeed, so the mutations start from deep inside the commands. */
    @Example
    void unmutatedCommandsSucceed() {
        for (byte[] command : COMMANDS) {
            EngineFixture tpm = started(command);
            assertThat(TestBytes.responseCode(tpm.engine.process(command, 0))).as(TestBytes.hex(command)).isZero();
        }
    }

    /** The engine after {@link #SETUP}; for ObjectChangeAuth an HMAC key under the SRK at 0x80000002. */
    private static EngineFixture started(byte[] command) {
        EngineFixture tpm = EngineFixture.started();
        for (byte[] setup : SETUP) {
            assertThat(TestBytes.responseCode(tpm.engine.process(setup, 0))).isZero();
        }
        if (command.length >= 10 && ByteBuffer.wrap(command).getInt(6) == 0x150) {
            byte[] child = CreateLoadedDifferentialTest.createLoaded(FIRST + 1, HMAC);
            assertThat(TestBytes.responseCode(tpm.engine.process(child, 0))).isZero();
        }
        return tpm;
    }

    @Provide
    Arbitrary<byte[]> mutatedCommands() {
        return Combinators.combine(Arbitraries.of(COMMANDS), Arbitraries.integers().between(10, 400),
                Arbitraries.bytes(), Arbitraries.integers().between(0, 3), Arbitraries.of(true, false))
                .as(ObjectManagementMutationProperties::mutate);
    }

    /** Overwrites, truncates, extends or flips a bit; optionally fixes the size field afterwards. */
    static byte[] mutate(byte[] command, int position, byte value, int kind, boolean fixSize) {
        int at = Math.min(position, command.length - 1);
        byte[] mutated;
        switch (kind) {
            case 0:
                mutated = command.clone();
                mutated[at] = value;
                break;
            case 1:
                mutated = Arrays.copyOf(command, at);
                break;
            case 2:
                mutated = Arrays.copyOf(command, command.length + 1);
                mutated[command.length] = value;
                break;
            default:
                mutated = command.clone();
                mutated[at] ^= (byte) (1 << (value & 7));
                break;
        }
        if (fixSize && mutated.length >= 6) {
            ByteBuffer.wrap(mutated).putInt(2, mutated.length);
        }
        return mutated;
    }
}
