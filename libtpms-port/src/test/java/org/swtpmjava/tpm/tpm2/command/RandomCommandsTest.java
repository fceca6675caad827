package org.swtpmjava.tpm.tpm2.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;

import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineFixture;

/**
 * GetRandom and StirRandom against responses recorded from libtpms 0.9.2 whose RAND_bytes
 * returned the FixedEntropy stream: StirRandom runs the caller's data through libtpms'
 * derivation function, so these vectors pin that function down.
 */
class RandomCommandsTest {

    @Test
    void getRandomAfterFirstStartupMatchesLibtpms() {
        EngineFixture tpm = EngineFixture.started();
        assertThat(tpm.send("8001 0000000c 0000017b 0040")).isEqualTo("80010000004c000000000040"
                + "ec0176f9a655c3179df75f5d6f20238039db42b5c8082772c9a138a2a00c9007"
                + "027f54a20c9d31ff41159a785b8424324a052a46530756189df20542da9814c4");
        assertThat(tpm.send("8001 0000000c 0000017b 0010"))
                .isEqualTo("80010000001c00000000001068f0da64696dc1f02679ba4c14aeeb91");
    }

    @Test
    void stirRandomMixesDataThroughLibtpmsDerivationFunction() {
        EngineFixture tpm = EngineFixture.started();
        assertThat(tpm.send(command(0x8001, 0x146, "0005 0102030405"))).isEqualTo("80010000000a00000000");
        assertThat(tpm.send("8001 0000000c 0000017b 0020")).isEqualTo("80010000002c000000000020"
                + "b92b9961b3d39cb772e0b2c26eacc935e71e0d838c7774248209342b46fd51b7");
        StringBuilder counting = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            counting.append(String.format("%02x", i));
        }
        tpm.send(command(0x8001, 0x146, "0028" + counting));
        assertThat(tpm.send("8001 0000000c 0000017b 0020")).isEqualTo("80010000002c000000000020"
                + "0d7dc940ccd4b6e59177be072f34b78aaaedb5956c28063a527d64f2b8fc9f8d");
        assertThat(tpm.send(command(0x8001, 0x146, "0000"))).isEqualTo("80010000000a00000000");
        assertThat(tpm.send("8001 0000000c 0000017b 0020")).isEqualTo("80010000002c000000000020"
                + "f8852d86f7ebf5c2e6182b77a42749adfa92ce9f2bca4030baa33d2af0045039");
        assertThat(tpm.send(command(0x8001, 0x146, "0081" + "00".repeat(129)))).isEqualTo("80010000000a000001d5");
        assertThat(tpm.send(command(0x8001, 0x146, "0080" + "ab".repeat(128)))).isEqualTo("80010000000a00000000");
        assertThat(tpm.send("8001 0000000c 0000017b 0020")).isEqualTo("80010000002c000000000020"
                + "9014d45e2c807c3a439463e5ba0f71059ce9de1141abbf8068f23025a0bf60cb");
    }
}
