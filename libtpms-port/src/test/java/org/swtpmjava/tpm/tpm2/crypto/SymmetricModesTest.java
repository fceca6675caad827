package org.swtpmjava.tpm.tpm2.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * The EncryptDecrypt modes: an SP 800-38A vector, round trips, and ivOut continuing a stream at a
 * block boundary. Byte equality with libtpms (also after partial blocks) is
 * SymmetricDifferentialTest's.
 */
class SymmetricModesTest {
    private static final int[] MODES = {TpmAlgId.CTR, TpmAlgId.OFB, TpmAlgId.CBC, TpmAlgId.CFB, TpmAlgId.ECB};

    private static byte[] bytes(int length, int seed) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (seed + 11 * i);
        }
        return out;
    }

    @Test
    void sp80038aCbcVector() {
        SymmetricModes.Output out = SymmetricModes.encrypt(TpmAlgId.AES,
                TestBytes.hex("2b7e151628aed2a6abf7158809cf4f3c"), TpmAlgId.CBC,
                TestBytes.hex("000102030405060708090a0b0c0d0e0f"), TestBytes.hex("6bc1bee22e409f96e93d7e117393172a"));
        assertThat(TestBytes.hex(out.data())).isEqualTo("7649abac8119b246cee98e9b12e9197d");
        assertThat(out.ivOut()).as("ivOut is the last ciphertext block").isEqualTo(out.data());
    }

    @Test
    void roundTripsAndContinuesWithIvOut() {
        int[][] ciphers = {{TpmAlgId.AES, 16}, {TpmAlgId.AES, 32}, {TpmAlgId.CAMELLIA, 16}, {TpmAlgId.TDES, 24}};
        for (int[] cipher : ciphers) {
            byte[] key = bytes(cipher[1], cipher[1]);
            int blockSize = SymmetricCfb.blockSize(cipher[0]);
            for (int mode : MODES) {
                byte[] iv = mode == TpmAlgId.ECB ? new byte[0] : bytes(blockSize, 3);
                byte[] plain = bytes(5 * blockSize, 9);
                SymmetricModes.Output whole = SymmetricModes.encrypt(cipher[0], key, mode, iv, plain);
                String label = String.format("alg %x mode %x", cipher[0], mode);
                assertThat(whole.data()).as(label).isNotEqualTo(plain);
                assertThat(SymmetricModes.decrypt(cipher[0], key, mode, iv, whole.data()).data()).as(label)
                        .isEqualTo(plain);
                SymmetricModes.Output first = SymmetricModes.encrypt(cipher[0], key, mode, iv,
                        Arrays.copyOf(plain, 2 * blockSize));
                SymmetricModes.Output rest = SymmetricModes.encrypt(cipher[0], key, mode, first.ivOut(),
                        Arrays.copyOfRange(plain, 2 * blockSize, plain.length));
                assertThat(concat(first.data(), rest.data())).as(label).isEqualTo(whole.data());
                assertThat(rest.ivOut()).as(label).isEqualTo(whole.ivOut());
            }
        }
    }

    @Test
    void emptyDataKeepsTheIv() {
        byte[] iv = bytes(16, 1);
        SymmetricModes.Output out = SymmetricModes.encrypt(TpmAlgId.AES, bytes(16, 2), TpmAlgId.CFB, iv, new byte[0]);
        assertThat(out.data()).isEmpty();
        assertThat(out.ivOut()).isEqualTo(iv);
    }

    @Test
    void counterWrapsAroundTheWholeBlock() {
        assertThat(TestBytes.hex(SymmetricModes.addToCounter(TestBytes.hex("00ffffff"), 1))).isEqualTo("01000000");
        assertThat(TestBytes.hex(SymmetricModes.addToCounter(TestBytes.hex("ffffffff"), 3))).isEqualTo("00000002");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
