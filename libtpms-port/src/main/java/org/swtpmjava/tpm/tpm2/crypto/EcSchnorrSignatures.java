package org.swtpmjava.tpm.tpm2.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * EC-Schnorr as the reference computes it (CryptEccSignature.c BnSignEcSchnorr,
 * BnValidateSignatureEcSchnorr): R = kG; r = H(R.x || digest), cut to the order's byte size
 * (SchnorrReduce) and not reduced; s = (r mod n) * d + k mod n. Verification recomputes
 * H(E.x || digest) with E = sG - rQ. libtpms takes k from OpenSSL's generator; here it comes from
 * a SecureRandom. r and s are padded to the order's byte size.
 */
public final class EcSchnorrSignatures {
    private EcSchnorrSignatures() {
    }

    /** @return r and s */
    public static byte[][] sign(ECDomainParameters domain, byte[] d, int hashAlg, byte[] digest, SecureRandom random) {
        BigInteger n = domain.getN();
        int size = EccCurves.orderBytes(domain);
        BigInteger key = new BigInteger(1, d);
        while (true) {
            BigInteger k = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), random);
            ECPoint r = domain.getG().multiply(k).normalize();
            BigInteger e = reducedHash(hashAlg, BigIntegers.asUnsignedByteArray(size,
                    r.getAffineXCoord().toBigInteger()), digest, size);
            BigInteger t = e.mod(n);
            if (t.signum() == 0) {
                continue;
            }
            BigInteger s = t.multiply(key).add(k).mod(n);
            if (s.signum() != 0) {
                return new byte[][] {BigIntegers.asUnsignedByteArray(size, e), BigIntegers.asUnsignedByteArray(size, s)};
            }
        }
    }

    /** After the caller's range checks (r, s in [1, n - 1]). */
    public static boolean verify(ECDomainParameters domain, byte[] x, byte[] y, int hashAlg, byte[] digest, byte[] r,
                                 byte[] s) {
        BigInteger n = domain.getN();
        BigInteger rValue = new BigInteger(1, r).mod(n);
        ECPoint q = domain.getCurve().createPoint(new BigInteger(1, x), new BigInteger(1, y));
        ECPoint e = domain.getG().multiply(new BigInteger(1, s)).add(q.multiply(n.subtract(rValue))).normalize();
        if (e.isInfinity()) {
            return false;
        }
        int size = EccCurves.orderBytes(domain);
        BigInteger expected = reducedHash(hashAlg, BigIntegers.asUnsignedByteArray(size,
                e.getAffineXCoord().toBigInteger()), digest, size);
        return expected.equals(rValue);
    }

    /** H(x || digest), its first orderBytes bytes if it is longer (SchnorrReduce). */
    private static BigInteger reducedHash(int hashAlg, byte[] x, byte[] digest, int orderBytes) {
        byte[] hash = Hashes.digest(hashAlg, x, digest);
        return new BigInteger(1, Arrays.copyOf(hash, Math.min(hash.length, orderBytes)));
    }
}
