package org.swtpmjava.tpm.tpm2.crypto;

import java.math.BigInteger;

/**
 * The reference's Miller-Rabin test (FIPS 186-3 C.3.1, CryptPrime.c MillerRabin) with witnesses
 * from the primary-object DRBG: each witness is a DRBG number of the candidate's bit length,
 * redrawn while it is not in (1, w - 1). Rounds: 8 below 511 bits, 5 below 1536, else 4.
 */
final class MillerRabin {
    private MillerRabin() {
    }

    static int rounds(int bits) {
        if (bits < 511) {
            return 8;
        }
        return bits < 1536 ? 5 : 4;
    }

    static boolean isProbablePrime(BigInteger w, KeyRandom drbg) {
        BigInteger wMinus1 = w.subtract(BigInteger.ONE);
        int a = wMinus1.getLowestSetBit();
        BigInteger m = wMinus1.shiftRight(a);
        int bits = w.bitLength();
        for (int round = 0; round < rounds(bits); round++) {
            BigInteger b;
            do {
                b = randomBits(drbg, bits);
            } while (b.compareTo(BigInteger.ONE) <= 0 || b.compareTo(wMinus1) >= 0);
            BigInteger z = b.modPow(m, w);
            if (z.equals(BigInteger.ONE) || z.equals(wMinus1)) {
                continue;
            }
            boolean passed = false;
            for (int j = 1; j < a; j++) {
                z = z.multiply(z).mod(w);
                if (z.equals(wMinus1)) {
                    passed = true;
                    break;
                }
                if (z.equals(BigInteger.ONE)) {
                    break;
                }
            }
            if (!passed) {
                return false;
            }
        }
        return true;
    }

    /** BnGetRandomBits: ceil(bits / 8) DRBG bytes as a big-endian number, masked to {@code bits}. */
    static BigInteger randomBits(KeyRandom drbg, int bits) {
        BigInteger value = new BigInteger(1, drbg.generate((bits + 7) / 8));
        return value.bitLength() > bits ? value.subtract(value.shiftRight(bits).shiftLeft(bits)) : value;
    }
}
