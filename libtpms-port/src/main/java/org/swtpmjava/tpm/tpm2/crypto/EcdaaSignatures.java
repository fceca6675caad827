package org.swtpmjava.tpm.tpm2.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.util.BigIntegers;

/**
 * The TPM's ECDAA signature (Part 1 §C.2, the reference's BnSignEcdaa): with the commit value r
 * of a TPM2_Commit, a nonce k in [1, n-1], T = H(k || digest) and s = r + (T mod n) * d mod n,
 * the signature is (k, s): k in as few octets as it needs, s as long as the order. libtpms draws
 * k from OpenSSL's generator, so these signatures are randomized.
 */
public final class EcdaaSignatures {
    private EcdaaSignatures() {
    }

    /** {k, s}. */
    public static byte[][] sign(ECDomainParameters domain, byte[] privateKey, int hashAlg, byte[] digest,
                                BigInteger r, SecureRandom random) {
        BigInteger n = domain.getN();
        BigInteger d = new BigInteger(1, privateKey);
        while (true) {
            BigInteger k = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), random);
            byte[] nonce = EccPoints.minimal(k);
            BigInteger t = new BigInteger(1, Hashes.digest(hashAlg, nonce, digest)).mod(n);
            if (t.signum() == 0) {
                continue;
            }
            BigInteger s = r.add(t.multiply(d)).mod(n);
            if (s.signum() != 0) {
                return new byte[][] {nonce, EccPoints.fixed(EccCurves.orderBytes(domain), s)};
            }
        }
    }
}
