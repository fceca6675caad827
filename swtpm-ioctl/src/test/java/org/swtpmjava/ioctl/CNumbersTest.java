package org.swtpmjava.ioctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** sscanf("%u") and strtoul(base 0) as glibc evaluates them (values checked against C). */
class CNumbersTest {

    @ParameterizedTest(name = "sscanf(\"{0}\", \"%u\") -> {1}")
    @CsvSource(delimiter = '|', value = {
            "3|3", "' 7'|7", "+4|4", "12abc|12", "0x10|0", "007|7",
            "-1|4294967295", "-0|0", "4294967296|0", "4294967301|5", "99999999999999999999999|4294967295",
            "abc|none", "''|none", "-|none", "' '|none", "x1|none"})
    void scanUnsigned(String input, String expected) {
        var value = CNumbers.scanUnsigned(input);

        assertThat(value.isPresent() ? Long.toString(value.getAsLong()) : "none").isEqualTo(expected);
    }

    @ParameterizedTest(name = "strtoul(\"{0}\", 0) -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1|1", "0x1f|31", "0X1F|31", "017|15", "0|0", "' 5'|5", "+6|6", "''|0",
            "-1|18446744073709551615", "18446744073709551615|18446744073709551615",
            "18446744073709551616|invalid", "0x|invalid", "08|invalid", "1x|invalid", "' '|invalid",
            "abc|invalid", "-|invalid", "'5 '|invalid"})
    void strtoul(String input, String expected) {
        CNumbers.Strtoul result = CNumbers.strtoul(input);

        assertThat(result.valid() ? Long.toUnsignedString(result.value()) : "invalid").isEqualTo(expected);
    }
}
