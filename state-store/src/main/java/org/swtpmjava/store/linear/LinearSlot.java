package org.swtpmjava.store.linear;

/**
 * One of the 15 slot entries of the linear header (swtpm-protocol.md §5.4): where an object's
 * section starts ({@code offset}, 0 = unused), how many bytes of it the object uses
 * ({@code dataLength}) and how long the section is ({@code sectionLength}, a power of two).
 * The values are unsigned 32-bit numbers from the file, held in longs so hostile values stay exact.
 */
record LinearSlot(long offset, long dataLength, long sectionLength) {

    static final LinearSlot UNUSED = new LinearSlot(0, 0, 0);

    boolean used() {
        return offset != 0;
    }

    /** The first byte after this slot's section. */
    long sectionEnd() {
        return offset + sectionLength;
    }

    LinearSlot withOffset(long newOffset) {
        return new LinearSlot(newOffset, dataLength, sectionLength);
    }

    LinearSlot withDataLength(long newDataLength) {
        return new LinearSlot(offset, newDataLength, sectionLength);
    }
}
