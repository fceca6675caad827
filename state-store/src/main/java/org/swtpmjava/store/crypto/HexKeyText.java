package org.swtpmjava.store.crypto;

import java.util.Arrays;

/**
 * Parses a {@code format=hex} key file the way swtpm 0.7.1 does (key.c, key_parse_as_hexkey),
 * including its quirks, all checked against the installed C swtpm:
 * <ul>
 *   <li>the content is a C string: only the first {@link StateKey#MAX_KEY_FILE_READ} bytes count
 *       and a NUL byte ends it;</li>
 *   <li>an optional lowercase {@code 0x} prefix ({@code 0X} is not a prefix);</li>
 *   <li>digits are converted in pairs with {@code sscanf("%2hhx")}, so a pair may also be
 *       {@code +d}, {@code -d} or {@code 0x}/{@code 0X} (value 0);</li>
 *   <li>at most 2 x (mode key length) digits are converted; the character after them must be
 *       whitespace or the end, anything after the first whitespace is ignored;</li>
 *   <li>32 digits give an AES-128 key, 64 an AES-256 key; a 128-bit key for aes-256-cbc is refused.</li>
 * </ul>
 */
final class HexKeyText {

    private HexKeyText() {
    }

    static byte[] parse(byte[] fileContent, KeyMode mode) throws KeyMaterialException {
        int maxKeyLength = mode.keyLength();
        int end = cStringLength(fileContent, Math.min(fileContent.length, StateKey.MAX_KEY_FILE_READ));
        int pos = end >= 2 && fileContent[0] == '0' && fileContent[1] == 'x' ? 2 : 0;

        byte[] key = new byte[maxKeyLength];
        int digits = 0;
        while (pos + digits < end && !isCSpace(fileContent[pos + digits]) && digits / 2 < maxKeyLength) {
            int value = scanHexPair(fileContent, pos + digits, end);
            if (value < 0) {
                throw couldNotParse(maxKeyLength);
            }
            key[digits / 2] = (byte) value;
            digits += 2;
        }
        if (pos + digits < end && !isCSpace(fileContent[pos + digits]) || digits == 0) {
            throw couldNotParse(maxKeyLength);
        }
        int keyLength;
        if (digits == 32) {
            keyLength = 16;
        } else if (digits == 64) {
            keyLength = 32;
        } else {
            throw new KeyMaterialException("Unsupported key length with " + digits + " digits.");
        }
        if (keyLength < maxKeyLength) {
            throw new KeyMaterialException("The provided key is too short. Got " + keyLength
                    + " bytes, need " + maxKeyLength + ".");
        }
        return Arrays.copyOf(key, keyLength);
    }

    private static KeyMaterialException couldNotParse(int maxKeyLength) {
        return new KeyMaterialException("Could not parse key hex string into " + maxKeyLength + " byte buffer.");
    }

    /** What {@code sscanf(s, "%2hhx%n")} yields when it consumes exactly two characters, else -1. */
    private static int scanHexPair(byte[] s, int i, int end) {
        int first = s[i];
        int second = i + 1 < end ? s[i + 1] : -1;
        int low = hexValue(second);
        if (hexValue(first) >= 0) {
            if (low >= 0) {
                return hexValue(first) << 4 | low;
            }
            return first == '0' && (second == 'x' || second == 'X') ? 0 : -1;
        }
        if (low >= 0 && (first == '+' || first == '-')) {
            return first == '+' ? low : -low & 0xff;
        }
        return -1;
    }

    private static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** isspace() in the C locale. */
    private static boolean isCSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static int cStringLength(byte[] s, int limit) {
        for (int i = 0; i < limit; i++) {
            if (s[i] == 0) {
                return i;
            }
        }
        return limit;
    }
}
