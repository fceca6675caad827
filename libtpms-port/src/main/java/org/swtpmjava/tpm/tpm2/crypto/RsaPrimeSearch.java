package org.swtpmjava.tpm.tpm2.crypto;

import java.math.BigInteger;

/**
 * The prime generator of derived RSA keys exactly as libtpms 0.9 runs it (libtpms.md §5.2;
 * CryptPrime.c BnGeneratePrimeForRSA, CryptPrimeSieve.c PrimeSelectWithSieve): a DRBG candidate
 * whose top 32 bits are raised to at least sqrt(2)/2 of the range, a sieve over the next 16384
 * odd numbers, survivors picked in a candidate-dependent order and checked with Miller-Rabin
 * witnesses drawn from the same DRBG. Any deviation changes the key, so the reference's
 * arithmetic (32-bit wrap-around included) is reproduced, not improved.
 */
final class RsaPrimeSearch {
    /** MAX_FIELD_SIZE in bytes: one bit per odd number. */
    private static final int FIELD_BYTES = 2048;
    private static final int FIELD_BITS = FIELD_BYTES * 8;
    /**
     * seedValues: one 105-bit period of the field with the multiples of 3, 5 and 7 cleared
     * (bit j stands for start + 2j, start a multiple of 105), as 105 bytes repeated.
     */
    private static final byte[] PRESIEVED = presieved();
    /** sieveMarks: primes per group until the group's largest prime reaches the mark. */
    private static final int[][] SIEVE_MARKS = {{31, 7}, {73, 5}, {241, 4}, {1621, 3}, {0xFFFF, 2}};

    private final KeyRandom drbg;
    private final int seedCompatLevel;

    RsaPrimeSearch(KeyRandom drbg, int seedCompatLevel) {
        this.drbg = drbg;
        this.seedCompatLevel = seedCompatLevel;
    }

    /** The 105-byte pattern: bit i of byte b stands for the odd number 2(8b + i) past a multiple of 105. */
    private static byte[] presieved() {
        byte[] pattern = new byte[105];
        for (int bit = 0; bit < 105 * 8; bit++) {
            int offset = 2 * bit + 105; // an odd number with the residues of start + 2 * bit
            if (offset % 3 != 0 && offset % 5 != 0 && offset % 7 != 0) {
                pattern[bit >>> 3] |= (byte) (1 << (bit & 7));
            }
        }
        return pattern;
    }

    /** BnGeneratePrimeForRSA: candidates until one yields a prime. */
    BigInteger generate(int bits, long exponent) {
        while (true) {
            BigInteger candidate = adjustedCandidate(bits);
            BigInteger prime = selectWithSieve(candidate, bits, exponent);
            if (prime != null) {
                return prime;
            }
        }
    }

    /**
     * The candidate of {@code bits} DRBG bits, adjusted (RsaAdjustPrimeCandidate). Level 1: the
     * bytes are a big-endian number whose top 32 bits become hi * 0x4AFB + 0xB5050000 in 16.16
     * fixed point. Level 0 (seeds from libtpms before 0.8): the bytes fill 64-bit words in x86-64
     * order, which makes them a little-endian number; the top 16 bits are adjusted and bits 16-47
     * of the top word are lost (the pre-rev. 155 mask).
     */
    private BigInteger adjustedCandidate(int bits) {
        byte[] random = drbg.generate(bits / 8);
        if (seedCompatLevel == 0) {
            byte[] bigEndian = new byte[random.length];
            for (int i = 0; i < random.length; i++) {
                bigEndian[i] = random[random.length - 1 - i];
            }
            BigInteger value = new BigInteger(1, bigEndian);
            long topWord = value.shiftRight(bits - 64).longValue();
            long high = ((((topWord >>> 48) & 0xFFFF) * 0x4AFB) >>> 16) + 0xB505;
            // the old code kept only the low 16 bits of the top word below the adjusted ones
            long newTop = ((high & 0xFFFF) << 48) | (topWord & 0xFFFF);
            BigInteger low = value.subtract(value.shiftRight(bits - 64).shiftLeft(bits - 64));
            return new BigInteger(1, longBytes(newTop)).shiftLeft(bits - 64).add(low).setBit(0);
        }
        BigInteger value = new BigInteger(1, random);
        long msw = value.shiftRight(bits - 32).longValue() & 0xFFFFFFFFL;
        long adjusted = (msw >>> 16) * 0x4AFB + (((msw & 0xFFFF) * 0x4AFB) >>> 16) + 0xB5050000L;
        BigInteger low = value.subtract(value.shiftRight(bits - 32).shiftLeft(bits - 32));
        return BigInteger.valueOf(adjusted & 0xFFFFFFFFL).shiftLeft(bits - 32).add(low).setBit(0);
    }

