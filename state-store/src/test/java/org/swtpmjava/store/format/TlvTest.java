package org.swtpmjava.store.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TLV streams: fixed write order, first-match search, hostile lengths (swtpm-protocol.md §5.2.2). */
class TlvTest {

    @Test
    void encodesTagLengthValueBigEndianInTheGivenOrder() {
        byte[] stream = Tlv.encode(List.of(new Tlv(2, new byte[] {1, 2, 3}), new Tlv(3, new byte[0]),
                new Tlv(6, new byte[] {9})));
        assertThat(HexFormat.of().formatHex(stream)).isEqualTo("000200000003010203" + "0003" + "00000000"
                + "000600000001" + "09");
    }

    @Test
    void findsTheFirstElementWithTheTagAnywhere() {
        byte[] stream = Tlv.encode(List.of(new Tlv(6, new byte[] {6}), new Tlv(3, new byte[] {3}),
                new Tlv(3, new byte[] {33})));
        assertThat(Tlv.find(stream, 0, stream.length, 3)).hasValueSatisfying(v -> assertThat(v).containsExactly(3));
        assertThat(Tlv.find(stream, 0, stream.length, 6)).hasValueSatisfying(v -> assertThat(v).containsExactly(6));
        assertThat(Tlv.find(stream, 0, stream.length, 1)).isEmpty();
    }

    @Test
    void stopsAtAnElementThatRunsPastTheEnd() {
        byte[] hostile = HexFormat.of().parseHex("0001ffffffff00" + "000300000000");
        assertThat(Tlv.find(hostile, 0, hostile.length, 3)).isEmpty();
        assertThat(Tlv.find(hostile, 0, hostile.length, 1)).isEmpty();
        byte[] shortHeader = HexFormat.of().parseHex("000100000000" + "0003");
        assertThat(Tlv.find(shortHeader, 0, shortHeader.length, 1)).hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(Tlv.find(shortHeader, 0, shortHeader.length, 3)).isEmpty();
        byte[] exact = HexFormat.of().parseHex("00030000000201");
        assertThat(Tlv.find(exact, 0, exact.length, 3)).isEmpty();
    }
}
