package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.Arrays;
import java.util.function.Function;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/**
 * Reads NVMarshal.c's encoding (libtpms.md §4.2): big-endian integers, one-byte BOOLs, TPM2Bs,
 * section headers and skippable blocks. Every length is checked against the bytes that are left
 * before anything is allocated, so no input can make it allocate more than the blob's size.
 */
final class NvMarshalReader {
    private final byte[] buffer;
    private int position;
    private final int limit;

    NvMarshalReader(byte[] buffer) {
        this.buffer = buffer;
        this.position = 0;
        this.limit = buffer.length;
    }

    int position() {
        return position;
    }

    int remaining() {
        return limit - position;
    }

    /** The bytes from {@code start} up to the current position (for carrying a section verbatim). */
    byte[] consumedSince(int start) {
        return Arrays.copyOfRange(buffer, start, position);
    }

    int u8() throws LibtpmsFormatException {
        need(1);
        return buffer[position++] & 0xFF;
    }

    boolean bool() throws LibtpmsFormatException {
        return u8() != 0;
    }

    int u16() throws LibtpmsFormatException {
        need(2);
        int value = ((buffer[position] & 0xFF) << 8) | (buffer[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    int u32() throws LibtpmsFormatException {
        need(4);
        int value = ((buffer[position] & 0xFF) << 24) | ((buffer[position + 1] & 0xFF) << 16)
                | ((buffer[position + 2] & 0xFF) << 8) | (buffer[position + 3] & 0xFF);
        position += 4;
        return value;
    }

    long u64() throws LibtpmsFormatException {
        long high = Integer.toUnsignedLong(u32());
        return (high << 32) | Integer.toUnsignedLong(u32());
    }

    byte[] bytes(long count) throws LibtpmsFormatException {
        need(count);
        byte[] out = Arrays.copyOfRange(buffer, position, position + (int) count);
        position += (int) count;
        return out;
    }

    void skip(long count) throws LibtpmsFormatException {
        need(count);
        position += (int) count;
    }

    /**
     * Runs a TPM wire-format unmarshaller of the types package over the bytes that follow and
     * moves past what it consumed; its TPM_RC becomes this reader's error.
     */
    <T> T wire(Function<TpmReader, T> unmarshaller, String what) throws LibtpmsFormatException {
        TpmReader reader = new TpmReader(buffer, position, remaining());
        try {
            T value = unmarshaller.apply(reader);
            position = limit - reader.remaining();
            return value;
        } catch (TpmRcException e) {
            throw new LibtpmsFormatException(e.responseCode(), what + ": TPM_RC " + Integer.toHexString(e.responseCode()));
        }
    }

    /** TPM2B_Unmarshal: a size above the target buffer is TPM_RC_SIZE. */
    byte[] tpm2b(int maxSize, String what) throws LibtpmsFormatException {
        int size = u16();
        if (size > maxSize) {
            throw new LibtpmsFormatException(LibtpmsRc.SIZE, what + ": " + size + " bytes, at most " + maxSize);
        }
        return bytes(size);
    }

    /**
     * NV_HEADER_Unmarshal: u16 version, u32 magic, u16 min_version if version >= 2. Wrong magic is
     * TPM_RC_BAD_TAG; a min_version above {@code readerVersion} is TPM_RC_BAD_VERSION.
     *
     * @return the version the writer used
     */
    int header(int magic, int readerVersion, String section) throws LibtpmsFormatException {
        int version = u16();
        int found = u32();
        if (found != magic) {
            throw new LibtpmsFormatException(LibtpmsRc.BAD_TAG,
                    String.format("%s: magic 0x%08x, expected 0x%08x", section, found, magic));
        }
        if (version >= 2) {
            int minVersion = u16();
            if (minVersion > readerVersion) {
                throw new LibtpmsFormatException(LibtpmsRc.BAD_VERSION,
                        section + " needs a reader of version " + minVersion + ", this one is " + readerVersion);
            }
        }
        return version;
    }

    /**
     * block_skip_read: u8 present flag, u16 length. A block this reader needs but the writer left
     * out is TPM_RC_BAD_PARAMETER; a block present but not needed is skipped.
     *
     * @return true if the reader must now read the block's content in line, false if there is
     *         nothing to read (absent, or skipped here)
     */
    boolean block(boolean needed, String what) throws LibtpmsFormatException {
        boolean present = bool();
        int length = u16();
        if (!present && needed) {
            throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "missing block: " + what);
        }
        if (present && !needed) {
            skip(length);
            return false;
        }
        return present;
    }

    private void need(long count) throws LibtpmsFormatException {
        if (count < 0 || count > limit - position) {
            throw new LibtpmsFormatException(LibtpmsRc.INSUFFICIENT,
                    "blob truncated at offset " + position + " (" + count + " bytes needed)");
        }
    }
}
