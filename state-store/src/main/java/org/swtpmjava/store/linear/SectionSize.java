package org.swtpmjava.store.linear;

/** Section lengths of the linear backend: the next power of two >= the object's size (swtpm-protocol.md §5.4). */
final class SectionSize {
    private SectionSize() {
    }

    /** 0 stays 0 and a power of two stays itself, as swtpm's ROUND_TO_NEXT_POWER_OF_2_32 does. */
    static long forObject(long size) {
        if (size <= 0) {
            return 0;
        }
        long highest = Long.highestOneBit(size);
        return highest == size ? size : highest << 1;
    }
}
