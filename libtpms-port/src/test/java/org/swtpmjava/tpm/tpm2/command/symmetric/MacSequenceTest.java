package org.swtpmjava.tpm.tpm2.command.symmetric;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.tpm2.crypto.Hmacs;
import org.swtpmjava.tpm.tpm2.state.HashSequence;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * HMAC sequences in the engine alone: the sequence object's explicit state, and a sequence that
 * continues after ContextSave / FlushContext / ContextLoad. Equality with libtpms is
 * SymmetricDifferentialTest's and ObjectStateDifferentialTest's.
 */
class MacSequenceTest {
    /** TPM2_CreatePrimary(owner) of an HMAC-SHA256 signing key with userWithAuth and noDA. */
    private static final String PW = "00000009 40000009 0000 00 0000";
    private static final byte[] CREATE_HMAC_KEY = command(0x131, "40000001" + PW
            + " 0004 0000 0000 0010 0008 000b 00040472 0000 0005 000b 0000 0000 00000000");

    private static byte[] command(int code, String body) {
        return TestBytes.command(0x8002, code, body.replace(" ", ""));
    }

    @Test
    void sequenceObjectCarriesItsHmacState() {
        EngineFixture tpm = EngineFixture.started();
        assertThat(tpm.send(CREATE_HMAC_KEY).substring(12, 20)).isEqualTo("00000000");
        // MAC_Start(0x80000000, auth "", NULL scheme): the key's SHA-256
        String started = tpm.send(command(0x15B, "80000000" + PW + "0000 0010"));
        assertThat(started).isEqualTo("8002000000170000000080000001000000000000010000");
        assertThat(tpm.send(command(0x15C, "80000001" + PW + "0003 616263"))).endsWith("00000000010000");
        String completed = tpm.send(command(0x13E, "80000001" + PW + "0000 40000001"));
        assertThat(completed.substring(12, 20)).isEqualTo("00000000");
        String mac = completed.substring(32, 32 + 64);
        String oneShot = tpm.send(command(0x155, "80000000" + PW + "0003 616263 0010"));
        assertThat(oneShot.substring(32, 32 + 64)).isEqualTo(mac);
        assertThat(completed.substring(32 + 64)).as("null ticket").startsWith("802440000007" + "0000");
    }

    @Test
    void hmacSequenceContinuesAfterContextSaveAndLoad() {
        EngineFixture tpm = EngineFixture.started();
        tpm.send(CREATE_HMAC_KEY);
        assertThat(tpm.send(command(0x15B, "80000000" + PW + "0000 0010"))).contains("80000001");
        assertThat(tpm.send(command(0x15C, "80000001" + PW + "0001 61"))).endsWith("00000000010000");
        String saved = tpm.send(TestBytes.command(0x8001, 0x162, "80000001"));
        assertThat(saved.substring(12, 20)).as("ContextSave").isEqualTo("00000000");
        assertThat(tpm.send(TestBytes.command(0x8001, 0x165, "80000001"))).as("FlushContext")
                .isEqualTo("80010000000a00000000");
        assertThat(tpm.send(TestBytes.command(0x8001, 0x161, saved.substring(20)))).as("ContextLoad")
                .endsWith("80000001");
        tpm.send(command(0x15C, "80000001" + PW + "0002 6263"));
        String completed = tpm.send(command(0x13E, "80000001" + PW + "0000 40000001"));
        String oneShot = tpm.send(command(0x155, "80000000" + PW + "0003 616263 0010"));
        assertThat(completed.substring(32, 32 + 64)).as("the HMAC over all the data").isEqualTo(
                oneShot.substring(32, 32 + 64));
    }

    @Test
    void macSequenceStateIsExplicit() {
        HashSequence sequence = HashSequence.macSequence(new byte[0],
                org.swtpmjava.tpm.tpm2.crypto.HmacComputation.start(TpmAlgId.SHA256, TestBytes.hex("0102")));
        assertThat(sequence.isMacSequence()).isTrue();
        assertThat(sequence.isEventSequence()).isFalse();
        assertThat(sequence.hashAlg()).isEqualTo(TpmAlgId.SHA256);
        sequence.update(TestBytes.hex("616263"));
        assertThat(sequence.finish()).isEqualTo(Hmacs.hmac(TpmAlgId.SHA256, TestBytes.hex("0102"),
                TestBytes.hex("616263")));
    }
}
