package org.swtpmjava.swtpm.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

import org.swtpmjava.data.TpmCommandFrame;
import org.swtpmjava.data.TpmDataFraming;
import org.swtpmjava.swtpm.log.SwtpmLog;

/**
 * Serves TPM commands on one data connection, one response per command
 * (framing: {@link TpmDataFraming}). A command whose tail does not arrive within
 * {@link #TAIL_TIMEOUT_MS} is processed as received, so the TPM answers the size
 * mismatch as it does for swtpm's truncated reads, instead of waiting forever.
 */
public final class DataConnection {

    static final int TAIL_TIMEOUT_MS = 1000;

    private final Socket socket;
    private final DataHandler handler;
    private final SwtpmLog log;
    private final boolean disconnectAfterResponse;

    public DataConnection(Socket socket, DataHandler handler, SwtpmLog log, boolean disconnectAfterResponse) {
        this.socket = socket;
        this.handler = handler;
        this.log = log;
        this.disconnectAfterResponse = disconnectAfterResponse;
    }

    /** How a connection ended. */
    public enum End {
        /** The peer closed its end (end of stream). */
        PEER_CLOSED,
        /** The connection failed under us (reset by the peer). */
        PEER_RESET,
        /** This side ended it: disconnect after a response, or the socket was closed here. */
        LOCAL
    }

    /** Serves until the peer closes or fails; then closes the socket. */
    public End serve() {
        ByteBuf pending = Unpooled.buffer(TpmDataFraming.MAX_FRAME * 2);
        try {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] chunk = new byte[TpmDataFraming.MAX_FRAME];
            while (true) {
                TpmCommandFrame frame = nextFrame(in, chunk, pending);
                if (frame == null) {
                    return End.PEER_CLOSED;
                }
                log.hexDump("SWTPM_IO_Read", frame.command());
                byte[] response = handler.process(frame);
                log.hexDump("SWTPM_IO_Write", response);
                ByteBuf wire = Unpooled.buffer(response.length + 8);
                TpmDataFraming.writeResponse(response, frame.prefixed(), wire);
                wire.readBytes(out, wire.readableBytes());
                out.flush();
                if (disconnectAfterResponse) {
                    return End.LOCAL;
                }
            }
        } catch (IOException e) {
            // Closed here (the daemon stopping) or failed under us; the caller decides whether
            // that ends the process.
            return socket.isClosed() ? End.LOCAL : End.PEER_RESET;
        } finally {
            pending.release();
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private TpmCommandFrame nextFrame(InputStream in, byte[] chunk, ByteBuf pending) throws IOException {
        while (true) {
            int length = TpmDataFraming.frameLength(pending);
            if (length >= 0 && pending.readableBytes() >= length) {
                TpmCommandFrame frame = TpmDataFraming.readFrame(pending, length);
                pending.discardReadBytes();
                return frame;
            }
            // Wait without limit for a command to start, but only briefly for the rest of one.
            boolean started = length >= 0;
            socket.setSoTimeout(started ? TAIL_TIMEOUT_MS : 0);
            int n;
            try {
                n = in.read(chunk, 0, Math.min(chunk.length, TpmDataFraming.MAX_FRAME * 2 - pending.readableBytes()));
            } catch (SocketTimeoutException e) {
                TpmCommandFrame frame = TpmDataFraming.readFrame(pending, pending.readableBytes());
                pending.discardReadBytes();
                return frame;
            }
            if (n < 0) {
                return null;
            }
            pending.writeBytes(chunk, 0, n);
        }
    }
}
