package org.swtpmjava.tpm.tpm2.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMT_PUBLIC_PARMS: accepted encodings read back to the same bytes, rejected ones raise the
 * bare code libtpms 0.9.2's unmarshallers give (as TPM2_TestParms shows them, without the
 * parameter number; see SwtpmTestParmsDifferentialTest).
 */
class TpmtPublicParmsTest {

    @ParameterizedTest
    @CsvSource({
        "0001 0010 0010 0800 00000000",
        "0001 0006 0080 0043 0014 000b 0800 00010001",
        "0001 0026 0100 0042 0015 0c00 00000003",
        "0001 0003 00c0 0044 0017 000d 0400 00000000",
        "0023 0010 0010 0003 0010",
        "0023 0006 0080 0043 001a 000b 0001 0003 0022 000b",
        "0023 0010 001d 000c 0020 0007 000d",
        "0008 0010",
        "0008 0005 0004",
        "0008 000a 000b 0010",
        "0025 0006 0100 003f",
        "0025 0026 0080 0010",
    })
    void roundTrips(String hex) {
        byte[] bytes = TestBytes.hex(hex);
        TpmReader reader = new TpmReader(bytes);
        TpmtPublicParms parms = TpmtPublicParms.unmarshal(reader);
        assertThat(reader.hasRemaining()).isFalse();
        TpmWriter writer = new TpmWriter();
        parms.marshal(writer);
        assertThat(writer.toByteArray()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({
        "0099, 0x08A",
        "0001 0010 0010 1000 00000000, 0x084",
        "0001 0010 0014 0010 0800 00000000, 0x083",
        "0001 0010 0018 000b 0800 00000000, 0x084",
        "0001 000a 000b 0010 0800 00000000, 0x096",
        "0023 0010 0014 000b 0003 0010, 0x092",
        "0023 0010 0010 0030 0010, 0x0A6",
        "0023 0010 0010 0003 000a 000b, 0x08C",
        "0008 0099 000b, 0x084",
        "0025 0010, 0x096",
        "0025 0006 00c0 0043, 0x084",
        "0025 0006 0080 0099, 0x089",
        "0025 0006 0080, 0x09A",
    })
    void rejects(String hex, String code) {
        TpmReader reader = new TpmReader(TestBytes.hex(hex));
        assertThatThrownBy(() -> TpmtPublicParms.unmarshal(reader))
                .isInstanceOfSatisfying(TpmRcException.class,
                        e -> assertThat(e.responseCode()).isEqualTo(Integer.decode(code)));
    }
}