    /**
     * PrimeSelectWithSieve: sieve the field above the (lowered) candidate, then try survivors
     * in the order ((first mod remaining) + 1)-th set bit; null if the field has no prime.
     */
    private BigInteger selectWithSieve(BigInteger candidate, int bits, long exponent) {
        int requested = bits <= 512 ? 1024 : bits <= 1024 ? 4096 : 0;
        int limitIndex = SmallPrimes.sieveLimitIndex(requested);
        long first = (candidate.longValue() & 0xFFFFFFFFL) | 0x80000000L;
        int adjust = candidate.mod(BigInteger.valueOf(105)).intValue();
        if ((adjust & 1) != 0) {
            adjust += 105;
        }
        BigInteger start = candidate.subtract(BigInteger.valueOf(adjust));
        byte[] field = sieve(start, limitIndex);
        BigInteger bigExponent = BigInteger.valueOf(exponent);
        for (int ones = bitCount(field); ones > 0; ones--) {
            int chosen = nthSetBit(field, (int) (first % ones) + 1);
            BigInteger test = start.add(BigInteger.valueOf(2L * chosen));
            int modE = test.mod(bigExponent).intValue();
            if (modE != 0 && modE != 1 && MillerRabin.isProbablePrime(test, drbg)) {
                return test;
            }
            field[chosen >>> 3] &= (byte) ~(1 << (chosen & 7));
        }
        return null;
    }

    /** PrimeSieve: clears the bits of start + 2j divisible by a table prime from 11 up to the limit. */
    private static byte[] sieve(BigInteger start, int limitIndex) {
        byte[] field = new byte[FIELD_BYTES];
        for (int offset = 0; offset < FIELD_BYTES; offset += PRESIEVED.length) {
            System.arraycopy(PRESIEVED, 0, field, offset, Math.min(PRESIEVED.length, FIELD_BYTES - offset));
        }
        int mark = 0;
        int count = SIEVE_MARKS[0][1];
        int stop = SIEVE_MARKS[0][0];
        int iterator = 7;
        int[] group = new int[8];
        while ((iterator = SmallPrimes.nextPrime(iterator, limitIndex)) != 0) {
            // a group of count primes, largest first at index 1; their product wraps at 32 bits as in C
            int composite = iterator;
            group[count] = iterator;
            for (int i = count - 1; i > 0; i--) {
                iterator = SmallPrimes.nextPrime(iterator, limitIndex);
                group[i] = iterator;
                if (iterator != 0) {
                    composite *= iterator;
                }
            }
            long residue = start.mod(BigInteger.valueOf(Integer.toUnsignedLong(composite))).longValue();
            int next = 0;
            for (int i = count; i > 0; i--) {
                next = group[i];
                if (next == 0) {
                    return field;
                }
                long r = residue % next;
                long j = (r & 1) != 0 ? (next - r) / 2 : r == 0 ? 0 : next - r / 2;
                for (; j < FIELD_BITS; j += next) {
                    field[(int) (j >>> 3)] &= (byte) ~(1 << (j & 7));
                }
            }
            if (next >= stop) {
                mark++;
                count = SIEVE_MARKS[mark][1];
                stop = SIEVE_MARKS[mark][0];
            }
        }
        return field;
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (56 - 8 * i));
        }
        return bytes;
    }

    private static int bitCount(byte[] field) {
        int count = 0;
        for (byte b : field) {
            count += Integer.bitCount(b & 0xFF);
        }
        return count;
    }

    /** FindNthSetBit: the index of the n-th set bit (n from 1). */
    private static int nthSetBit(byte[] field, int n) {
        int seen = 0;
        for (int bit = 0; bit < FIELD_BITS; bit++) {
            if ((field[bit >>> 3] & (1 << (bit & 7))) != 0 && ++seen == n) {
                return bit;
            }
        }
        throw new IllegalStateException("sieve field has fewer than " + n + " bits set");
    }
}
