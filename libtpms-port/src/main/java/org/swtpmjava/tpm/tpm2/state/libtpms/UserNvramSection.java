package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.swtpmjava.tpm.tpm2.state.UnmodeledState;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;

/**
 * USER_NVRAM (libtpms.md §4.8): NV indices and persistent objects, then maxCount. The entries
 * are checked as libtpms loads them (sizes against the 0.9 user NV area; persistent objects,
 * which have no length of their own, by parsing them) and the section is carried verbatim;
 * {@link PersistentObjects} reads, adds and removes its persistent objects in place.
 */
final class UserNvramSection {
    static final int MAGIC = 0x094F22C3;
    private static final int VERSION = 2;
    private static final int NV_INDEX_MAGIC = 0x2547265A;
    private static final int NV_INDEX_VERSION = 2;
    /** NV_USER_DYNAMIC_END - NV_USER_DYNAMIC of 0.9 (x86-64). */
    static final long AREA_SIZE = 171200;
    /** sizeof(NV_INDEX) in 0.9 on x86-64: what an index costs in the area besides its data. */
    static final int NV_INDEX_STRUCT_SIZE = 148;
    /** USER_NVRAM_Unmarshal's bound on an index's data: 64 KiB and a few bytes. */
    private static final long MAX_INDEX_DATA = 0x10000 + 0x100;
    /** MAX_NV_INDEX_SIZE. */
    private static final int MAX_NV_INDEX_SIZE = 2048;
    /**
     * sizeof(OBJECT) in 0.9.2 on x86-64: what a persistent object costs in the area (0.9.2
     * writes entrysize 2608 = 4 + 4 + 2600 for a persistent key).
     */
    static final int OBJECT_STRUCT_SIZE = 2600;
    private static final int HT_NV_INDEX = 0x01;
    private static final int HT_PERSISTENT = 0x81;

    private UserNvramSection() {
    }

    /**
     * One entry as it stands in the section, from its entry size on. For an NV index,
     * {@code nvAttributes} and {@code nvData} (empty for orderly indices, whose data are in
     * INDEX_ORDERLY_RAM); for a persistent object, the internal {@code objectAttributes} word.
     */
    record Entry(int handle, byte[] bytes, int nvAttributes, byte[] nvData, int objectAttributes) {
        boolean isNvIndex() {
            return handle >>> 24 == HT_NV_INDEX;
        }
    }

    /** The section split into its parts: header and area size, entries, maxCount, future block. */
    record Content(byte[] head, List<Entry> entries, long maxCount, byte[] tail) {
        byte[] toBytes() {
            NvMarshalWriter w = new NvMarshalWriter().bytes(head);
            entries.forEach(entry -> w.bytes(entry.bytes()));
            return w.u32(0).u64(maxCount).bytes(tail).toByteArray();
        }
    }

    /** Checks the section and returns its bytes (header included). */
    static byte[] read(NvMarshalReader r) throws LibtpmsFormatException {
        int start = r.position();
        parse(r);
        return r.consumedSince(start);
    }

    /** Reads the section as USER_NVRAM_Unmarshal checks it, keeping each entry's bytes. */
    static Content parse(NvMarshalReader r) throws LibtpmsFormatException {
        int start = r.position();
        int version = r.header(MAGIC, VERSION, "USER_NVRAM");
        r.u64(); // the writer's area size; libtpms checks against its own
        byte[] head = r.consumedSince(start);
        List<Entry> entries = new ArrayList<>();
        long used = 0;
        while (true) {
            if (used + 4 > AREA_SIZE) {
                throw tooBig(used + 4);
            }
            int entryStart = r.position();
            if (r.u32() == 0) {
                break;
            }
            int handle = r.u32();
            int type = handle >>> 24;
            if (type == HT_NV_INDEX) {
                int[] attributes = new int[1];
                int dataStart = readNvIndex(r, used, attributes);
                byte[] bytes = r.consumedSince(entryStart);
                byte[] data = Arrays.copyOfRange(bytes, dataStart - entryStart, bytes.length);
                entries.add(new Entry(handle, bytes, attributes[0], data, 0));
                used += 4 + NV_INDEX_STRUCT_SIZE + data.length;
            } else if (type == HT_PERSISTENT) {
                if (used + 4 + 4 + OBJECT_STRUCT_SIZE > AREA_SIZE) {
                    throw tooBig(used + 8 + OBJECT_STRUCT_SIZE);
                }
                int objectAttributes = PersistentObjectSection.skip(r);
                entries.add(new Entry(handle, r.consumedSince(entryStart), 0, new byte[0], objectAttributes));
                used += 4 + 4 + OBJECT_STRUCT_SIZE;
            } else {
                throw new LibtpmsFormatException(LibtpmsRc.HANDLE, String.format("USER_NVRAM entry 0x%08x", handle));
            }
        }
        if (used + 4 + 8 > AREA_SIZE) {
            throw tooBig(used + 12);
        }
        long maxCount = r.u64();
        int tailStart = r.position();
        if (version >= 2) {
            r.block(false, "USER_NVRAM future versions");
        }
        return new Content(head, entries, maxCount, r.consumedSince(tailStart));
    }

