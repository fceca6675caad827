package org.swtpmjava.tpm.tpm2.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * Points of TPMS_ECC_POINT as the reference's CryptEccMain.c treats them: a point is on the curve
 * when y^2 = x^3 + ax + b (mod p), with coordinates taken as integers that need not be below p
 * (BnIsOnCurve does not check their range; OpenSSL reduces them when the point is used); scalar
 * multiples (ECDH, the Commit and ephemeral points) are written with both coordinates as long as
 * the curve order (BnPointTo2B), a zero coordinate as the single octet 0 (BnTo2B).
 */
public final class EccPoints {
    private EccPoints() {
    }

    /** The field prime p. */
    public static BigInteger prime(ECDomainParameters domain) {
        return domain.getCurve().getField().getCharacteristic();
    }

    /** BnIsOnCurve. */
    public static boolean isOnCurve(ECDomainParameters domain, byte[] x, byte[] y) {
        BigInteger p = prime(domain);
        BigInteger bx = new BigInteger(1, x);
        BigInteger by = new BigInteger(1, y);
        BigInteger left = by.multiply(by).mod(p);
        BigInteger right = bx.multiply(bx).add(domain.getCurve().getA().toBigInteger()).multiply(bx)
                .add(domain.getCurve().getB().toBigInteger()).mod(p);
        return left.equals(right);
    }

    /** The point (x, y), which the caller has checked with {@link #isOnCurve}. */
    public static ECPoint point(ECDomainParameters domain, byte[] x, byte[] y) {
        BigInteger p = prime(domain);
        return domain.getCurve().createPoint(new BigInteger(1, x).mod(p), new BigInteger(1, y).mod(p));
    }

    /** [k]P in affine form, or null for the point at infinity (the reference's TPM_RC_NO_RESULT). */
    public static ECPoint multiply(ECPoint point, BigInteger k) {
        ECPoint product = point.multiply(k).normalize();
        return product.isInfinity() ? null : product;
    }

    /** [k]G. */
    public static ECPoint multiplyBase(ECDomainParameters domain, BigInteger k) {
        return multiply(domain.getG(), k);
    }

    /** BnPointTo2B: {x, y}, each as long as the curve order. */
    public static byte[][] encode(ECDomainParameters domain, ECPoint point) {
        int size = EccCurves.orderBytes(domain);
        return new byte[][] {fixed(size, point.getAffineXCoord().toBigInteger()),
            fixed(size, point.getAffineYCoord().toBigInteger())};
    }

    /** BnTo2B with a size: the value left-padded to size octets, or a single 0 octet for zero. */
    public static byte[] fixed(int size, BigInteger value) {
        return value.signum() == 0 ? new byte[1] : BigIntegers.asUnsignedByteArray(size, value);
    }

    /** BnTo2B without a size: the value in as few octets as it needs, a single 0 octet for zero. */
    public static byte[] minimal(BigInteger value) {
        return value.signum() == 0 ? new byte[1] : BigIntegers.asUnsignedByteArray(value);
    }
}
