package org.swtpmjava.tpm.tpm2.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/** The sequence form of HMAC against Bouncy Castle's HMac ({@link Hmacs}), also after a restore. */
class HmacComputationTest {

    private static byte[] bytes(int length, int seed) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (seed + 13 * i);
        }
        return out;
    }

    @Test
    void equalsHmacForShortBlockSizedAndLongKeys() {
        byte[] message = bytes(300, 5);
        for (int hashAlg : Hashes.IMPLEMENTED) {
            for (int keyLength : new int[] {0, 20, 64, 128, 129, 200}) {
                byte[] key = bytes(keyLength, keyLength);
                HmacComputation hmac = HmacComputation.start(hashAlg, key);
                hmac.update(Arrays.copyOf(message, 100));
                hmac.update(Arrays.copyOfRange(message, 100, 300));
                assertThat(hmac.finish()).as("hash %x key %d", hashAlg, keyLength)
                        .isEqualTo(Hmacs.hmac(hashAlg, key, message));
            }
        }
    }

    @Test
    void restoredHmacContinues() {
        byte[] key = bytes(32, 1);
        HmacComputation first = HmacComputation.start(TpmAlgId.SHA384, key);
        first.update(bytes(77, 2));
        HmacComputation restored = HmacComputation.restore(first.macAlg(), first.innerDigestState(),
                first.outerKeyBlock());
        restored.update(bytes(50, 3));
        byte[] message = new byte[127];
        System.arraycopy(bytes(77, 2), 0, message, 0, 77);
        System.arraycopy(bytes(50, 3), 0, message, 77, 50);
        assertThat(restored.macSize()).isEqualTo(48);
        assertThat(restored.finish()).isEqualTo(Hmacs.hmac(TpmAlgId.SHA384, key, message));
    }
}
