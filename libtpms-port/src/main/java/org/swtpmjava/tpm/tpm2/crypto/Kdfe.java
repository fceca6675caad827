package org.swtpmjava.tpm.tpm2.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.Digest;

/**
 * KDFe (Part 1 §11.4.10.3, SP800-56A concatenation KDF) as the reference computes it: blocks
 * H(counter || Z || label || [0x00 unless the label ends with one] || partyUInfo || partyVInfo),
 * the last block cut, the top byte masked to a bit length that is not a multiple of 8.
 */
public final class Kdfe {
    private Kdfe() {
    }

    public static byte[] derive(int hashAlg, byte[] z, byte[] label, byte[] partyUInfo, byte[] partyVInfo, int bits) {
        int bytes = (bits + 7) / 8;
        byte[] out = new byte[bytes];
        Digest digest = Hashes.newDigest(hashAlg);
        byte[] block = new byte[digest.getDigestSize()];
        boolean terminate = label.length == 0 || label[label.length - 1] != 0;
        for (int counter = 1, offset = 0; offset < bytes; counter++, offset += block.length) {
            byte[] count = {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter};
            digest.update(count, 0, 4);
            digest.update(z, 0, z.length);
            digest.update(label, 0, label.length);
            if (terminate) {
                digest.update((byte) 0);
            }
            digest.update(partyUInfo, 0, partyUInfo.length);
            digest.update(partyVInfo, 0, partyVInfo.length);
            digest.doFinal(block, 0);
            System.arraycopy(block, 0, out, offset, Math.min(block.length, bytes - offset));
        }
        if (bits % 8 != 0) {
            out[0] &= (byte) ((1 << (bits % 8)) - 1);
        }
        Arrays.fill(block, (byte) 0);
        return out;
    }
}
