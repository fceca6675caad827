package org.swtpmjava.tpm.tpm2.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/** Handle, parameter and session numbers are added once, and only to format-one codes (Part 2 §6.6.3). */
class ResponseCodesTest {

    @Test
    void numbersGoIntoTheirFields() {
        assertThat(ResponseCodes.parameter(TpmRc.INSUFFICIENT, 1)).isEqualTo(0x1DA);
        assertThat(ResponseCodes.parameter(TpmRc.VALUE, 1)).isEqualTo(0x1C4);
        assertThat(ResponseCodes.parameter(TpmRc.VALUE, 15)).isEqualTo(0xFC4);
        assertThat(ResponseCodes.handle(TpmRc.HANDLE, 1)).isEqualTo(0x18B);
        assertThat(ResponseCodes.session(TpmRc.HANDLE, 1)).isEqualTo(0x98B);
        assertThat(ResponseCodes.session(TpmRc.SIZE, 4)).isEqualTo(0xC95);
    }

    @Test
    void aNumberedOrFormatZeroCodeIsLeftAlone() {
        assertThat(ResponseCodes.parameter(0x1DA, 2)).isEqualTo(0x1DA);
        assertThat(ResponseCodes.session(0x98B, 2)).isEqualTo(0x98B);
        assertThat(ResponseCodes.parameter(TpmRc.INITIALIZE, 1)).isEqualTo(TpmRc.INITIALIZE);
        assertThat(ResponseCodes.session(TpmRc.REFERENCE_S0, 1)).isEqualTo(TpmRc.REFERENCE_S0);
    }
}
