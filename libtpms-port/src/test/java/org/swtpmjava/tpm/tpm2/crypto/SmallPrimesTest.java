package org.swtpmjava.tpm.tpm2.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The small-prime table and libtpms' IsPrimeInt, RsaAdjustPrimeLimit and RsaNextPrime on it. */
class SmallPrimesTest {

    @Test
    void theTableHoldsTheOddPrimesUpTo65537() {
        int count = 0;
        for (int k = 0; k <= SmallPrimes.LAST_PRIME / 2; k++) {
            boolean prime = SmallPrimes.isOddPrimeIndex(k);
            assertThat(prime).as("%d", 2 * k + 1).isEqualTo(k > 0 && BigInteger.valueOf(2L * k + 1).isProbablePrime(40));
            count += prime ? 1 : 0;
        }
        assertThat(count).isEqualTo(SmallPrimes.PRIMES_IN_TABLE);
    }

    @Test
    void sieveLimitsFollowThePrimeMarkers() {
        assertThat(SmallPrimes.sieveLimitIndex(1024)).isEqualTo(8167 >>> 1);
        assertThat(SmallPrimes.sieveLimitIndex(4096)).isEqualTo(38891 >>> 1);
        assertThat(SmallPrimes.sieveLimitIndex(0)).as("whole table: libtpms stops below 65537").isEqualTo(65535 >>> 1);
        assertThat(SmallPrimes.nextPrime(7, SmallPrimes.sieveLimitIndex(1024))).isEqualTo(11);
        assertThat(SmallPrimes.nextPrime(8161, SmallPrimes.sieveLimitIndex(1024))).isEqualTo(8167);
        assertThat(SmallPrimes.nextPrime(8167, SmallPrimes.sieveLimitIndex(1024))).isZero();
        assertThat(SmallPrimes.nextPrime(0, SmallPrimes.sieveLimitIndex(0))).isZero();
    }

    @Test
    void isPrimeIntAsLibtpms() {
        assertThat(SmallPrimes.isPrimeInt(2)).isTrue();
        assertThat(SmallPrimes.isPrimeInt(65537)).isTrue();
        assertThat(SmallPrimes.isPrimeInt(65539)).isTrue();
        assertThat(SmallPrimes.isPrimeInt(65541)).isFalse();
        assertThat(SmallPrimes.isPrimeInt(4294967291L)).as("largest 32-bit prime").isTrue();
        assertThat(SmallPrimes.isPrimeInt(4294967295L)).isFalse();
        assertThat(SmallPrimes.isPrimeInt(257L * 263)).isFalse();
        assertThat(SmallPrimes.isPrimeInt(257L * 257)).as("the root itself is never tried").isTrue();
    }

    @Test
    void derivedRsaKeysAreConsistent() {
        PrimaryObjectDrbg drbg = new PrimaryObjectDrbg(new byte[64], new byte[] {0, 0x0b}, new byte[0]);
        RsaPrimaryKey key = RsaPrimaryKey.derive(1024, 0, 1, drbg);
        BigInteger n = new BigInteger(1, key.modulus());
        BigInteger p = new BigInteger(1, key.prime());
        assertThat(n.bitLength()).isEqualTo(1024);
        assertThat(p.bitLength()).isEqualTo(512);
        assertThat(p.isProbablePrime(40)).isTrue();
        assertThat(n.mod(p)).isEqualTo(BigInteger.ZERO);
        assertThat(n.divide(p).isProbablePrime(40)).isTrue();
        assertThat(p.mod(BigInteger.valueOf(65537))).isNotIn(BigInteger.ZERO, BigInteger.ONE);
    }
}
