package org.swtpmjava.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;

/** The 10-byte header and swtpm's order of header checks (swtpm-protocol.md §5.2.1). */
class StateHeaderTest {

    @Test
    void writesVersion2MinVersion1Size10FlagsAndTotalLength() {
        byte[] object = StateHeader.prepend(0x1f, new byte[0x0519]);
        assertThat(HexFormat.of().formatHex(object, 0, 10)).isEqualTo("0201000a001f00000523");
    }

    @Test
    void parsesWhatItWrites() throws Exception {
        StateHeader header = StateHeader.parse(StateHeader.prepend(0x0004, new byte[5]));
        assertThat(header).isEqualTo(new StateHeader(2, 1, 10, 4, 15));
    }

    @Test
    void checksInSwtpmsOrderWithSwtpmsCodes() {
        assertResult(new byte[9], StoreResults.BAD_PARAMETER);
        assertResult(new byte[0], StoreResults.BAD_PARAMETER);
        // totlen != length wins over every later check
        assertResult(hex("02ff00ff0000000000ff" + "00"), StoreResults.BAD_PARAMETER);
        assertResult(hex("0201000a0000ffffffff"), StoreResults.BAD_PARAMETER);
        // min_version > 2 is checked before hdrsize
        assertResult(hex("0303000b00000000000a"), StoreResults.BAD_VERSION);
        assertResult(hex("0201000b00000000000a"), StoreResults.BAD_DATASIZE);
        assertResult(hex("0201000000000000000a"), StoreResults.BAD_DATASIZE);
    }

    @Test
    void minVersion2AndOtherVersionsPassTheHeaderCheck() throws Exception {
        assertThat(StateHeader.parse(hex("0702000a00000000000a")).version()).isEqualTo(7);
        assertThat(StateHeader.parse(hex("0100000a00020000000a")).flags()).isEqualTo(2);
    }

    private static void assertResult(byte[] object, int result) {
        assertThatThrownBy(() -> StateHeader.parse(object)).isInstanceOfSatisfying(StateStoreException.class,
                e -> assertThat(e.result()).as(e.getMessage()).isEqualTo(result));
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
