package org.swtpmjava.tpm.tpm2.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.TestBytes;

/** _TPM_Hash_* measured independently with the JDK's SHA-256 (Part 3 §18.2-18.4). */
class DrtmSequenceTest {
    private static final byte[] DATA = "kernel".getBytes(StandardCharsets.US_ASCII);
    private static final String READ_PCR_0 = "8001 00000014 0000017e 00000001 000b 03 010000";
    private static final String READ_PCR_17 = "8001 00000014 0000017e 00000001 000b 03 000002";

    private static byte[] sha256(byte[]... parts) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    private static String pcrValue(String pcrReadResponse) {
        return pcrReadResponse.substring(pcrReadResponse.length() - 64);
    }

    @Test
    void beforeStartupTheHcrtmMeasurementGoesIntoPcr0StartingFrom4() throws Exception {
        EngineFixture tpm = new EngineFixture();
        tpm.engine.hashStart();
        tpm.engine.hashData(DATA);
        tpm.engine.hashEnd();
        tpm.send("8001 0000000c 00000144 0000");
        byte[] initial = new byte[32];
        initial[31] = 4;
        assertThat(pcrValue(tpm.send(READ_PCR_0))).isEqualTo(TestBytes.hex(sha256(initial, sha256(DATA))));
    }

    @Test
    void afterStartupTheDrtmMeasurementGoesIntoPcr17StartingFromZero() throws Exception {
        EngineFixture tpm = EngineFixture.started();
        assertThat(pcrValue(tpm.send(READ_PCR_17))).as("locality-4 PCRs start as ones").isEqualTo("ff".repeat(32));
        tpm.engine.hashStart();
        tpm.engine.hashData(DATA);
        tpm.engine.hashEnd();
        assertThat(pcrValue(tpm.send(READ_PCR_17))).isEqualTo(TestBytes.hex(sha256(new byte[32], sha256(DATA))));
    }

    @Test
    void anyCommandEndsTheSequence() {
        EngineFixture tpm = EngineFixture.started();
        tpm.engine.hashStart();
        tpm.engine.hashData(DATA);
        tpm.send("8001 0000000c 0000017b 0001");
        tpm.engine.hashEnd();
        assertThat(pcrValue(tpm.send(READ_PCR_17))).isEqualTo("ff".repeat(32));
    }
}
