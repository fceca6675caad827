package org.swtpmjava.tpm.tpm2.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * An ECC key drawn from a primary-object DRBG as libtpms does (BnEccGetPrivate, FIPS 186-4
 * B.4.1): d = (an integer of orderBytes + 8 DRBG bytes) mod (n - 1) + 1, Q = d * G. The
 * coordinates and d are left-padded to the order's byte size.
 *
 * @param d the private scalar
 * @param x Q's x coordinate
 * @param y Q's y coordinate
 */
public record EccPrimaryKey(byte[] d, byte[] x, byte[] y) {

    public static EccPrimaryKey derive(ECDomainParameters domain, KeyRandom drbg) {
        int size = EccCurves.orderBytes(domain);
        BigInteger extra = new BigInteger(1, drbg.generate(size + 8));
        BigInteger d = extra.mod(domain.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
        ECPoint q = domain.getG().multiply(d).normalize();
        return new EccPrimaryKey(BigIntegers.asUnsignedByteArray(size, d),
                BigIntegers.asUnsignedByteArray(size, q.getAffineXCoord().toBigInteger()),
                BigIntegers.asUnsignedByteArray(size, q.getAffineYCoord().toBigInteger()));
    }
}
