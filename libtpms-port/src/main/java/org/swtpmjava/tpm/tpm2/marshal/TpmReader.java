package org.swtpmjava.tpm.tpm2.marshal;

import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * Reads big-endian TPM values from a byte range. Every read is bounds-checked and fails with the
 * bare code the reference unmarshallers return: TPM_RC_INSUFFICIENT for a short buffer,
 * TPM_RC_SIZE for a sized buffer above its maximum. The only place that converts unsigned
 * wire values.
 */
public final class TpmReader {
    private final byte[] buffer;
    private final int end;
    private int position;

    public TpmReader(byte[] buffer) {
        this(buffer, 0, buffer.length);
    }

    public TpmReader(byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buffer.length - length) {
            throw new IllegalArgumentException("range outside buffer");
        }
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
    }

    /** Bytes not read yet. */
    public int remaining() {
        return end - position;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    /** UINT8 as 0..255. */
    public int readU8() {
        require(1);
        return buffer[position++] & 0xFF;
    }

    /** UINT16 as 0..65535. */
    public int readU16() {
        require(2);
        int value = ((buffer[position] & 0xFF) << 8) | (buffer[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    /** UINT32 as its bit pattern: for handles, codes, attributes and tags. */
    public int readU32() {
        require(4);
        int value = ((buffer[position] & 0xFF) << 24) | ((buffer[position + 1] & 0xFF) << 16)
                | ((buffer[position + 2] & 0xFF) << 8) | (buffer[position + 3] & 0xFF);
        position += 4;
        return value;
    }

    /** UINT32 as 0..2^32-1: for sizes, counts and property numbers that are compared. */
    public long readU32Unsigned() {
        return Integer.toUnsignedLong(readU32());
    }

    /** UINT64 as its bit pattern. */
    public long readU64() {
        long high = readU32Unsigned();
        return (high << 32) | readU32Unsigned();
    }

    /** BOOL / TPMI_YES_NO: 0 or 1, else TPM_RC_VALUE. */
    public boolean readBool() {
        int value = readU8();
        if (value > 1) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return value == 1;
    }

    /** Exactly {@code count} bytes. */
    public byte[] readBytes(int count) {
        if (count < 0) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        require(count);
        byte[] out = new byte[count];
        System.arraycopy(buffer, position, out, 0, count);
        position += count;
        return out;
    }

    /** A copy of the bytes not read yet, without consuming them. */
    public byte[] peekRemaining() {
        byte[] out = new byte[end - position];
        System.arraycopy(buffer, position, out, 0, out.length);
        return out;
    }

    /**
     * A TPM2B: UINT16 size then the bytes. A size above {@code maxSize} is TPM_RC_SIZE, checked
     * before the bytes are touched (the CVE-2023-1017/1018 class); a short buffer is
     * TPM_RC_INSUFFICIENT.
     */
    public byte[] readSized(int maxSize) {
        int size = readU16();
        if (size > maxSize) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        return readBytes(size);
    }

    /** Consumes {@code length} bytes and returns a reader over exactly them. */
    public TpmReader slice(int length) {
        if (length < 0) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        require(length);
        TpmReader slice = new TpmReader(buffer, position, length);
        position += length;
        return slice;
    }

    private void require(int count) {
        if (count > end - position) {
            throw new TpmRcException(TpmRc.INSUFFICIENT);
        }
    }
}
