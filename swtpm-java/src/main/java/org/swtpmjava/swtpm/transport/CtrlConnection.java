package org.swtpmjava.swtpm.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

import org.swtpmjava.ctrl.CtrlCommand;
import org.swtpmjava.ctrl.CtrlRequest;
import org.swtpmjava.ctrl.CtrlRequestCodec;
import org.swtpmjava.ctrl.CtrlResponse;
import org.swtpmjava.ctrl.CtrlResponseCodec;
import org.swtpmjava.ctrl.CtrlResult;
import org.swtpmjava.swtpm.log.SwtpmLog;

/**
 * Serves one control client with swtpm's receive algorithm (swtpm-protocol.md §2.1): the
 * first read takes up to 4104 bytes and any SCM_RIGHTS fds; the rest of the message must
 * arrive within 500 ms or the connection is closed without a reply; bytes beyond the
 * message in the same window are discarded. HASH_DATA and SET_STATEBLOB bodies longer than
 * the window are read on, each read bounded by {@link #BODY_READ_TIMEOUT_MS} (swtpm would
 * block the whole process instead).
 */
public final class CtrlConnection implements Runnable {

    static final int WINDOW_DEADLINE_MS = 500;
    static final int BODY_READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final CtrlHandler handler;
    private final SwtpmLog log;

    public CtrlConnection(Socket socket, CtrlHandler handler, SwtpmLog log) {
        this.socket = socket;
        this.handler = handler;
        this.log = log;
    }

    @Override
    public void run() {
        try (socket) {
            Sockets.acceptFds(socket);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (serveOne(in, out)) {
                // next message
            }
        } catch (IOException e) {
            // a broken client connection ends this connection only
        }
        handler.clientGone();
    }

    /** Reads, handles and answers one message; false when the connection is to be closed. */
    private boolean serveOne(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[CtrlRequestCodec.WINDOW];
        socket.setSoTimeout(0);
        int have = in.read(buf, 0, buf.length);
        if (have < 0) {
            return false;
        }
        FileDescriptor[] fds = Sockets.receivedFds(socket);
        long deadline = System.nanoTime() + WINDOW_DEADLINE_MS * 1_000_000L;
        long required;
        while (true) {
            ByteBuf view = Unpooled.wrappedBuffer(buf, 0, have);
            CtrlRequest.Malformed oversized = CtrlRequestCodec.oversizedBody(view);
            if (oversized != null) {
                log.hexDump("Ctrl Cmd", Arrays.copyOf(buf, have));
                return reply(oversized, fds, out);
            }
            required = CtrlRequestCodec.requiredLength(view);
            if (required >= 0 && have >= Math.min(required, buf.length)) {
                break;
            }
            int n = readWithin(in, buf, have, buf.length - have, deadline);
            if (n < 0) {
                return false; // EOF, or the 500 ms window passed: close without a reply
            }
            have += n;
        }
        byte[] message = Arrays.copyOf(buf, have);
        if (required > have) {
            message = readBody(in, message, required);
            if (message.length < required) {
                // swtpm 0.8+: EOF inside a HASH_DATA body is TPM_IOERROR, inside a state blob TPM_BAD_PARAMETER.
                CtrlCommand command = CtrlCommand.fromCode(Unpooled.wrappedBuffer(buf).getInt(0)).orElseThrow();
                int result = command == CtrlCommand.HASH_DATA ? CtrlResult.IOERROR : CtrlResult.BAD_PARAMETER;
                reply(new CtrlRequest.Malformed(command, result, "body cut short"), fds, out);
                return false;
            }
        }
        log.hexDump("Ctrl Cmd", message);
        return reply(CtrlRequestCodec.decode(Unpooled.wrappedBuffer(message)), fds, out);
    }

    private boolean reply(CtrlRequest request, FileDescriptor[] fds, OutputStream out) throws IOException {
        CtrlResponse response = handler.handle(request, fds, Sockets.isUnix(socket));
        ByteBuf wire = Unpooled.buffer();
        CtrlResponseCodec.encode(response, wire);
        byte[] bytes = new byte[wire.readableBytes()];
        wire.readBytes(bytes);
        log.hexDump("Ctrl Rsp", bytes);
        out.write(bytes);
        out.flush();
        handler.responseSent(request);
        return true;
    }

    /** Reads a streamed body to {@code required} bytes; returns fewer on EOF or a stalled client. */
    private byte[] readBody(InputStream in, byte[] start, long required) throws IOException {
        byte[] message = Arrays.copyOf(start, (int) required);
        int have = start.length;
        socket.setSoTimeout(BODY_READ_TIMEOUT_MS);
        try {
            while (have < required) {
                int n = in.read(message, have, message.length - have);
                if (n < 0) {
                    break;
                }
                have += n;
            }
        } catch (SocketTimeoutException e) {
            // treated like EOF
        }
        return have == required ? message : Arrays.copyOf(message, have);
    }

    /** One read that must complete before the deadline; -1 on EOF or when the deadline passed. */
    private int readWithin(InputStream in, byte[] buf, int off, int len, long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0 || len <= 0) {
            return -1;
        }
        socket.setSoTimeout((int) left);
        try {
            return in.read(buf, off, len);
        } catch (SocketTimeoutException e) {
            return -1;
        }
    }
}