    /** An empty area, as a new TPM writes it. */
    static void writeEmpty(NvMarshalWriter w) {
        w.header(VERSION, MAGIC, 1).u64(AREA_SIZE).u32(0).u64(0).emptyFutureBlock();
    }

    /**
     * One NV index entry after its handle; puts its TPMA_NV into {@code attributes[0]} and
     * returns the blob offset of its data, which it then reads past.
     */
    private static int readNvIndex(NvMarshalReader r, long used, int[] attributes) throws LibtpmsFormatException {
        if (used + 4 + NV_INDEX_STRUCT_SIZE > AREA_SIZE) {
            throw tooBig(used + 4 + NV_INDEX_STRUCT_SIZE);
        }
        int version = r.header(NV_INDEX_MAGIC, NV_INDEX_VERSION, "NV_INDEX");
        int nvIndex = r.u32();
        if (nvIndex >>> 24 != HT_NV_INDEX) {
            throw new LibtpmsFormatException(LibtpmsRc.VALUE, String.format("NV index handle 0x%08x", nvIndex));
        }
        int nameAlg = r.u16();
        if (!Hashes.isImplemented(nameAlg)) {
            throw new LibtpmsFormatException(LibtpmsRc.HASH, String.format("NV index nameAlg 0x%04x", nameAlg));
        }
        attributes[0] = r.u32();
        IndexOrderlyRamSection.checkNvAttributes(attributes[0]);
        r.tpm2b(PersistentDataSection.MAX_VALUE, "NV authPolicy");
        int dataSize = r.u16();
        if (dataSize > MAX_NV_INDEX_SIZE) {
            throw new LibtpmsFormatException(LibtpmsRc.SIZE, "NV index of " + dataSize + " bytes");
        }
        r.tpm2b(PersistentDataSection.MAX_VALUE, "NV authValue");
        if (version >= 2) {
            r.block(false, "NV_INDEX future versions");
        }
        long data = Integer.toUnsignedLong(r.u32());
        if (data > MAX_INDEX_DATA) {
            throw new LibtpmsFormatException(LibtpmsRc.SIZE, "NV index data of " + data + " bytes");
        }
        if (used + 4 + NV_INDEX_STRUCT_SIZE + data > AREA_SIZE) {
            throw tooBig(used + 4 + NV_INDEX_STRUCT_SIZE + data);
        }
        int dataStart = r.position();
        r.skip(data);
        return dataStart;
    }

    private static LibtpmsFormatException tooBig(long needed) {
        return new LibtpmsFormatException(LibtpmsRc.SIZE, "user NV data need " + needed + " of " + AREA_SIZE + " bytes");
    }

    /** The carried USER_NVRAM section, an empty one for a TPM that never had any. */
    static Content contentOf(UnmodeledState carried) {
        byte[] section = carried.userNvram();
        try {
            if (section == null) {
                NvMarshalWriter w = new NvMarshalWriter();
                writeEmpty(w);
                section = w.toByteArray();
            }
            return parse(new NvMarshalReader(section));
        } catch (LibtpmsFormatException e) {
            throw new IllegalStateException("carried NV content no longer parses: " + e.getMessage(), e);
        }
    }
}
