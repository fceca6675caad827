package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Writes NVMarshal.c's encoding (libtpms.md §4.2). Blocks are opened with {@link #openBlock} and
 * closed with {@link #closeBlock}, which back-patches the u16 length as block_skip_write_pop
 * does; blocks nest.
 */
final class NvMarshalWriter {
    private byte[] buffer = new byte[4096];
    private int size;
    private final Deque<Integer> openBlocks = new ArrayDeque<>();

    NvMarshalWriter u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    NvMarshalWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    NvMarshalWriter u16(int value) {
        return u8(value >>> 8).u8(value);
    }

    NvMarshalWriter u32(int value) {
        return u16(value >>> 16).u16(value);
    }

    NvMarshalWriter u64(long value) {
        return u32((int) (value >>> 32)).u32((int) value);
    }

    NvMarshalWriter bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
        return this;
    }

    NvMarshalWriter tpm2b(byte[] value) {
        return u16(value.length).bytes(value);
    }

    /** NV_HEADER_Marshal: the min_version only for version >= 2. */
    NvMarshalWriter header(int version, int magic, int minVersion) {
        u16(version).u32(magic);
        return version >= 2 ? u16(minVersion) : this;
    }

    /** block_skip_write_push: present flag and a u16 length to be patched. */
    NvMarshalWriter openBlock(boolean present) {
        bool(present);
        openBlocks.push(size);
        return u16(0);
    }

    /** block_skip_write_pop: the length of everything written since the matching open. */
    NvMarshalWriter closeBlock() {
        int lengthAt = openBlocks.pop();
        int length = size - lengthAt - 2;
        buffer[lengthAt] = (byte) (length >>> 8);
        buffer[lengthAt + 1] = (byte) length;
        return this;
    }

    /** An empty "future versions" block, as at the end of almost every section. */
    NvMarshalWriter emptyFutureBlock() {
        return openBlock(true).closeBlock();
    }

    byte[] toByteArray() {
        if (!openBlocks.isEmpty()) {
            throw new IllegalStateException("unclosed block");
        }
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
