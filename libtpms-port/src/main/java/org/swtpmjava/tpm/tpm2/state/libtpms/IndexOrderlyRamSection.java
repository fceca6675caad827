package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.ArrayList;
import java.util.List;

/**
 * INDEX_ORDERLY_RAM (libtpms.md §4.7): the NV copy of the RAM area (RAM_INDEX_SPACE, 512 bytes)
 * holding the data of orderly NV indices. The section is checked as libtpms rebuilds it (every
 * entry must fit into 512 bytes); {@link OrderlyIndexRam} models the area and writes the section
 * when libtpms would write its NV copy.
 */
final class IndexOrderlyRamSection {
    static final int MAGIC = 0x5346FEAB;
    private static final int VERSION = 2;
    /** RAM_INDEX_SPACE of 0.9. */
    static final int AREA_SIZE = 512;
    /** sizeof(NV_RAM_HEADER): size, handle, attributes (u32 each). */
    private static final int ENTRY_HEADER_SIZE = 12;
    /** TPMA_NV bits 8-9 and 20-24 are reserved (Part 2 §13.4). */
    static final int TPMA_NV_RESERVED = 0x01F00300;

    private IndexOrderlyRamSection() {
    }

    /** One entry as it stands in the section (size, handle, attributes, data size, data). */
    record Entry(int handle, byte[] bytes, byte[] data) {
    }

    /** The section split into header and area size, entries, and the future block. */
    record Content(byte[] head, List<Entry> entries, byte[] tail) {
        /**
         * The section as INDEX_ORDERLY_RAM_Marshal writes this area: the entries, then a 0 size
         * unless no further entry header would fit into the area.
         */
        byte[] toBytes() {
            NvMarshalWriter w = new NvMarshalWriter().bytes(head);
            int offset = 0;
            for (Entry entry : entries) {
                w.bytes(entry.bytes());
                offset += ENTRY_HEADER_SIZE + entry.data().length;
            }
            if (offset + ENTRY_HEADER_SIZE <= AREA_SIZE) {
                w.u32(0);
            }
            return w.bytes(tail).toByteArray();
        }
    }

    /** Checks the section and returns its bytes (header included). */
    static byte[] read(NvMarshalReader r) throws LibtpmsFormatException {
        int start = r.position();
        parse(r);
        return r.consumedSince(start);
    }

    /** Reads the section as INDEX_ORDERLY_RAM_Unmarshal checks it, keeping each entry's bytes. */
    static Content parse(NvMarshalReader r) throws LibtpmsFormatException {
        int start = r.position();
        int version = r.header(MAGIC, VERSION, "INDEX_ORDERLY_RAM");
        long writerAreaSize = Integer.toUnsignedLong(r.u32());
        byte[] head = r.consumedSince(start);
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        while (offset + ENTRY_HEADER_SIZE <= writerAreaSize) { // else: the last entry filled the area
            if (offset + 4 > AREA_SIZE) {
                throw tooBig();
            }
            int entryStart = r.position();
            if (r.u32() == 0) {
                break;
            }
            if (offset + ENTRY_HEADER_SIZE > AREA_SIZE) {
                throw tooBig();
            }
            int handle = r.u32();
            checkNvAttributes(r.u32());
            int dataSize = r.u16();
            if (offset + ENTRY_HEADER_SIZE + dataSize > AREA_SIZE) {
                throw tooBig();
            }
            byte[] data = r.bytes(dataSize);
            entries.add(new Entry(handle, r.consumedSince(entryStart), data));
            offset += ENTRY_HEADER_SIZE + dataSize;
        }
        int tailStart = r.position();
        if (version >= 2) {
            r.block(false, "INDEX_ORDERLY_RAM future versions");
        }
        return new Content(head, entries, r.consumedSince(tailStart));
    }

    /** An empty area, as a new TPM writes it. */
    static void writeEmpty(NvMarshalWriter w) {
        w.header(VERSION, MAGIC, 1).u32(AREA_SIZE).u32(0).emptyFutureBlock();
    }

    static void checkNvAttributes(int attributes) throws LibtpmsFormatException {
        if ((attributes & TPMA_NV_RESERVED) != 0) {
            throw new LibtpmsFormatException(LibtpmsRc.RESERVED_BITS, String.format("TPMA_NV 0x%08x", attributes));
        }
    }

    private static LibtpmsFormatException tooBig() {
        return new LibtpmsFormatException(LibtpmsRc.SIZE, "orderly NV index data exceed " + AREA_SIZE + " bytes");
    }
}
