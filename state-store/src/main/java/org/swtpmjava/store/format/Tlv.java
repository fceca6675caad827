package org.swtpmjava.store.format;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One {@code u16 tag | u32 length | value} element (big-endian), and the two operations swtpm
 * performs on a TLV stream: append in a fixed order and find the first element with a tag.
 */
public record Tlv(int tag, byte[] value) {
    /** Bytes of tag and length. */
    public static final int HEADER_SIZE = 6;

    public Tlv {
        if (tag < 0 || tag > 0xffff) {
            throw new IllegalArgumentException("tag out of range: " + tag);
        }
    }

    /** Concatenates the elements in the given order. */
    public static byte[] encode(List<Tlv> elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Tlv tlv : elements) {
            int length = tlv.value.length;
            out.write(tlv.tag >>> 8);
            out.write(tlv.tag);
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
            out.write(tlv.value, 0, length);
        }
        return out.toByteArray();
    }

    /**
     * The value of the first element with {@code tag} in {@code stream[from, to)}.
     * Like swtpm's tlv_data_find_tag, the search stops (not found) at the first element whose
     * header or value would run past the end, so hostile lengths such as 0xffffffff are harmless.
     */
    public static Optional<byte[]> find(byte[] stream, int from, int to, int tag) {
        long offset = from;
        while (offset < to) {
            if (offset + HEADER_SIZE > to) {
                return Optional.empty();
            }
            int p = (int) offset;
            int elementTag = (stream[p] & 0xff) << 8 | stream[p + 1] & 0xff;
            long length = Integer.toUnsignedLong(readInt(stream, p + 2));
            offset += HEADER_SIZE;
            if (offset + length > to) {
                return Optional.empty();
            }
            if (elementTag == tag) {
                return Optional.of(Arrays.copyOfRange(stream, (int) offset, (int) (offset + length)));
            }
            offset += length;
        }
        return Optional.empty();
    }

    static int readInt(byte[] b, int p) {
        return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
    }
}
