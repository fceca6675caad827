package org.swtpmjava.store.oracle;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Raw CMD_GET_STATEBLOB / CMD_SET_STATEBLOB on swtpm's control socket (swtpm-protocol.md
 * §2.4.12-13), for the flag combinations swtpm_ioctl cannot send (it always asks DECRYPTED).
 */
public final class CtrlClient {
    /** A GET_STATEBLOB response. */
    public record StateBlob(int result, int stateFlags, byte[] data) {
    }

    private static final int CMD_GET_STATEBLOB = 0x0c;
    private static final int CMD_SET_STATEBLOB = 0x0d;

    private final Path socket;

    CtrlClient(Path socket) {
        this.socket = socket;
    }

    public StateBlob getStateBlob(int stateFlags, int type) throws IOException {
        try (SocketChannel channel = connect()) {
            ByteBuffer request = ByteBuffer.allocate(16).putInt(CMD_GET_STATEBLOB).putInt(stateFlags).putInt(type)
                    .putInt(0).flip();
            writeFully(channel, request);
            ByteBuffer header = readFully(channel, 16);
            int result = header.getInt();
            int flags = header.getInt();
            header.getInt();
            int length = header.getInt();
            byte[] data = result == 0 ? readFully(channel, length).array() : new byte[0];
            return new StateBlob(result, flags, data);
        }
    }

    /** Returns the result code. */
    public int setStateBlob(int stateFlags, int type, byte[] blob) throws IOException {
        try (SocketChannel channel = connect()) {
            ByteBuffer request = ByteBuffer.allocate(16 + blob.length).putInt(CMD_SET_STATEBLOB).putInt(stateFlags)
                    .putInt(type).putInt(blob.length).put(blob).flip();
            writeFully(channel, request);
            return readFully(channel, 4).getInt();
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static ByteBuffer readFully(SocketChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("control channel closed after " + buffer.position() + " of " + length + " bytes");
            }
        }
        return buffer.flip();
    }
}
