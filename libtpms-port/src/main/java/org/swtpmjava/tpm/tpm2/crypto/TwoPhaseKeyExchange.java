package org.swtpmjava.tpm.tpm2.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.swtpmjava.tpm.tpm2.platform.TpmFailure;

/**
 * CryptEcc2PhaseKeyExchange (reference CryptEccKeyExchange.c) as libtpms 0.9.2 computes it on a
 * 64-bit little-endian host, for a static private key dsA, an ephemeral private key deA and
 * party B's static and ephemeral public points QsB and QeB (all on the curve; every curve the
 * engine knows has cofactor 1):
 * <ul>
 * <li>ECDH, C(2e, 2s, ECC CDH) of SP 800-56A: Z1 = [dsA]QsB, Z2 = [deA]QeB;</li>
 * <li>SM2 (GM/T 0003.3): Z = [tA](QsB + [x2']QeB), tA = dsA + x1' deA mod n, where x' is the
 * reference's avf, with libtpms' word arithmetic (see {@link #sm2Avf});</li>
 * <li>ECMQV: C_2_2_MQV reduces modulo an order it never loads (zero), so libtpms fails with
 * FATAL_ERROR_DIVIDE_ZERO once the inputs are checked.</li>
 * </ul>
 */
public final class TwoPhaseKeyExchange {
    /** crypt_uword_t of a 64-bit host: libtpms' big numbers are arrays of these. */
    private static final int RADIX_BITS = 64;
    /**
     * Words of an ECC_NUM: BITS_TO_CRYPT_WORDS(MAX_ECC_KEY_BYTES * 8) + 1, with BN P-638 the
     * largest curve (80 bytes). A product that needs more words fails BnFromBytes' pAssert.
     */
    private static final int ECC_NUM_WORDS = (80 * 8 + RADIX_BITS - 1) / RADIX_BITS + 1;

    /** outZ1 and outZ2 (null where the scheme leaves it empty). */
    public record Result(ECPoint z1, ECPoint z2) {
    }

    private TwoPhaseKeyExchange() {
    }

    /** C_2_2_ECDH; null (TPM_RC_NO_RESULT) if a product is the point at infinity. */
    public static Result ecdh(ECPoint qsB, ECPoint qeB, BigInteger dsA, BigInteger deA) {
        ECPoint zs = EccPoints.multiply(qsB, dsA);
        ECPoint ze = zs == null ? null : EccPoints.multiply(qeB, deA);
        return ze == null ? null : new Result(zs, ze);
    }

    /** C_2_2_MQV in libtpms 0.9.2: BnMod with the never-set order is a division by zero. */
    public static Result ecmqv() {
        throw new TpmFailure(TpmFailure.FATAL_ERROR_DIVIDE_ZERO, "C_2_2_MQV reduces modulo zero");
    }

    /** SM2KeyExchange: one point (Z2 stays empty), or null (TPM_RC_NO_RESULT) for the point at infinity. */
    public static Result sm2(ECDomainParameters domain, ECPoint qsB, ECPoint qeB, BigInteger qeBx, BigInteger dsA,
                             BigInteger deA) {
        BigInteger n = domain.getN();
        // ComputeWForSM2: BnMsb(n) / 2 - 1
        int w = (n.bitLength() - 1) / 2 - 1;
        ECPoint qeA = EccPoints.multiplyBase(domain, deA);
        BigInteger product = deA.multiply(sm2Avf(qeA.getAffineXCoord().toBigInteger(), w));
        if (words(product) > ECC_NUM_WORDS) {
            // BnMult into an ECC_NUM: BnFromBytes' pAssert (P-521 and BN P-638)
            throw new TpmFailure(TpmFailure.FATAL_ERROR_PARAMETER, "SM2 key exchange product does not fit an ECC_NUM");
        }
        BigInteger tA = dsA.add(product).mod(n);
        // qeBx is the x coordinate as received (BnCopy of the input, not reduced modulo p)
        ECPoint sum = qsB.add(qeB.multiply(sm2Avf(qeBx, w))).normalize();
        if (sum.isInfinity()) {
            return null;
        }
        ECPoint z = EccPoints.multiply(sum, tA);
        return z == null ? null : new Result(z, null);
    }

    /**
     * avfSm2 as libtpms 0.9.2 evaluates it: BnMaskBits(x, w) keeps the low words below word
     * w / 64 and, of that word, the low 64 - (w mod 64) bits (its mask is ~0 >> (w mod 64));
     * BnSetBit(x, w) then ORs in {@code (crypt_uword_t)(1 << (w mod 64))}, an int shift, which on
     * x86-64 shifts by (w mod 64) mod 32 and sign-extends bit 31. For P-256 (w = 126) this is
     * (x mod 2^66) | 2^94, not the standard 2^126 + (x mod 2^126).
     */
    static BigInteger sm2Avf(BigInteger x, int w) {
        int words = (w + RADIX_BITS - 1) / RADIX_BITS;
        int inWord = w % RADIX_BITS;
        int keptBits = inWord == 0 ? words * RADIX_BITS : (words - 1) * RADIX_BITS + (RADIX_BITS - inWord);
        BigInteger value = x.mod(BigInteger.ONE.shiftLeft(keptBits));
        int base = (w / RADIX_BITS) * RADIX_BITS;
        int shift = inWord & 31;
        value = value.setBit(base + shift);
        if (shift == 31) {
            // the int 1 << 31 is negative: its conversion to a 64-bit word sets bits 31..63
            for (int bit = 32; bit < RADIX_BITS; bit++) {
                value = value.setBit(base + bit);
            }
        }
        return value;
    }

    private static int words(BigInteger value) {
        return (value.bitLength() + RADIX_BITS - 1) / RADIX_BITS;
    }
}
