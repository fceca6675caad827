package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.state.StartupType;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/**
 * libtpms' s_indexOrderlyRam (NVDynamic.c, "RAM-based NV Index Data Access Functions"): the
 * RAM_INDEX_SPACE (512) bytes that hold the attributes and data of the orderly NV indices
 * (TPMA_NV_ORDERLY). Each entry is an NV_RAM_HEADER (size including the header, handle,
 * attributes; u32 each, host order) followed by the data; the entries are packed from the start
 * and the rest of the area is zero (NvAddRAM appends, NvDeleteRAM moves the followers up and
 * zeroes the freed bytes), so the area is modelled as the list of entries.
 *
 * <p>There are two copies: the live one (this object, in {@code TpmState}) and the NV copy
 * (NV_INDEX_RAM_DATA, the permall's INDEX_ORDERLY_RAM section). libtpms writes the live copy to
 * NV when an orderly index is added or deleted, when an orderly counter is first written or
 * crosses a MAX_ORDERLY_COUNT boundary (UT_ORDERLY), and at TPM2_Shutdown
 * (NvUpdateIndexOrderlyData); every TPM2_Startup reads it back (NvEntityStartup). The volatile
 * blob carries the live copy in host byte order (libtpms.md §4.10 item 6).
 */
public final class OrderlyIndexRam {
    /** RAM_INDEX_SPACE of libtpms 0.9. */
    public static final int AREA_SIZE = IndexOrderlyRamSection.AREA_SIZE;
    /** sizeof(NV_RAM_HEADER). */
    static final int HEADER_SIZE = 12;
    /** MAX_ORDERLY_COUNT = (1 << ORDERLY_BITS) - 1 with ORDERLY_BITS 8 (TpmProfile.h, GpMacros.h). */
    public static final long MAX_ORDERLY_COUNT = (1L << 8) - 1;

    /** One entry: the index, its live attributes and its data (dataSize bytes). */
    public record Entry(int handle, int attributes, byte[] data) {
        public Entry {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        int size() {
            return HEADER_SIZE + data.length;
        }
    }

    private final List<Entry> entries;

    private OrderlyIndexRam(List<Entry> entries) {
        this.entries = new ArrayList<>(entries);
    }

    /** An empty area (NvManufacture). */
    public static OrderlyIndexRam empty() {
        return new OrderlyIndexRam(List.of());
    }

    /** The area as the INDEX_ORDERLY_RAM section {@code section} holds it (null: empty). */
    public static OrderlyIndexRam fromSection(byte[] section) {
        if (section == null) {
            return empty();
        }
        try {
            List<Entry> entries = new ArrayList<>();
            for (IndexOrderlyRamSection.Entry entry
                    : IndexOrderlyRamSection.parse(new NvMarshalReader(section)).entries()) {
                ByteBuffer bytes = ByteBuffer.wrap(entry.bytes());
                bytes.getInt(); // size
                bytes.getInt(); // handle
                entries.add(new Entry(entry.handle(), bytes.getInt(), entry.data()));
            }
            return new OrderlyIndexRam(entries);
        } catch (LibtpmsFormatException e) {
            throw new IllegalStateException("carried orderly RAM no longer parses: " + e.getMessage(), e);
        }
    }

    /** The live area of a volatile blob's NV block (libtpms.md §4.10 item 6), or null if it has none. */
    public static OrderlyIndexRam fromVolatileNvBlock(byte[] block) {
        return VolatileNvBlock.orderlyRam(block);
    }

    /**
     * The area as the raw host-order bytes of a volatile blob's NV block, read as NvRamNext walks
     * it (stops at a zero size or where no header fits). Null if the bytes are not a valid area.
     */
    static OrderlyIndexRam fromHostArea(byte[] area) {
        ByteBuffer b = ByteBuffer.wrap(area).order(ByteOrder.LITTLE_ENDIAN);
        List<Entry> entries = new ArrayList<>();
        int offset = 0;
        while (offset + HEADER_SIZE <= area.length) {
            int size = b.getInt(offset);
            if (size == 0) {
                break;
            }
            if (size < HEADER_SIZE || offset + size > area.length) {
                return null;
            }
            int handle = b.getInt(offset + 4);
            int attributes = b.getInt(offset + 8);
            byte[] data = new byte[size - HEADER_SIZE];
            System.arraycopy(area, offset + HEADER_SIZE, data, 0, data.length);
            entries.add(new Entry(handle, attributes, data));
            offset += size;
        }
        return new OrderlyIndexRam(entries);
    }

