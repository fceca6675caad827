package org.swtpmjava.tpm.tpm2.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.util.Pack;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * A running SHA-1/256/384/512 computation in the fields of OpenSSL's SHA_CTX / SHA256_CTX /
 * SHA512_CTX, which is how libtpms stores a sequence object's hash (HASH_STATE, libtpms.md §4.9):
 * the chaining value h, the message length in bits split into a low (Nl) and a high (Nh) word,
 * the buffered partial block, the number of buffered bytes (num) and, except for SHA-1, the
 * output length (md_len). The engine computes hashes with Bouncy Castle; this converts between
 * the two by way of Bouncy Castle's encoded digest state (SHA1Digest/SHA256Digest: buffer word,
 * byte count, H1..Hn, the assembled message words X; SHA384Digest/SHA512Digest: the same with
 * two byte counters and 64-bit words).
 *
 * @param hashAlg SHA-1, SHA-256, SHA-384 or SHA-512
 * @param h       the chaining value (5 or 8 words of 32 bits, or 8 of 64 bits)
 * @param nl      low word of the bit count (32 bits for SHA-1/256, 64 for SHA-384/512)
 * @param nh      high word of the bit count
 * @param data    the block buffer (64 or 128 bytes); its first {@code num} bytes are pending
 * @param num     bytes pending in {@code data}
 * @param mdLen   the digest size (OpenSSL's md_len; not part of SHA_CTX, 0 there)
 */
public record OpenSslHashState(int hashAlg, long[] h, long nl, long nh, byte[] data, int num, int mdLen) {
    private static final long LOW_61_BITS = 0x1FFFFFFFFFFFFFFFL;

    public OpenSslHashState {
        h = h.clone();
        data = data.clone();
    }

    @Override
    public long[] h() {
        return h.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Whether the algorithm uses 64-bit words (SHA-384, SHA-512). */
    public static boolean isLongDigest(int hashAlg) {
        return hashAlg == TpmAlgId.SHA384 || hashAlg == TpmAlgId.SHA512;
    }

    /** Number of words in h: 5 for SHA-1, else 8. */
    public static int chainingWords(int hashAlg) {
        return hashAlg == TpmAlgId.SHA1 ? 5 : 8;
    }

    /** The block size: 64 bytes, 128 for SHA-384/512. */
    public static int blockSize(int hashAlg) {
        return isLongDigest(hashAlg) ? 128 : 64;
    }

    /** The state of a fresh digest (what SHA*_Init leaves). */
    public static OpenSslHashState initial(int hashAlg) {
        return of(Hashes.newDigest(hashAlg), hashAlg);
    }

    /** The state of a digest made by {@link Hashes#newDigest} (or restored by {@link Hashes#restoreDigest}). */
    public static OpenSslHashState of(Digest digest, int hashAlg) {
        return fromEncodedState(hashAlg, Hashes.encodedState(digest));
    }

    /**
     * Reads Bouncy Castle's encoded state. The partial block comes back with zeros after the
     * pending bytes, as OpenSSL's SHA-1/SHA-256 keep it; OpenSSL's SHA-384/512 leave the bytes of
     * an earlier block there, which no one reads.
     */
    public static OpenSslHashState fromEncodedState(int hashAlg, byte[] state) {
        int words = chainingWords(hashAlg);
        byte[] block = new byte[blockSize(hashAlg)];
        if (isLongDigest(hashAlg)) {
            // xBuf[8], xBufOff, byteCount1, byteCount2, H1..H8, wOff, W[wOff], purpose
            int wOff = checkedCount(state, 92, 96, 8, 16);
            int xBufOff = Pack.bigEndianToInt(state, 8);
            long byteCount1 = Pack.bigEndianToLong(state, 12);
            long byteCount2 = Pack.bigEndianToLong(state, 20);
            long[] h = new long[words];
            for (int i = 0; i < words; i++) {
                h[i] = Pack.bigEndianToLong(state, 28 + 8 * i);
            }
            System.arraycopy(state, 96, block, 0, 8 * wOff);
            checkBuffered(xBufOff, 8);
            System.arraycopy(state, 0, block, 8 * wOff, xBufOff);
            // BC counts bytes in byteCount1 (kept below 2^61) and carries into byteCount2 in
            // units of 2^64 bits: exactly OpenSSL's Nl (bits, low) and Nh (high).
            return new OpenSslHashState(hashAlg, h, byteCount1 << 3, byteCount2, block, 8 * wOff + xBufOff,
                    Hashes.digestSize(hashAlg));
        }
        // xBuf[4], xBufOff, byteCount, H1..Hn, xOff, X[xOff], purpose
        int xOffAt = 16 + 4 * words;
        int xOff = checkedCount(state, xOffAt, xOffAt + 4, 4, 16);
        int xBufOff = Pack.bigEndianToInt(state, 4);
        long bits = Pack.bigEndianToLong(state, 8) << 3;
        long[] h = new long[words];
        for (int i = 0; i < words; i++) {
            h[i] = Integer.toUnsignedLong(Pack.bigEndianToInt(state, 16 + 4 * i));
        }
        System.arraycopy(state, xOffAt + 4, block, 0, 4 * xOff);
        checkBuffered(xBufOff, 4);
        System.arraycopy(state, 0, block, 4 * xOff, xBufOff);
        return new OpenSslHashState(hashAlg, h, bits & 0xFFFFFFFFL, bits >>> 32, block, 4 * xOff + xBufOff,
                hashAlg == TpmAlgId.SHA1 ? 0 : Hashes.digestSize(hashAlg));
    }

    /**
     * Bouncy Castle's encoded state for the same computation ({@link Hashes#restoreDigest} takes
     * it). The bit count's low three bits and md_len have no place there: a state that OpenSSL
     * cannot have made (num not below the block size, fewer bits than pending bytes) is
     * IllegalArgumentException.
     */
    public byte[] toEncodedState() {
        int block = blockSize(hashAlg);
        if (num < 0 || num >= block || data.length != block || h.length != chainingWords(hashAlg)) {
            throw new IllegalArgumentException("hash state with " + num + " pending bytes");
        }
        byte[] purpose = Hashes.encodedState(Hashes.newDigest(hashAlg));
        int wordSize = isLongDigest(hashAlg) ? 8 : 4;
        int fullWords = num / wordSize;
        int rest = num % wordSize;
        byte[] state;
        if (isLongDigest(hashAlg)) {
            long byteCount1 = nl >>> 3;
            if (nh == 0 && byteCount1 < num) {
                throw new IllegalArgumentException("hash state with fewer bits than pending bytes");
            }
            state = new byte[96 + 8 * fullWords + 1];
            System.arraycopy(data, 8 * fullWords, state, 0, rest);
            Pack.intToBigEndian(rest, state, 8);
            Pack.longToBigEndian(byteCount1 & LOW_61_BITS, state, 12);
            Pack.longToBigEndian(nh, state, 20);
            for (int i = 0; i < h.length; i++) {
                Pack.longToBigEndian(h[i], state, 28 + 8 * i);
            }
            Pack.intToBigEndian(fullWords, state, 92);
            System.arraycopy(data, 0, state, 96, 8 * fullWords);
        } else {
            long bits = (nh << 32) | (nl & 0xFFFFFFFFL);
            long byteCount = bits >>> 3;
            if (byteCount < num) {
                throw new IllegalArgumentException("hash state with fewer bits than pending bytes");
            }
            int xOffAt = 16 + 4 * h.length;
            state = new byte[xOffAt + 4 + 4 * fullWords + 1];
            System.arraycopy(data, 4 * fullWords, state, 0, rest);
            Pack.intToBigEndian(rest, state, 4);
            Pack.longToBigEndian(byteCount, state, 8);
            for (int i = 0; i < h.length; i++) {
                Pack.intToBigEndian((int) h[i], state, 16 + 4 * i);
            }
            Pack.intToBigEndian(fullWords, state, xOffAt);
            System.arraycopy(data, 0, state, xOffAt + 4, 4 * fullWords);
        }
        state[state.length - 1] = purpose[purpose.length - 1];
        return state;
    }

    /** A digest that continues this computation. */
    public Digest toDigest() {
        return Hashes.restoreDigest(hashAlg, toEncodedState());
    }

    private static int checkedCount(byte[] state, int countAt, int wordsAt, int wordSize, int maxWords) {
        if (state.length < wordsAt + 1) {
            throw new IllegalStateException("unexpected Bouncy Castle digest state of " + state.length + " bytes");
        }
        int count = Pack.bigEndianToInt(state, countAt);
        if (count < 0 || count >= maxWords || state.length != wordsAt + wordSize * count + 1) {
            throw new IllegalStateException("unexpected Bouncy Castle digest state of " + state.length + " bytes");
        }
        return count;
    }

    private static void checkBuffered(int xBufOff, int wordSize) {
        if (xBufOff < 0 || xBufOff >= wordSize) {
            throw new IllegalStateException("unexpected Bouncy Castle digest buffer offset " + xBufOff);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OpenSslHashState o && hashAlg == o.hashAlg && Arrays.equals(h, o.h) && nl == o.nl
                && nh == o.nh && Arrays.equals(data, o.data) && num == o.num && mdLen == o.mdLen;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(h) + Arrays.hashCode(data) + num;
    }
}
