package org.swtpmjava.ioctl;

import java.math.BigInteger;
import java.util.OptionalLong;

/**
 * The two C number parsers swtpm_ioctl applies to option arguments, with glibc's semantics,
 * so that odd input ("-1", " 7", "12abc", "0x10") is accepted or refused exactly as the C tool
 * does (swtpm-protocol.md §6).
 */
final class CNumbers {

    private static final BigInteger ULONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private CNumbers() {
    }

    /**
     * {@code sscanf(s, "%u", &unsigned_int)}: skips white space, takes an optional sign and at
     * least one decimal digit, ignores what follows. The value is strtoul's (a '-' negates
     * modulo 2^64, overflow saturates) truncated to 32 bits. Empty when nothing matched.
     */
    static OptionalLong scanUnsigned(String s) {
        int i = skipSpace(s, 0);
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        while (i < s.length() && isDigit(s.charAt(i), 10)) {
            i++;
        }
        if (i == start) {
            return OptionalLong.empty();
        }
        BigInteger value = toUnsignedLong(new BigInteger(s.substring(start, i)), negative);
        return OptionalLong.of(value.longValue() & 0xFFFF_FFFFL);
    }

    /** The result of {@link #strtoul}: the value (as 64 unsigned bits) and whether it is usable. */
    record Strtoul(long value, boolean valid) {
    }

    /**
     * {@code strtoul(s, &end, 0)} followed by swtpm_ioctl's check "errno == 0 and *end == '\0'".
     * Base 0: "0x" prefix is hex, a leading 0 octal, otherwise decimal. No digits at all leaves
     * {@code end} at the start of the string, so only the empty string is then accepted (as 0).
     */
    static Strtoul strtoul(String s) {
        int i = skipSpace(s, 0);
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int base = 10;
        if (i < s.length() && s.charAt(i) == '0') {
            if (i + 1 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
                base = 16;
                i += 2;
            } else {
                base = 8;
            }
        }
        int start = i;
        while (i < s.length() && isDigit(s.charAt(i), base)) {
            i++;
        }
        if (i == start) {
            if (base == 16) {
                // "0x" without hex digits: glibc parses the "0" and leaves end at the 'x'.
                return new Strtoul(0, false);
            }
            return new Strtoul(0, s.isEmpty());
        }
        BigInteger magnitude = new BigInteger(s.substring(start, i), base);
        boolean overflow = magnitude.compareTo(ULONG_MAX) > 0;
        long value = toUnsignedLong(magnitude, negative).longValue();
        return new Strtoul(value, !overflow && i == s.length());
    }

    private static BigInteger toUnsignedLong(BigInteger magnitude, boolean negative) {
        if (magnitude.compareTo(ULONG_MAX) > 0) {
            return ULONG_MAX;
        }
        return negative ? TWO_64.subtract(magnitude).mod(TWO_64) : magnitude;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c, int base) {
        return c < 128 && Character.digit(c, base) >= 0;
    }
}