    /** The raw area in x86's little-endian host order, zero after the last entry. */
    byte[] toHostArea() {
        byte[] area = new byte[AREA_SIZE];
        ByteBuffer b = ByteBuffer.wrap(area).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry entry : entries) {
            b.putInt(entry.size()).putInt(entry.handle()).putInt(entry.attributes()).put(entry.data);
        }
        return area;
    }

    /** The INDEX_ORDERLY_RAM section as INDEX_ORDERLY_RAM_Marshal writes this area (version 2). */
    public byte[] toSection() {
        NvMarshalWriter head = new NvMarshalWriter().header(2, IndexOrderlyRamSection.MAGIC, 1).u32(AREA_SIZE);
        List<IndexOrderlyRamSection.Entry> sectionEntries = new ArrayList<>();
        for (Entry entry : entries) {
            byte[] bytes = new NvMarshalWriter().u32(entry.size()).u32(entry.handle()).u32(entry.attributes())
                    .u16(entry.data.length).bytes(entry.data).toByteArray();
            sectionEntries.add(new IndexOrderlyRamSection.Entry(entry.handle(), bytes, entry.data));
        }
        byte[] tail = new NvMarshalWriter().emptyFutureBlock().toByteArray();
        return new IndexOrderlyRamSection.Content(head.toByteArray(), sectionEntries, tail).toBytes();
    }

    public OrderlyIndexRam copy() {
        return new OrderlyIndexRam(entries);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** NvRamGetIndex: the entry of {@code handle}, or null. */
    public Entry find(int handle) {
        for (Entry entry : entries) {
            if (entry.handle() == handle) {
                return entry;
            }
        }
        return null;
    }

    private int used() {
        return entries.stream().mapToInt(Entry::size).sum();
    }

    /** NvRamTestSpaceIndex: room for a header and {@code dataSize} bytes after the last entry. */
    public boolean hasRoomFor(int dataSize) {
        return AREA_SIZE - used() >= HEADER_SIZE + dataSize;
    }

    /** NvAddRAM: a new entry with the index's attributes and zero data, at the end. */
    public void add(TpmsNvPublic publicArea) {
        entries.add(new Entry(publicArea.nvIndex(), publicArea.attributes(), new byte[publicArea.dataSize()]));
    }

    /** NvDeleteRAM. */
    public void remove(int handle) {
        entries.removeIf(entry -> entry.handle() == handle);
    }

    /** NvWriteRamIndexAttributes. */
    public void setAttributes(int handle, int attributes) {
        replace(handle, entry -> new Entry(handle, attributes, entry.data));
    }

    /** The data of {@code handle} with {@code bytes} at {@code offset} (NvWriteIndexData's RAM copy). */
    public void writeData(int handle, int offset, byte[] bytes) {
        replace(handle, entry -> {
            byte[] data = entry.data.clone();
            System.arraycopy(bytes, 0, data, offset, bytes.length);
            return new Entry(handle, entry.attributes(), data);
        });
    }

    private void replace(int handle, java.util.function.UnaryOperator<Entry> change) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).handle() == handle) {
                entries.set(i, change.apply(entries.get(i)));
                return;
            }
        }
        throw new IllegalStateException(String.format("orderly index 0x%08x has no RAM entry", handle));
    }

    /**
     * The orderly part of NvEntityStartup after a TPM Reset or Restart: each entry's attributes
     * as NvSetStartupAttributes sets them, and after a non-orderly shutdown (no TPM2_Shutdown
     * before this Startup) the low ORDERLY_BITS of every counter set to 1s, so that the counter
     * never repeats a value it may have reached in RAM without it being saved.
     */
    public void startup(StartupType type, boolean previousShutdownNotOrderly) {
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            int attributes = NvIndices.startupAttributes(entry.attributes(), type);
            byte[] data = entry.data;
            if (isCounter(attributes) && previousShutdownNotOrderly && data.length >= 8) {
                data = data.clone();
                data[7] |= (byte) MAX_ORDERLY_COUNT;
            }
            entries.set(i, new Entry(entry.handle(), attributes, data));
        }
    }

    static boolean isCounter(int attributes) {
        return ((attributes >>> 4) & 0xF) == TpmsNvPublic.NT_COUNTER;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OrderlyIndexRam o && java.util.Arrays.equals(toHostArea(), o.toHostArea());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(toHostArea());
    }
}
