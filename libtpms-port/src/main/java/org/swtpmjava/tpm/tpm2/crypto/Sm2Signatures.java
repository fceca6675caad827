package org.swtpmjava.tpm.tpm2.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2 signatures over the caller's digest e as libtpms computes them (CryptEccSignature.c
 * BnSignEcSm2, BnValidateSignatureEcSm2; GM/T 0003.2): k from the TPM's own DRBG, drawn as
 * libtpms draws it (BnGenerateRandomInRange, and for orders on a byte boundary redrawn while it
 * has a leading zero byte, at most 8 more times), r = (e + (kG).x) mod n,
 * s = (1 + d)^-1 (k - r d) mod n. Verification: t = (r + s) mod n (s if that is 0),
 * r == (e + (sG + tQ).x) mod n.
 */
public final class Sm2Signatures {
    /** Redraws of a k with a leading zero byte for byte-aligned orders (maxRepeats). */
    private static final int MAX_REPEATS = 8;

    private Sm2Signatures() {
    }

    /** @return r and s */
    public static byte[][] sign(ECDomainParameters domain, byte[] d, byte[] digest, TpmRandom random) {
        BigInteger n = domain.getN();
        BigInteger e = new BigInteger(1, digest);
        BigInteger key = new BigInteger(1, d);
        boolean byteAligned = n.bitLength() % 8 == 0;
        int size = EccCurves.orderBytes(domain);
        while (true) {
            BigInteger k = byteAligned ? randomInRangeAllBytes(n, random) : randomInRange(n, random);
            ECPoint q1 = domain.getG().multiply(k).normalize();
            BigInteger r = e.add(q1.getAffineXCoord().toBigInteger()).mod(n);
            if (r.signum() == 0) {
                continue;
            }
            BigInteger t = key.add(BigInteger.ONE).modInverse(n);
            BigInteger s = k.add(n.subtract(r.multiply(key).mod(n))).multiply(t).mod(n);
            if (s.signum() != 0) {
                return new byte[][] {BigIntegers.asUnsignedByteArray(size, r), BigIntegers.asUnsignedByteArray(size, s)};
            }
        }
    }

    /** After the caller's range checks (r, s in [1, n - 1]). */
    public static boolean verify(ECDomainParameters domain, byte[] x, byte[] y, byte[] digest, byte[] r, byte[] s) {
        BigInteger n = domain.getN();
        BigInteger rValue = new BigInteger(1, r);
        BigInteger sValue = new BigInteger(1, s);
        BigInteger t = rValue.add(sValue).mod(n);
        if (t.signum() == 0) {
            t = sValue;
        }
        ECPoint q = domain.getCurve().createPoint(new BigInteger(1, x), new BigInteger(1, y));
        ECPoint p = domain.getG().multiply(sValue).add(q.multiply(t)).normalize();
        if (p.isInfinity()) {
            return false;
        }
        return new BigInteger(1, digest).add(p.getAffineXCoord().toBigInteger()).mod(n).equals(rValue);
    }

    /** BnGenerateRandomInRange: bit-length-of-n DRBG numbers until one is in [1, n - 1]. */
    private static BigInteger randomInRange(BigInteger n, TpmRandom random) {
        int bits = n.bitLength();
        while (true) {
            BigInteger value = new BigInteger(1, random.generate((bits + 7) / 8));
            if (value.bitLength() > bits) {
                value = value.subtract(value.shiftRight(bits).shiftLeft(bits));
            }
            if (value.signum() != 0 && value.compareTo(n) < 0) {
                return value;
            }
        }
    }

    /** BnGenerateRandomInRangeAllBytes for a byte-aligned n: redraw a k with a leading zero byte. */
    private static BigInteger randomInRangeAllBytes(BigInteger n, TpmRandom random) {
        int bytes = (n.bitLength() + 7) / 8;
        for (int repeats = 0; ; repeats++) {
            BigInteger k = randomInRange(n, random);
            if (repeats >= MAX_REPEATS || (k.bitLength() + 7) / 8 >= bytes) {
                return k;
            }
        }
    }
}
