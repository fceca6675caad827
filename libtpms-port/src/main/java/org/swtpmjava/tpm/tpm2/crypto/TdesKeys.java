package org.swtpmjava.tpm.tpm2.crypto;

import java.nio.ByteBuffer;

/**
 * TDES keys as libtpms makes and accepts them (CryptDes.c): every byte gets odd parity; a key is
 * valid if none of its two or three DES keys is one of the 64 weak, semi-weak or possibly weak
 * DES keys (after parity), K1 != K2 and, for three keys, K2 != K3. A primary's TDES key is drawn
 * from its DRBG again until it is valid.
 */
public final class TdesKeys {
    /** DES keys with odd parity that are weak, semi-weak or possibly weak. */
    private static final long[] WEAK_KEYS = {
            0x0101010101010101L, 0xFEFEFEFEFEFEFEFEL, 0xE0E0E0E0F1F1F1F1L, 0x1F1F1F1F0E0E0E0EL,
            0x011F011F010E010EL, 0x1F011F010E010E01L, 0x01E001E001F101F1L, 0xE001E001F101F101L,
            0x01FE01FE01FE01FEL, 0xFE01FE01FE01FE01L, 0x1FE01FE00EF10EF1L, 0xE01FE01FF10EF10EL,
            0x1FFE1FFE0EFE0EFEL, 0xFE1FFE1FFE0EFE0EL, 0xE0FEE0FEF1FEF1FEL, 0xFEE0FEE0FEF1FEF1L,
            0x01011F1F01010E0EL, 0x1F1F01010E0E0101L, 0xE0E01F1FF1F10E0EL, 0x0101E0E00101F1F1L,
            0x1F1FE0E00E0EF1F1L, 0xE0E0FEFEF1F1FEFEL, 0x0101FEFE0101FEFEL, 0x1F1FFEFE0E0EFEFEL,
            0xE0FE011FF1FE010EL, 0x011F1F01010E0E01L, 0x1FE001FE0EF101FEL, 0xE0FE1F01F1FE0E01L,
            0x011FE0FE010EF1FEL, 0x1FE0E01F0EF1F10EL, 0xE0FEFEE0F1FEFEF1L, 0x011FFEE0010EFEF1L,
            0x1FE0FE010EF1FE01L, 0xFE0101FEFE0101FEL, 0x01E01FFE01F10EFEL, 0x1FFE01E00EFE01F1L,
            0xFE011FE0FE010EF1L, 0xFE01E01FFE01F10EL, 0x1FFEE0010EFEF101L, 0xFE1F01E0FE0E01F1L,
            0x01E0E00101F1F101L, 0x1FFEFE1F0EFEFE0EL, 0xFE1FE001FE0EF101L, 0x01E0FE1F01F1FE0EL,
            0xE00101E0F10101F1L, 0xFE1F1FFEFE0E0EFEL, 0x01FE1FE001FE0EF1L, 0xE0011FFEF1010EFEL,
            0xFEE0011FFEF1010EL, 0x01FEE01F01FEF10EL, 0xE001FE1FF101FE0EL, 0xFEE01F01FEF10E01L,
            0x01FEFE0101FEFE01L, 0xE01F01FEF10E01FEL, 0xFEE0E0FEFEF1F1FEL, 0x1F01011F0E01010EL,
            0xE01F1FE0F10E0EF1L, 0xFEFE0101FEFE0101L, 0x1F01E0FE0E01F1FEL, 0xE01FFE01F10EFE01L,
            0xFEFE1F1FFEFE0E0EL, 0x1F01FEE00E01FEF1L, 0xE0E00101F1F10101L, 0xFEFEE0E0FEFEF1F1L
    };

    private TdesKeys() {
    }

    /** CryptGenerateKeyDes with a primary-object DRBG. */
    public static byte[] derive(int keyBits, KeyRandom drbg) {
        while (true) {
            byte[] key = drbg.generate(keyBits / 8);
            ByteBuffer words = ByteBuffer.wrap(key);
            for (int offset = 0; offset < key.length; offset += 8) {
                words.putLong(offset, oddParity(words.getLong(offset)));
            }
            if (isValid(key)) {
                return key;
            }
        }
    }

    /** CryptDesValidateKey. */
    public static boolean isValid(byte[] key) {
        int keys = (key.length + 7) / 8;
        if ((keys != 2 && keys != 3) || key.length % 8 != 0) {
            return false;
        }
        long[] k = new long[keys];
        ByteBuffer words = ByteBuffer.wrap(key);
        for (int i = 0; i < keys; i++) {
            k[i] = oddParity(words.getLong(8 * i));
            for (long weak : WEAK_KEYS) {
                if (k[i] == weak) {
                    return false;
                }
            }
        }
        return k[0] != k[1] && (keys != 3 || k[1] != k[2]);
    }

    /** CryptSetOddByteParity: the low bit of each byte makes the byte's bit count odd. */
    static long oddParity(long value) {
        long mask = 0x0101010101010101L;
        long k = value | mask;
        long out = k;
        k ^= k >>> 4;
        k ^= k >>> 2;
        k ^= k >>> 1;
        k &= mask;
        return out ^ k ^ mask;
    }
}
