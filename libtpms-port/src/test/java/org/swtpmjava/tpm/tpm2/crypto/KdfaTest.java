package org.swtpmjava.tpm.tpm2.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * KDFa (Part 1 §11.4.10.2) against vectors computed independently with Python's hmac module
 * (HMAC([i]32 || label || 00 || contextU || contextV || [bits]32) per block). That libtpms derives
 * the same session keys and masks is checked by the differential session tests.
 */
class KdfaTest {
    private static final byte[] KEY = "key".getBytes(StandardCharsets.US_ASCII);

    private static byte[] fill(int value, int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void oneBlockSessionKey() {
        assertThat(Kdfa.derive(TpmAlgId.SHA256, KEY, "ATH", fill(1, 16), fill(2, 16), 256))
                .isEqualTo(TestBytes.hex("a4b7f7474b13b7d6aeea1915366b48c9d07c545ef77bae7181a2dc9b891e22e2"));
    }

    @Test
    void twoBlocksWithBitsThatAreNoWholeBytes() {
        assertThat(Kdfa.derive(TpmAlgId.SHA256, KEY, "CFB", fill(1, 16), fill(2, 16), 300)).isEqualTo(
                TestBytes.hex("09bda0b223e592c5fa90b9fc759ecfdf36ef73d0b4e0456dd890e2d9824bf75fee634696e509"));
    }

    @Test
    void emptyKeyAndContextWithSha1() {
        assertThat(Kdfa.derive(TpmAlgId.SHA1, new byte[0], "XOR", new byte[0], fill(3, 20), 168))
                .isEqualTo(TestBytes.hex("4fded008eb5dc88aa66d7878c6ac8d8d0188402023"));
    }

    @Test
    void cfbRoundTripsWithAPartialLastBlock() {
        byte[] key = fill(7, 16);
        byte[] iv = fill(9, 16);
        byte[] data = Arrays.copyOf("twenty-one bytes long".getBytes(StandardCharsets.US_ASCII), 21);
        byte[] cipher = SymmetricCfb.encrypt(TpmAlgId.AES, key, iv, data);
        assertThat(cipher).hasSize(21).isNotEqualTo(data);
        assertThat(SymmetricCfb.decrypt(TpmAlgId.AES, key, iv, cipher)).isEqualTo(data);
    }
}
