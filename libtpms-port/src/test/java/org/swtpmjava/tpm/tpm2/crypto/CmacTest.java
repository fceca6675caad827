package org.swtpmjava.tpm.tpm2.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.bouncycastle.crypto.engines.CamelliaEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * libtpms' CMAC: the RFC 4493 AES-128 vectors, Bouncy Castle's CMac for Camellia, sequences
 * split and restored mid-way. TDES is libtpms' variant (0x87 for 64-bit blocks); that it equals
 * libtpms' result is checked by SymmetricDifferentialTest.
 */
class CmacTest {
    private static final byte[] RFC4493_KEY = TestBytes.hex("2b7e151628aed2a6abf7158809cf4f3c");
    private static final byte[] RFC4493_MESSAGE = TestBytes.hex("6bc1bee22e409f96e93d7e117393172a"
            + "ae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");

    private static byte[] cmac(int symAlg, byte[] key, byte[] message) {
        Cmac cmac = Cmac.start(symAlg, key.length * 8, key);
        cmac.update(message);
        return cmac.finish();
    }

    @Test
    void rfc4493Vectors() {
        assertThat(TestBytes.hex(cmac(TpmAlgId.AES, RFC4493_KEY, new byte[0])))
                .isEqualTo("bb1d6929e95937287fa37d129b756746");
        assertThat(TestBytes.hex(cmac(TpmAlgId.AES, RFC4493_KEY, Arrays.copyOf(RFC4493_MESSAGE, 16))))
                .isEqualTo("070a16b46b4d4144f79bdd9dd04a287c");
        assertThat(TestBytes.hex(cmac(TpmAlgId.AES, RFC4493_KEY, Arrays.copyOf(RFC4493_MESSAGE, 40))))
                .isEqualTo("dfa66747de9ae63030ca32611497c827");
        assertThat(TestBytes.hex(cmac(TpmAlgId.AES, RFC4493_KEY, RFC4493_MESSAGE)))
                .isEqualTo("51f0bebf7e3b9d92fc49741779363cfe");
    }

    @Test
    void camelliaAgreesWithBouncyCastle() {
        byte[] key = TestBytes.hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        for (int length : new int[] {0, 1, 15, 16, 17, 33, 64}) {
            byte[] message = Arrays.copyOf(RFC4493_MESSAGE, length);
            CMac reference = new CMac(new CamelliaEngine());
            reference.init(new KeyParameter(key));
            reference.update(message, 0, length);
            byte[] expected = new byte[16];
            reference.doFinal(expected, 0);
            assertThat(cmac(TpmAlgId.CAMELLIA, key, message)).as("%d bytes", length).isEqualTo(expected);
        }
    }

    @Test
    void tdesUsesLibtpmsSubkeyConstant() {
        byte[] key = TestBytes.hex("0123456789abcdef23456789abcdef01456789abcdef0123");
        byte[] message = Arrays.copyOf(RFC4493_MESSAGE, 20);
        CMac standard = new CMac(new DESedeEngine());
        standard.init(new KeyParameter(key));
        standard.update(message, 0, message.length);
        byte[] sp80038b = new byte[8];
        standard.doFinal(sp80038b, 0);
        // the subkeys differ whenever a doubling shifts out a set bit; for this key it does
        assertThat(cmac(TpmAlgId.TDES, key, message)).hasSize(8).isNotEqualTo(sp80038b);
    }

    @Test
    void splitAndRestoredSequencesGiveTheOneShotResult() {
        byte[] whole = cmac(TpmAlgId.AES, RFC4493_KEY, RFC4493_MESSAGE);
        for (int split = 0; split <= RFC4493_MESSAGE.length; split += 7) {
            Cmac first = Cmac.start(TpmAlgId.AES, 128, RFC4493_KEY);
            first.update(Arrays.copyOf(RFC4493_MESSAGE, split));
            Cmac restored = Cmac.restore(first.symAlg(), first.keyBits(), first.key(), first.chainingBlock(),
                    first.pendingBytes());
            restored.update(Arrays.copyOfRange(RFC4493_MESSAGE, split, RFC4493_MESSAGE.length));
            assertThat(restored.finish()).as("split at %d", split).isEqualTo(whole);
        }
    }
}
