package org.swtpmjava.store.linear;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The 192-byte little-endian header at offset 0 of a linear state file (swtpm-protocol.md §5.4):
 * u64 magic "swtpmlin", u8 version (1), u8 padding, u16 hdrsize (192), then 15 slots of
 * u32 offset, u32 data_length, u32 section_length. Slot 0 is permall, 1 volatilestate, 2 savestate.
 * Mutable: the store edits a copy and writes it back.
 */
final class LinearHeader {
    /** "swtpmlin" read as a little-endian u64; on disk the bytes are {@code 6e 69 6c 6d 70 74 77 73}. */
    static final long MAGIC = 0x737774706d6c696eL;
    static final int VERSION = 1;
    static final int SIZE = 192;
    static final int SLOT_COUNT = 15;
    private static final int SLOTS_OFFSET = 12;
    private static final int SLOT_SIZE = 12;

    private final long magic;
    private final int version;
    private final int hdrsize;
    private final LinearSlot[] slots;

    private LinearHeader(long magic, int version, int hdrsize, LinearSlot[] slots) {
        this.magic = magic;
        this.version = version;
        this.hdrsize = hdrsize;
        this.slots = slots;
    }

    /** A freshly formatted header: magic, version 1, hdrsize 192, all slots cleared. */
    static LinearHeader formatted() {
        LinearSlot[] slots = new LinearSlot[SLOT_COUNT];
        Arrays.fill(slots, LinearSlot.UNUSED);
        return new LinearHeader(MAGIC, VERSION, SIZE, slots);
    }

    /** Reads the fields from the first 192 bytes of {@code bytes}; nothing is validated here. */
    static LinearHeader parse(byte[] bytes) {
        if (bytes.length < SIZE) {
            throw new IllegalArgumentException("a linear header has " + SIZE + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        LinearSlot[] slots = new LinearSlot[SLOT_COUNT];
        for (int i = 0; i < SLOT_COUNT; i++) {
            int at = SLOTS_OFFSET + i * SLOT_SIZE;
            slots[i] = new LinearSlot(Integer.toUnsignedLong(b.getInt(at)), Integer.toUnsignedLong(b.getInt(at + 4)),
                    Integer.toUnsignedLong(b.getInt(at + 8)));
        }
        return new LinearHeader(b.getLong(0), Byte.toUnsignedInt(b.get(8)), Short.toUnsignedInt(b.getShort(10)), slots);
    }

    byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, magic);
        b.put(8, (byte) version);
        b.putShort(10, (short) hdrsize);
        for (int i = 0; i < SLOT_COUNT; i++) {
            int at = SLOTS_OFFSET + i * SLOT_SIZE;
            b.putInt(at, (int) slots[i].offset());
            b.putInt(at + 4, (int) slots[i].dataLength());
            b.putInt(at + 8, (int) slots[i].sectionLength());
        }
        return b.array();
    }

    boolean hasMagic() {
        return magic == MAGIC;
    }

    int version() {
        return version;
    }

    /**
     * Where the first section may start. swtpm takes the stored hdrsize; a hostile value below 192
     * would let it place an object over the header, so this never goes below 192.
     */
    long firstSectionOffset() {
        return Math.max(hdrsize, SIZE);
    }

    LinearSlot slot(int index) {
        return slots[index];
    }

    void setSlot(int index, LinearSlot slot) {
        slots[index] = slot;
    }

    /** The end of the highest section (at least the header's end): where a new section goes. */
    long endOfSections() {
        long end = firstSectionOffset();
        for (LinearSlot s : slots) {
            if (s.used()) {
                end = Math.max(end, s.sectionEnd());
            }
        }
        return end;
    }

    LinearHeader copy() {
        return new LinearHeader(magic, version, hdrsize, slots.clone());
    }
}
