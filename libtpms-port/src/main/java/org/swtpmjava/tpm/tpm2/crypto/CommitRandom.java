package org.swtpmjava.tpm.tpm2.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.util.Pack;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * The commit random value r of the split signing schemes (the reference's CryptGenerateR, Part 1
 * §C.2 "ECDAA"): r = KDFa(SHA-512, commitNonce, "ECDAA Commit", Name, count, |n|) for the 64-bit
 * commit count, redrawn with the KDF's counter continuing (starting at 2, as the reference passes
 * an iteration count of 1) until r < n and one of the octets r[0 .. |n|/2] is not zero. The Name
 * is the key's for TPM2_Commit and ECDAA signing, empty for TPM2_EC_Ephemeral.
 */
public final class CommitRandom {
    /** CONTEXT_INTEGRITY_HASH_ALG of libtpms. */
    private static final int HASH = TpmAlgId.SHA512;
    private static final String LABEL = "ECDAA Commit";
    private static final int MAX_ITERATIONS = 1_000_000;

    private CommitRandom() {
    }

    /** r for the commit count, or null when no candidate qualifies (never in practice). */
    public static BigInteger generate(ECDomainParameters domain, byte[] commitNonce, byte[] name, long count) {
        BigInteger n = domain.getN();
        int size = EccCurves.orderBytes(domain);
        byte[] counter = Pack.longToBigEndian(count);
        int bits = size * 8;
        int step = Kdfa.blocks(HASH, bits);
        for (int iterations = 1; iterations < MAX_ITERATIONS; iterations += step) {
            byte[] r = Kdfa.derive(HASH, commitNonce, LABEL, name, counter, bits, iterations);
            BigInteger value = new BigInteger(1, r);
            if (value.compareTo(n) >= 0) {
                continue;
            }
            for (int i = size / 2; i >= 0; i--) {
                if (r[i] != 0) {
                    return value;
                }
            }
        }
        return null;
    }
}
