package org.swtpmjava.tpm.tpm2.marshal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.swtpmjava.tpm.TestBytes.hex;

import org.junit.jupiter.api.Test;

/** Bounds checks with the reference's bare response codes, and unsigned conversions. */
class TpmReaderTest {

    private static void assertCode(Runnable read, int code) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(TpmRcException.class,
                e -> assertThat(e.responseCode()).isEqualTo(code));
    }

    @Test
    void shortReadsAreInsufficient() {
        assertCode(() -> new TpmReader(hex("01")).readU16(), 0x09A);
        assertCode(() -> new TpmReader(hex("010203")).readU32(), 0x09A);
        assertCode(() -> new TpmReader(hex("0005 0102")).readSized(64), 0x09A);
    }

    @Test
    void sizedBuffersAboveTheirMaximumAreSizeBeforeTheDataIsRead() {
        assertCode(() -> new TpmReader(hex("0041")).readSized(64), 0x095);
    }

    @Test
    void valuesAreUnsignedAndBigEndian() {
        TpmReader reader = new TpmReader(hex("ffff ffffffff ffffffff ffffffffffffffff"));
        assertThat(reader.readU16()).isEqualTo(65535);
        assertThat(reader.readU32()).isEqualTo(-1);
        assertThat(reader.readU32Unsigned()).isEqualTo(4294967295L);
        assertThat(reader.readU64()).isEqualTo(-1L);
        assertThat(reader.hasRemaining()).isFalse();
    }

    @Test
    void slicesCannotReadBeyondTheirLength() {
        TpmReader reader = new TpmReader(hex("00000001 00000002"));
        TpmReader slice = reader.slice(4);
        assertThat(slice.readU32()).isEqualTo(1);
        assertCode(slice::readU8, 0x09A);
        assertThat(reader.readU32()).isEqualTo(2);
    }

    @Test
    void writerIsTheInverseOfTheReader() {
        byte[] bytes = new TpmWriter().writeU8(0xAB).writeU16(0xCDEF).writeU32(0xFFFFFFFFL).writeU64(1L << 40)
                .writeSized(hex("0102")).toByteArray();
        assertThat(hex(bytes)).isEqualTo("abcdefffffffff0000010000000000" + "00020102");
    }
}
