package org.swtpmjava.tpm.tpm2.crypto;

import java.math.BigInteger;
import org.bouncycastle.util.BigIntegers;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * An RSA key drawn from a primary-object DRBG as libtpms does (CryptRsa.c CryptRsaGenerateKey
 * with a DRBG): the first prime found becomes Q, the next P, P is searched again while |P - Q|
 * has fewer than 101 bits; N = P * Q; the sensitive area keeps P. The private exponents always
 * exist here (the sieve rejects p = 1 mod e), and the trial encryption libtpms does for signing
 * keys draws only the seedValue bytes that signing keys discard, so neither is repeated.
 *
 * @param modulus N, keyBits / 8 bytes
 * @param prime   P, keyBits / 16 bytes
 */
public record RsaPrimaryKey(byte[] modulus, byte[] prime) {
    /** RSA_DEFAULT_PUBLIC_EXPONENT. */
    public static final long DEFAULT_EXPONENT = 65537;

    /**
     * @param exponent the template's exponent as unsigned 32 bits; 0 means 65537. Below 65537
     *                 or not prime (IsPrimeInt): TPM_RC_RANGE.
     */
    public static RsaPrimaryKey derive(int keyBits, int exponent, int seedCompatLevel, KeyRandom drbg) {
        long e = exponent == 0 ? DEFAULT_EXPONENT : Integer.toUnsignedLong(exponent);
        if (e < DEFAULT_EXPONENT || e != DEFAULT_EXPONENT && !SmallPrimes.isPrimeInt(e)) {
            throw new TpmRcException(TpmRc.RANGE);
        }
        if (keyBits % 1024 != 0 || keyBits == 0 || keyBits > 3072) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        RsaPrimeSearch search = new RsaPrimeSearch(drbg, seedCompatLevel);
        BigInteger q = search.generate(keyBits / 2, e);
        while (true) {
            BigInteger p = search.generate(keyBits / 2, e);
            if (p.subtract(q).abs().bitLength() - 1 < 100) {
                continue;
            }
            BigInteger n = p.multiply(q);
            return new RsaPrimaryKey(BigIntegers.asUnsignedByteArray(keyBits / 8, n),
                    BigIntegers.asUnsignedByteArray(keyBits / 16, p));
        }
    }

    public RsaPrimaryKey {
        modulus = modulus.clone();
        prime = prime.clone();
    }

    @Override
    public byte[] modulus() {
        return modulus.clone();
    }

    @Override
    public byte[] prime() {
        return prime.clone();
    }
}
