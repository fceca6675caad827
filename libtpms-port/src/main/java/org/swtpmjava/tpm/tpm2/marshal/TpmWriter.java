package org.swtpmjava.tpm.tpm2.marshal;

import java.util.Arrays;

/** Writes big-endian TPM values into a growing buffer; the counterpart of {@link TpmReader}. */
public final class TpmWriter {
    private byte[] buffer;
    private int size;

    public TpmWriter() {
        this(64);
    }

    public TpmWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    /** Bytes written so far; also the offset of the next byte. */
    public int position() {
        return size;
    }

    public TpmWriter writeU8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public TpmWriter writeU16(int value) {
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    public TpmWriter writeU32(int value) {
        ensure(4);
        putU32(size, value);
        size += 4;
        return this;
    }

    /** A UINT32 given as 0..2^32-1. */
    public TpmWriter writeU32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not a UINT32: " + value);
        }
        return writeU32((int) value);
    }

    public TpmWriter writeU64(long value) {
        writeU32((int) (value >>> 32));
        return writeU32((int) value);
    }

    public TpmWriter writeBool(boolean value) {
        return writeU8(value ? 1 : 0);
    }

    public TpmWriter writeBytes(byte[] bytes) {
        return writeBytes(bytes, 0, bytes.length);
    }

    public TpmWriter writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        return this;
    }

    /** A TPM2B: UINT16 size then the bytes. */
    public TpmWriter writeSized(byte[] bytes) {
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("TPM2B too large: " + bytes.length);
        }
        writeU16(bytes.length);
        return writeBytes(bytes);
    }

    /** Overwrites the UINT32 at {@code offset}, e.g. a size field known only at the end. */
    public void patchU32(int offset, int value) {
        if (offset < 0 || offset > size - 4) {
            throw new IllegalArgumentException("offset outside written data: " + offset);
        }
        putU32(offset, value);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void putU32(int offset, int value) {
        buffer[offset] = (byte) (value >>> 24);
        buffer[offset + 1] = (byte) (value >>> 16);
        buffer[offset + 2] = (byte) (value >>> 8);
        buffer[offset + 3] = (byte) value;
    }

    private void ensure(int more) {
        if (buffer.length - size < more) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
