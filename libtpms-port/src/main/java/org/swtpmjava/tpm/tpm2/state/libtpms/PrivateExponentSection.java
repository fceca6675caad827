package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.math.BigInteger;
import org.swtpmjava.tpm.tpm2.crypto.RsaPrimaryKey;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmsRsaParms;

/**
 * PRIVATE_EXPONENT_T of an OBJECT (libtpms.md §4.9): the CRT form of an RSA private key as
 * libtpms keeps it next to the prime P of the sensitive area: Q, dP, dQ, qInv, each a
 * BN_PRIME_T. As ComputePrivateExponent makes them, Q is N / P, while dP, dQ and qInv are
 * computed with the larger of the two primes as "p" (dP = e^-1 mod (p - 1), dQ = e^-1 mod
 * (q - 1), qInv = q^-1 mod p). Other objects have four zeros.
 *
 * <p>BN_PRIME_T: u16 byte count (whole 64-bit words), then the words least significant first,
 * each big-endian. Read as bn_prime_t_Unmarshal reads it: 32-bit halves, the first of a pair
 * the high one, an odd last half taken as a high half (how a 64-bit libtpms takes the 32-bit
 * granularity); more words than a bn_prime_t holds is TPM_RC_SIZE.
 */
final class PrivateExponentSection {
    private static final int MAGIC = 0x0854EAB2;
    private static final int VERSION = 2;
    private static final int BN_PRIME_MAGIC = 0x2FE736AB;
    private static final int BN_PRIME_VERSION = 2;
    /** bn_prime_t on x86-64: BITS_TO_CRYPT_WORDS(MAX_RSA_KEY_BITS / 2) + 1 words of 64 bits. */
    static final int BN_PRIME_WORDS = 1536 / 64 + 1;
    private static final BigInteger[] ZEROS = {BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO};

    private PrivateExponentSection() {
    }

    /**
     * Q, dP, dQ, qInv of an RSA key with its private part; null if it is not one or its values do
     * not make an RSA key (then libtpms recomputes them when it uses the key, and fails there).
     */
    static BigInteger[] compute(LoadedObject object) {
        if (object.publicArea().type() != TpmAlgId.RSA || object.sensitive().length == 0) {
            return null;
        }
        try {
            BigInteger n = new BigInteger(1, object.publicArea().unique().first());
            BigInteger p = new BigInteger(1, object.sensitive());
            int exponent = ((TpmsRsaParms) object.publicArea().parameters()).exponent();
            BigInteger e = exponent == 0 ? BigInteger.valueOf(RsaPrimaryKey.DEFAULT_EXPONENT)
                    : BigInteger.valueOf(Integer.toUnsignedLong(exponent));
            BigInteger[] qr = n.divideAndRemainder(p);
            BigInteger q = qr[0];
            if (qr[1].signum() != 0) {
                return null;
            }
            BigInteger larger = p.max(q);
            BigInteger smaller = p.min(q);
            return new BigInteger[] {q, e.modInverse(larger.subtract(BigInteger.ONE)),
                e.modInverse(smaller.subtract(BigInteger.ONE)), smaller.modInverse(larger)};
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** The section with {@code values} (Q, dP, dQ, qInv), or four zeros for null. */
    static void write(NvMarshalWriter w, BigInteger[] values) {
        w.header(VERSION, MAGIC, 1);
        for (BigInteger value : values == null ? ZEROS : values) {
            writePrime(w, value);
        }
        w.emptyFutureBlock();
    }

    /** Reads the section; the engine recomputes the values from P when it needs them. */
    static BigInteger[] read(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(MAGIC, VERSION, "PRIVATE_EXPONENT_T");
        BigInteger[] values = new BigInteger[4];
        for (int i = 0; i < values.length; i++) {
            values[i] = readPrime(r);
        }
        if (version >= 2) {
            r.block(false, "PRIVATE_EXPONENT_T version 3 or later");
        }
        return values;
    }

    private static void writePrime(NvMarshalWriter w, BigInteger value) {
        int words = (value.bitLength() + 63) / 64;
        w.header(BN_PRIME_VERSION, BN_PRIME_MAGIC, 1).u16(8 * words);
        for (int i = 0; i < words; i++) {
            w.u64(value.shiftRight(64 * i).longValue());
        }
        w.emptyFutureBlock();
    }

    static BigInteger readPrime(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(BN_PRIME_MAGIC, BN_PRIME_VERSION, "BN_PRIME_T");
        int bytes = r.u16();
        if ((bytes + 7) / 8 > BN_PRIME_WORDS) {
            throw new LibtpmsFormatException(LibtpmsRc.SIZE, "BN_PRIME_T of " + bytes + " bytes");
        }
        int halves = (bytes + 3) / 4;
        long[] words = new long[(halves + 1) / 2];
        for (int i = 0; i < halves; i++) {
            words[i / 2] = (words[i / 2] << 32) | Integer.toUnsignedLong(r.u32());
        }
        if (halves % 2 == 1) {
            words[halves / 2] <<= 32;
        }
        BigInteger value = BigInteger.ZERO;
        for (int i = words.length - 1; i >= 0; i--) {
            value = value.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(words[i])));
        }
        if (version >= 2) {
            r.block(false, "BN_PRIME_T version 3 or later");
        }
        return value;
    }
}
