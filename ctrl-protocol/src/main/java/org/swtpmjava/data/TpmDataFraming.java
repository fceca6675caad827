package org.swtpmjava.data;

import io.netty.buffer.ByteBuf;

/**
 * Framing of the data channel (swtpm-protocol.md §3.2–3.4). Nothing here looks past the
 * 10-byte TPM header.
 *
 * <p>swtpm itself does not frame by the header's size: it treats whatever one read
 * returned (once it has 10 bytes) as the command. Clients send each command in one
 * write, so this class frames by the size field when it is plausible (10 ..
 * {@link #MAX_COMMAND}) and otherwise takes what has arrived, up to swtpm's buffer.
 * That keeps every swtpm-observed answer for whole commands and fixes its
 * failure modes for commands split across writes.
 */
public final class TpmDataFraming {

    /** TPM_BUFFER_MAX: the largest command swtpm accepts. */
    public static final int MAX_COMMAND = 4096;
    /** u32 TPM_SEND_COMMAND (8) | u8 locality | u32 size. */
    public static final int PREFIX_LENGTH = 9;
    /** swtpm's receive buffer, a maximal command plus the prefix. */
    public static final int MAX_FRAME = MAX_COMMAND + PREFIX_LENGTH;
    /** The first u32 of a prefixed command. */
    public static final int TPM_SEND_COMMAND = 8;

    private static final int HEADER = 10;

    private TpmDataFraming() {
    }

    /** True if the readable bytes start with the TPM_SEND_COMMAND prefix. */
    public static boolean isPrefixed(ByteBuf in) {
        if (in.readableBytes() < 4) {
            return false;
        }
        int start = in.readerIndex();
        int tag = in.getUnsignedShort(start);
        return tag != 0x8001 && tag != 0x8002 && in.getInt(start) == TPM_SEND_COMMAND;
    }

    /**
     * Length of the frame at the reader index, -1 while fewer than 10 bytes (19 for a prefixed
     * command) are readable. A size field outside 10..MAX_COMMAND frames what is readable,
     * capped at {@link #MAX_FRAME}. Does not move the reader index.
     */
    public static int frameLength(ByteBuf in) {
        int offset = isPrefixed(in) ? PREFIX_LENGTH : 0;
        int readable = in.readableBytes();
        if (readable < offset + HEADER) {
            return -1;
        }
        long size = in.getUnsignedInt(in.readerIndex() + offset + 2);
        if (size >= HEADER && size <= MAX_COMMAND) {
            return offset + (int) size;
        }
        return Math.min(readable, MAX_FRAME);
    }

    /** Reads a frame of the given length (from {@link #frameLength}). */
    public static TpmCommandFrame readFrame(ByteBuf in, int length) {
        int locality = -1;
        int commandLength = length;
        if (isPrefixed(in)) {
            in.skipBytes(4);
            // The locality byte is taken as is: swtpm stores it without a range check (§3.4).
            locality = in.readUnsignedByte();
            in.skipBytes(4); // the prefix's size field is ignored, as by swtpm
            commandLength -= PREFIX_LENGTH;
        }
        byte[] command = new byte[commandLength];
        in.readBytes(command);
        return new TpmCommandFrame(command, locality);
    }

    /** Writes a response: raw, or {@code u32 length | response | u32 0} for a prefixed command. */
    public static void writeResponse(byte[] response, boolean prefixed, ByteBuf out) {
        if (prefixed) {
            out.writeInt(response.length).writeBytes(response).writeInt(0);
        } else {
            out.writeBytes(response);
        }
    }
}
