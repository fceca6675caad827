package org.swtpmjava.swtpm.it;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.HexFormat;

import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.swtpmjava.ctrl.CtrlCommand;
import org.swtpmjava.ctrl.CtrlResponseCodec;

/**
 * A control-channel client that sends raw bytes, as a test needs to send malformed ones,
 * and reads the reply framed by the command it sent (or until the server closes).
 */
public final class RawCtrlClient implements AutoCloseable {

    /** What a reply read returns when the server closed the connection instead of answering. */
    public static final String CLOSED = "closed";

    private final Socket socket;

    public RawCtrlClient(Path path) throws IOException {
        this(connect(path));
    }

    private RawCtrlClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5000);
    }

    /** A client of a TCP control channel ({@code --ctrl type=tcp}). */
    public static RawCtrlClient tcp(int port) throws IOException {
        return new RawCtrlClient(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** The C swtpm creates the socket's path at bind(), a moment before listen(): retry briefly. */
    private static AFUNIXSocket connect(Path path) throws IOException {
        for (int attempt = 0; ; attempt++) {
            AFUNIXSocket s = AFUNIXSocket.newInstance();
            try {
                s.connect(AFUNIXSocketAddress.of(new File(path.toString())));
                return s;
            } catch (java.net.SocketException e) {
                s.close();
                if (attempt >= 200) {
                    throw e;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Sends hex bytes (spaces allowed) and returns the reply in lower-case hex, or {@link #CLOSED}. */
    public String exchange(String hex) throws IOException {
        return exchange(HexFormat.of().parseHex(hex.replace(" ", "")), null);
    }

    /** Sends bytes, optionally with one fd as SCM_RIGHTS, and returns the reply. */
    public String exchange(byte[] request, FileDescriptor fd) throws IOException {
        if (fd != null) {
            ((AFUNIXSocket) socket).setOutboundFileDescriptors(fd);
        }
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
        CtrlCommand command = request.length >= 4
                ? CtrlCommand.fromCode(Unpooled.wrappedBuffer(request).getInt(0)).orElse(CtrlCommand.STOP)
                : CtrlCommand.STOP;
        return readReply(command);
    }

    /** Reads one reply to {@code command}. */
    public String readReply(CtrlCommand command) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            while (true) {
                ByteBuf view = Unpooled.wrappedBuffer(got.toByteArray());
                long needed = CtrlResponseCodec.responseLength(command, view);
                if (needed >= 0 && got.size() >= needed) {
                    return HexFormat.of().formatHex(got.toByteArray());
                }
                int n = in.read(buf);
                if (n < 0) {
                    return got.size() == 0 ? CLOSED : HexFormat.of().formatHex(got.toByteArray()) + " " + CLOSED;
                }
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return HexFormat.of().formatHex(got.toByteArray()) + " timeout";
        }
    }

    /** Writes bytes without reading a reply. */
    public void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
