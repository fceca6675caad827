package org.swtpmjava.ioctl;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.swtpmjava.ctrl.CtrlCommand;
import org.swtpmjava.ctrl.CtrlRequest;
import org.swtpmjava.ctrl.CtrlRequestCodec;
import org.swtpmjava.ctrl.CtrlResponse;
import org.swtpmjava.ctrl.CtrlResult;
import org.swtpmjava.ctrl.StateBlobs;

/**
 * {@code --save <type> <file>} and {@code --load <type> <file>} over a socket
 * (swtpm-protocol.md §2.4.12, §2.4.13, §2.7): one GET_STATEBLOB with offset 0 whose single
 * response holds the whole blob; one SET_STATEBLOB header followed by the whole file, then
 * the 4-byte result. Messages, including the missing newline after "Unknown TPM state type",
 * are the C tool's.
 */
final class StateBlobFiles {

    /** The SET_STATEBLOB request before its data: code, state flags, type, length. */
    private static final int SET_HEADER = 4 + CtrlCommand.SET_STATEBLOB.fixedPayload();
    /** A zero-size file is sent through the chunked interface, one chunk of at most this. */
    private static final int CHUNK = 3072;

    private final CtrlClient client;
    private final PrintStream err;

    StateBlobFiles(CtrlClient client, PrintStream err) {
        this.client = client;
        this.err = err;
    }

    static int blobType(String name) {
        switch (name) {
            case "permanent":
                return StateBlobs.TYPE_PERMANENT;
            case "volatile":
                return StateBlobs.TYPE_VOLATILE;
            case "savestate":
                return StateBlobs.TYPE_SAVESTATE;
            default:
                return 0;
        }
    }

    int save(String typeName, String file) {
        int type = blobType(typeName);
        if (type == 0) {
            err.print("Unknown TPM state type '" + typeName + "'");
            return 1;
        }
        // Created (mode 0600 before umask) and truncated before the TPM is asked, as in C.
        try (FileChannel channel = FileChannel.open(Path.of(file),
                EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            return fetchInto(channel, type, file);
        } catch (IOException e) {
            err.println("Could not open file '" + file + "' for writing: " + Errno.describe(e));
            return 1;
        }
    }

    private int fetchInto(FileChannel channel, int type, String file) {
        CtrlResponse response;
        try {
            response = client.transact(new CtrlRequest.GetStateBlob(StateBlobs.FLAG_DECRYPTED, type, 0));
        } catch (IOException e) {
            err.println("Could not execute ioctl PTM_GET_STATEBLOB: " + Errno.describe(e));
            return 1;
        }
        int result = response.result();
        // A result with the non-fatal bit (0x800: no such blob) leaves an empty file and succeeds.
        if (result != CtrlResult.SUCCESS && !CtrlResult.isNonFatal(result)) {
            err.println("TPM result from PTM_GET_STATEBLOB: 0x" + Integer.toHexString(result));
            return 1;
        }
        if (!(response instanceof CtrlResponse.StateBlob blob)) {
            err.print("Too few bytes in response");
            return 1;
        }
        try {
            ByteBuffer data = ByteBuffer.wrap(blob.data());
            while (data.hasRemaining()) {
                channel.write(data);
            }
        } catch (IOException e) {
            err.println("Could not write to file '" + file + "': " + Errno.describe(e));
            return 1;
        }
        long remaining = Integer.toUnsignedLong(blob.totalLength()) - blob.data().length;
        if (remaining != 0) {
            err.println("Unexpected number of remaining bytes: " + remaining);
            return 1;
        }
        return 0;
    }

    int load(String typeName, String file) {
        int type = blobType(typeName);
        if (type == 0) {
            err.print("Unknown TPM state type '" + typeName + "'");
            return 1;
        }
        byte[] data;
        try (FileChannel channel = FileChannel.open(Path.of(file), StandardOpenOption.READ)) {
            long size;
            try {
                size = channel.size();
            } catch (IOException e) {
                err.println("Could not stat file '" + file + "': " + Errno.describe(e));
                return 1;
            }
            // A file that reports size 0 goes through the chunked interface: one read of up to 3 KiB.
            data = readUpTo(channel, size == 0 ? CHUNK : size);
            if (data == null) {
                return 1;
            }
            if (size == 0) {
                return loadSmall(type, data);
            }
        } catch (IOException e) {
            err.println("Could not open file '" + file + "' for reading: " + Errno.describe(e));
            return 1;
        }
        return loadStreamed(type, data);
    }

    private byte[] readUpTo(FileChannel channel, long size) {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 8));
        try {
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until full or EOF
            }
        } catch (IOException e) {
            err.println("Could not read from file: " + Errno.describe(e));
            return null;
        }
        byte[] data = new byte[buffer.position()];
        buffer.flip().get(data);
        return data;
    }

    private int loadSmall(int type, byte[] data) {
        CtrlResponse response;
        try {
            response = client.transact(new CtrlRequest.SetStateBlob(0, type, data));
        } catch (IOException e) {
            err.println("Could not execute ioctl PTM_SET_STATEBLOB: " + Errno.describe(e));
            return 1;
        }
        return checkSetResult(response.result());
    }

    /** The header, then the data, then a blocking read of the result (no reply timeout in C). */
    private int loadStreamed(int type, byte[] data) {
        ByteBuf request = Unpooled.buffer(SET_HEADER + data.length);
        try {
            CtrlRequestCodec.encode(new CtrlRequest.SetStateBlob(0, type, data), request);
            try {
                client.write(request.slice(0, SET_HEADER));
            } catch (IOException e) {
                err.println("Could not execute ioctl PTM_SET_STATEBLOB: " + Errno.describe(e));
                return 1;
            }
            try {
                client.write(request.slice(SET_HEADER, request.readableBytes() - SET_HEADER));
            } catch (IOException e) {
                err.println("Could not write to file: " + Errno.describe(e));
                return 1;
            }
        } finally {
            request.release();
        }
        CtrlResponse response;
        try {
            response = client.read(CtrlCommand.SET_STATEBLOB, false);
        } catch (CtrlClient.ShortResponse e) {
            err.println("Did not get enough response bytes from PTM_SET_STATE_BLOB: " + e.received());
            return 1;
        } catch (IOException e) {
            err.println("Error reading response: " + Errno.describe(e));
            return 1;
        }
        return checkSetResult(response.result());
    }

    private int checkSetResult(int result) {
        if (result != CtrlResult.SUCCESS) {
            err.println("TPM result from PTM_SET_STATEBLOB: 0x" + Integer.toHexString(result));
            return 1;
        }
        return 0;
    }
}
