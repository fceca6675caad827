package org.swtpmjava.tpm.tpm2.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * KDFa (Part 1 §11.4.10.2): SP 800-108 counter-mode KDF with HMAC. Each block is
 * HMAC(key, [i]32 || label || 0x00 || contextU || contextV || [bits]32); the label's terminating
 * zero octet is always hashed (a label that already ends in 0x00 is not given a second one).
 * When bits is not a multiple of 8, the unused high bits of the first octet are cleared.
 */
public final class Kdfa {
    private Kdfa() {
    }

    public static byte[] derive(int hashAlg, byte[] key, String label, byte[] contextU, byte[] contextV, int bits) {
        return derive(hashAlg, key, label.getBytes(StandardCharsets.US_ASCII), contextU, contextV, bits, 0);
    }

    /** KDFa with a label given as bytes (a TPM2B_LABEL of TPMS_DERIVE, for example). */
    public static byte[] derive(int hashAlg, byte[] key, byte[] label, byte[] contextU, byte[] contextV, int bits) {
        return derive(hashAlg, key, label, contextU, contextV, bits, 0);
    }

    /**
     * KDFa continued after {@code counterBefore} blocks (the reference's counterInOut): the first
     * block uses the counter counterBefore + 1. The next call continues at
     * counterBefore + {@link #blocks(int, int)}, as CryptGenerateR draws successive candidates.
     */
    public static byte[] derive(int hashAlg, byte[] key, String label, byte[] contextU, byte[] contextV, int bits,
                                int counterBefore) {
        return derive(hashAlg, key, label.getBytes(StandardCharsets.US_ASCII), contextU, contextV, bits,
                counterBefore);
    }

    private static byte[] derive(int hashAlg, byte[] key, byte[] label, byte[] contextU, byte[] contextV, int bits,
                                 int counterBefore) {
        int bytes = (bits + 7) / 8;
        byte[] out = new byte[bytes];
        int produced = 0;
        for (int counter = counterBefore + 1; produced < bytes; counter++) {
            byte[] block = block(hashAlg, key, label, contextU, contextV, bits, counter);
            int take = Math.min(block.length, bytes - produced);
            System.arraycopy(block, 0, out, produced, take);
            produced += take;
        }
        if (bits % 8 != 0) {
            out[0] &= (byte) ((1 << (bits % 8)) - 1);
        }
        return out;
    }

    /** The number of HMAC blocks one derivation of {@code bits} takes. */
    public static int blocks(int hashAlg, int bits) {
        int size = Hashes.digestSize(hashAlg);
        return ((bits + 7) / 8 + size - 1) / size;
    }

    /** Block number {@code counter} (from 1) of the KDFa stream for {@code bits} bits. */
    public static byte[] block(int hashAlg, byte[] key, byte[] label, byte[] contextU, byte[] contextV, int bits,
                               int counter) {
        HMac hmac = new HMac(Hashes.newDigest(hashAlg));
        hmac.init(new KeyParameter(key));
        updateU32(hmac, counter);
        hmac.update(label, 0, label.length);
        if (label.length == 0 || label[label.length - 1] != 0) {
            hmac.update((byte) 0);
        }
        hmac.update(contextU, 0, contextU.length);
        hmac.update(contextV, 0, contextV.length);
        updateU32(hmac, bits);
        byte[] block = new byte[hmac.getMacSize()];
        hmac.doFinal(block, 0);
        return block;
    }

    private static void updateU32(HMac hmac, int value) {
        hmac.update((byte) (value >>> 24));
        hmac.update((byte) (value >>> 16));
        hmac.update((byte) (value >>> 8));
        hmac.update((byte) value);
    }
}
