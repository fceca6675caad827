package org.swtpmjava.tpm.tpm2.command.asymmetric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.TestBytes;

/**
 * RSA_Encrypt, RSA_Decrypt, ECDH_KeyGen, ECDH_ZGen, ECC_Parameters, EC_Ephemeral, Commit and
 * ECDAA Sign with one byte overwritten, flipped, dropped or added, or the command cut short: the
 * engine answers with a well-formed response and does not enter failure mode. One engine (keys
 * are slow to make) serves all tries: an RSA-1024 decryption key (0x80000000), a P-256 decryption
 * key (0x80000001) and a BN P-256 ECDAA key (0x80000002), all noDA.
 */
class AsymmetricCommandsNeverFailProperties {
    private static final String PW = "00000009 40000009 0000 00 0000";
    private static final List<String> TEMPLATES = List.of(
            "0001 000b 00020472 0000 0010 0010 0400 00000000 0000",
            "0023 000b 00020472 0000 0010 0010 0003 0010 0000 0000",
            "0023 000b 00040472 0000 0010 001a000b0000 0010 0010 0000 0000");
    private static final String P256_G = "0044 0020 6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
            + " 0020 4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
    private static final List<String> COMMANDS = List.of(
            cmd(0x8001, 0x174, "80000000 0002 0102 0010 0000"),
            cmd(0x8001, 0x174, "80000000 0002 0102 0017 000b 0002 6100"),
            cmd(0x8002, 0x159, "80000000" + PW + "0080 00" + "11".repeat(127) + "0010 0000"),
            cmd(0x8001, 0x163, "80000001"),
            cmd(0x8002, 0x154, "80000001" + PW + P256_G),
            cmd(0x8001, 0x178, "0003"),
            cmd(0x8001, 0x18e, "0011"),
            cmd(0x8002, 0x18b, "80000002" + PW + "0004 0000 0000 0000 0000"),
            cmd(0x8002, 0x18b, "80000002" + PW + "0006 0001 01 0001 02 0000 0000"),
            cmd(0x8002, 0x15d, "80000002" + PW + "0020" + "5a".repeat(32) + "001a 000b 0000 8024 40000007 0000"));

    private static EngineFixture tpm;

    private static String cmd(int tag, int code, String body) {
        return TestBytes.hex(TestBytes.command(tag, code, body.replace(" ", "")));
    }

    private static synchronized EngineFixture engine() {
        if (tpm == null) {
            tpm = withKeys();
        }
        return tpm;
    }

    private static EngineFixture withKeys() {
        EngineFixture fixture = EngineFixture.started();
        for (String template : TEMPLATES) {
            String body = "40000007" + PW + "0004 0000 0000" + String.format("%04x", template.replace(" ", "")
                    .length() / 2) + template + "0000 00000000";
            assertThat(TestBytes.responseCode(fixture.engine.process(TestBytes.command(0x8002, 0x131,
                    body.replace(" ", "")), 0))).isZero();
        }
        return fixture;
    }

    /** In this order on a new engine (the ECDAA signature uses count 0, which EC_Ephemeral committed). */
    @Example
    void unmutatedCommandsSucceed() {
        EngineFixture fresh = withKeys();
        for (String command : COMMANDS) {
            assertThat(TestBytes.responseCode(fresh.engine.process(TestBytes.hex(command), 0))).as(command).isZero();
        }
    }

    @Property(tries = 600)
    void mutatedCommandsGetWellFormedResponses(@ForAll @IntRange(min = 0, max = 9) int which,
                                               @ForAll @IntRange(min = 0, max = 300) int position,
                                               @ForAll byte value, @ForAll @IntRange(min = 0, max = 4) int kind) {
        byte[] valid = TestBytes.hex(COMMANDS.get(which));
        int at = Math.min(position, valid.length - 1);
        byte[] command;
        switch (kind) {
            case 0:
                command = valid.clone();
                command[at] = value;
                break;
            case 1:
                command = Arrays.copyOf(valid, at);
                break;
            case 2:
                command = Arrays.copyOf(valid, valid.length + 1);
                command[valid.length] = value;
                break;
            case 3:
                command = new byte[valid.length - 1];
                System.arraycopy(valid, 0, command, 0, at);
                System.arraycopy(valid, at + 1, command, at, valid.length - at - 1);
                break;
            default:
                command = valid.clone();
                command[at] ^= (byte) (1 << (value & 7));
                break;
        }
        if (command.length >= 6) {
            ByteBuffer.wrap(command).putInt(2, command.length);
        }
        byte[] response = engine().engine.process(command, 0);
        assertThat(response.length).isGreaterThanOrEqualTo(10);
        assertThat(ByteBuffer.wrap(response).getInt(2)).isEqualTo(response.length);
        byte[] testResult = engine().engine.process(TestBytes.hex("8001 0000000a 0000017c"), 0);
        assertThat(testResult.length).as("failure mode answers GetTestResult with 28 bytes").isNotEqualTo(28);
    }
}
