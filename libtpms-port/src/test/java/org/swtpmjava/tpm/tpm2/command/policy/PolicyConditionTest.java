package org.swtpmjava.tpm.tpm2.command.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/**
 * The comparisons of PolicyCounterTimer (and PolicyNV), including libtpms 0.9's SignedCompareB,
 * which orders two negative operands the wrong way round (C's PolicySptCheckCondition cannot be
 * reached with negative TPM data from TPMS_TIME_INFO in a differential test, so it is pinned here).
 */
class PolicyConditionTest {
    private static byte[] hex(String value) {
        return HexFormat.of().parseHex(value);
    }

    @Test
    void unsignedComparisonsAreBigEndian() {
        assertThat(PolicyCondition.holds(PolicyCondition.UNSIGNED_GT, hex("0100"), hex("00ff"))).isTrue();
        assertThat(PolicyCondition.holds(PolicyCondition.UNSIGNED_LT, hex("0100"), hex("00ff"))).isFalse();
        assertThat(PolicyCondition.holds(PolicyCondition.UNSIGNED_GE, hex("00ff"), hex("00ff"))).isTrue();
        assertThat(PolicyCondition.holds(PolicyCondition.UNSIGNED_LE, hex("ff00"), hex("00ff"))).isFalse();
        assertThat(PolicyCondition.holds(PolicyCondition.EQ, hex("1234"), hex("1234"))).isTrue();
        assertThat(PolicyCondition.holds(PolicyCondition.NEQ, hex("1234"), hex("1234"))).isFalse();
        assertThat(PolicyCondition.holds(PolicyCondition.EQ, hex(""), hex(""))).isTrue();
    }

    @Test
    void signedComparisonsByTheSignFirst() {
        assertThat(PolicyCondition.holds(PolicyCondition.SIGNED_GT, hex("01"), hex("ff"))).isTrue();
        assertThat(PolicyCondition.holds(PolicyCondition.SIGNED_LT, hex("ff"), hex("01"))).isTrue();
        assertThat(PolicyCondition.holds(PolicyCondition.SIGNED_GE, hex("7f"), hex("7e"))).isTrue();
    }

    @Test
    void twoNegativeOperandsCompareInReverseAsIn09() {
        // -1 (0xff) > -2 (0xfe) arithmetically; libtpms 0.9 says -1 < -2
        assertThat(PolicyCondition.holds(PolicyCondition.SIGNED_GT, hex("ff"), hex("fe"))).isFalse();
        assertThat(PolicyCondition.holds(PolicyCondition.SIGNED_LT, hex("ff"), hex("fe"))).isTrue();
        assertThat(PolicyCondition.holds(PolicyCondition.SIGNED_LE, hex("8000"), hex("ffff"))).isFalse();
    }

    @Test
    void bitOperations() {
        assertThat(PolicyCondition.holds(PolicyCondition.BITSET, hex("f0f0"), hex("a0a0"))).isTrue();
        assertThat(PolicyCondition.holds(PolicyCondition.BITSET, hex("f0f0"), hex("0100"))).isFalse();
        assertThat(PolicyCondition.holds(PolicyCondition.BITCLEAR, hex("f0f0"), hex("0f0f"))).isTrue();
        assertThat(PolicyCondition.holds(PolicyCondition.BITCLEAR, hex("f0f0"), hex("1000"))).isFalse();
    }

    @Test
    void operationsAboveBitClearAreValueErrors() {
        assertThat(PolicyCondition.readOperation(new TpmReader(hex("000b")))).isEqualTo(PolicyCondition.BITCLEAR);
        assertThatThrownBy(() -> PolicyCondition.readOperation(new TpmReader(hex("000c"))))
                .isInstanceOf(TpmRcException.class);
    }
}
