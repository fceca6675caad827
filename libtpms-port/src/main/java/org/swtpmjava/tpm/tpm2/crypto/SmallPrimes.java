package org.swtpmjava.tpm.tpm2.crypto;

import java.util.BitSet;

/**
 * The odd primes up to 65537 (the reference's s_PrimeTable, computed here with a sieve of
 * Eratosthenes instead of stored: bit k stands for 2k + 1) and the two helpers libtpms builds on
 * it: IsPrimeInt, which checks a public exponent, and the iterator of the RSA prime sieve.
 */
final class SmallPrimes {
    /** s_LastPrimeInTable. */
    static final int LAST_PRIME = 65537;
    /** s_PrimesInTable: the odd primes up to LAST_PRIME. */
    static final int PRIMES_IN_TABLE = 6542;
    /** s_PrimeMarkers: the 1024th, 2048th, ... prime, limits of the sieve for smaller primes. */
    private static final int[] MARKERS = {8167, 17881, 28183, 38891, 49871, 60961};

    private static final BitSet ODD_PRIMES = sieve();

    private SmallPrimes() {
    }

    private static BitSet sieve() {
        int indices = LAST_PRIME / 2 + 1;
        BitSet composite = new BitSet(indices);
        for (int k = 1; k < indices; k++) {
            long p = 2L * k + 1;
            if (!composite.get(k) && p * p <= LAST_PRIME) {
                for (long multiple = p * p; multiple <= LAST_PRIME; multiple += 2 * p) {
                    composite.set((int) (multiple / 2));
                }
            }
        }
        BitSet primes = new BitSet(indices);
        primes.set(1, indices);
        primes.andNot(composite);
        return primes;
    }

    /** True if 2k + 1 is an odd prime up to LAST_PRIME. */
    static boolean isOddPrimeIndex(int k) {
        return ODD_PRIMES.get(k);
    }

    /**
     * RsaAdjustPrimeLimit: the last table index the sieve may use when it wants the first
     * {@code requested} primes (0 = all). libtpms stops just below 65537 when the whole table is
     * asked for (its fix for 3072-bit keys).
     */
    static int sieveLimitIndex(int requested) {
        int count = requested == 0 || requested > PRIMES_IN_TABLE ? PRIMES_IN_TABLE : requested;
        int marker = (count - 1) / 1024;
        int limit = marker < MARKERS.length ? MARKERS[marker] : LAST_PRIME - 2;
        return limit >>> 1;
    }

    /** RsaNextPrime: the next odd prime after {@code last} up to the limit index, or 0. */
    static int nextPrime(int last, int limitIndex) {
        if (last == 0) {
            return 0;
        }
        for (int k = (last >>> 1) + 1; k <= limitIndex; k++) {
            if (ODD_PRIMES.get(k)) {
                return 2 * k + 1;
            }
        }
        return 0;
    }

    /**
     * IsPrimeInt for an unsigned 32-bit n: the table up to 65537, then trial division by the odd
     * table primes below the reference's rounded square root. Reproduced as it is: the square of
     * a prime above 256 is not caught, because the root itself is not tried.
     */
    static boolean isPrimeInt(long n) {
        if (n < 3 || (n & 1) == 0) {
            return n == 2;
        }
        if (n <= LAST_PRIME) {
            return ODD_PRIMES.get((int) (n >>> 1));
        }
        long stop = root2(n) >>> 1;
        for (long i = 1; i < stop; i++) {
            if (ODD_PRIMES.get((int) i) && n % (2 * i + 1) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Root2: ceil(sqrt(n)) by the reference's Newton iteration (n an unsigned 32-bit value). */
    private static long root2(long n) {
        long last = n >>> 2;
        long next = n >>> 1;
        for (; next != 0; last >>= 1, next >>= 2) {
            // halve the estimate's bit length
        }
        last++;
        long diff;
        do {
            next = (last + n / last) >> 1;
            diff = next - last;
            last = next;
        } while (diff < -1 || diff > 1);
        if (n / next > next) {
            next++;
        }
        return next;
    }
}
