package org.swtpmjava.ioctl;

import java.io.Closeable;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.Charset;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.swtpmjava.ctrl.CtrlCommand;
import org.swtpmjava.ctrl.CtrlRequest;
import org.swtpmjava.ctrl.CtrlRequestCodec;
import org.swtpmjava.ctrl.CtrlResponse;
import org.swtpmjava.ctrl.CtrlResponseCodec;

/**
 * One connection to swtpm's control channel, as swtpm_ioctl opens it: a unix socket
 * (junixsocket) or TCP. Requests and responses go through ctrl-protocol's codecs; a response
 * is read until {@link CtrlResponseCodec#responseLength} says it is complete
 * (swtpm-protocol.md §2.1, §6).
 *
 * <p>Failures to connect are {@link ConnectFailure}s whose message is the C tool's complete
 * error line; other I/O failures carry the strerror-like text of the cause.
 */
public final class CtrlClient implements Closeable {

    /** swtpm_ioctl 0.7.1 polls up to 10 s for a reply (HEAD: 20 s). */
    public static final int DEFAULT_REPLY_TIMEOUT_MILLIS = 10_000;

    /** sizeof(struct sockaddr_un.sun_path) on Linux, including the terminating NUL. */
    static final int SUN_PATH_SIZE = 108;

    /** A response larger than this is refused rather than buffered (state blobs are < 1 MiB). */
    static final long MAX_RESPONSE = 64L * 1024 * 1024;

    /** The connection could not be made; the message is the line to print. */
    public static final class ConnectFailure extends IOException {
        private static final long serialVersionUID = 1L;

        ConnectFailure(String message) {
            super(message);
        }
    }

    /** The peer closed the connection before a complete response arrived. */
    public static final class ShortResponse extends EOFException {
        private static final long serialVersionUID = 1L;
        private final int received;

        ShortResponse(CtrlCommand command, int received) {
            super("Connection closed after " + received + " bytes of the " + command + " response");
            this.received = received;
        }

        /** Bytes of the response that did arrive. */
        public int received() {
            return received;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int replyTimeoutMillis;

    private CtrlClient(Socket socket, int replyTimeoutMillis) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.replyTimeoutMillis = replyTimeoutMillis;
    }

    /** Connects to swtpm's control socket at {@code path} ({@code --ctrl type=unixio}). */
    public static CtrlClient connectUnix(String path, int replyTimeoutMillis) throws ConnectFailure {
        Charset fs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        if (path.getBytes(fs).length + 1 > SUN_PATH_SIZE) {
            throw new ConnectFailure("Socket path is too long.");
        }
        if (path.isEmpty()) {
            // An all-zero sun_path names an abstract socket nobody listens on; junixsocket refuses it.
            throw new ConnectFailure("Connect failed: Connection refused");
        }
        AFUNIXSocket socket = null;
        try {
            socket = AFUNIXSocket.newInstance();
            socket.connect(AFUNIXSocketAddress.of(new File(path)));
            return new CtrlClient(socket, replyTimeoutMillis);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ConnectFailure("Connect failed: " + Errno.describe(e));
        }
    }

    /**
     * Connects over TCP ({@code --ctrl type=tcp}), trying every address of {@code host} in turn
     * as getaddrinfo lists them.
     */
    public static CtrlClient connectTcp(String host, int port, int replyTimeoutMillis) throws ConnectFailure {
        InetAddress[] addresses;
        try {
            // getaddrinfo knows neither "" nor bracketed IPv6 literals; InetAddress accepts both.
            if (host.isEmpty() || host.startsWith("[")) {
                throw new UnknownHostException(host);
            }
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ConnectFailure("getaddrinfo failed on host '" + host + "': Name or service not known");
        }
        String reason = "Connection refused";
        for (InetAddress address : addresses) {
            if (port == 0) {
                break; // connect() to port 0 is refused by Linux; the JDK refuses to try
            }
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port));
                return new CtrlClient(socket, replyTimeoutMillis);
            } catch (IOException e) {
                closeQuietly(socket);
                reason = Errno.describe(e);
            }
        }
        throw new ConnectFailure("Could not connect to host '" + host + "' on port '" + port
                + "' using TCP socket: " + reason);
    }

    /** Sends {@code request} and waits up to the reply timeout for its complete response. */
    public CtrlResponse transact(CtrlRequest request) throws IOException {
        ByteBuf bytes = Unpooled.buffer();
        try {
            CtrlRequestCodec.encode(request, bytes);
            write(bytes);
        } finally {
            bytes.release();
        }
        // An unknown code is answered like any error: a bare 4-byte result.
        return read(request.command() == null ? CtrlCommand.STOP : request.command(), true);
    }

    /** Writes all readable bytes of {@code bytes} without consuming them. */
    public void write(ByteBuf bytes) throws IOException {
        bytes.getBytes(bytes.readerIndex(), out, bytes.readableBytes());
        out.flush();
    }

    /**
     * Reads exactly one response to {@code command}. With {@code withTimeout} every wait for
     * data is bounded by the reply timeout ({@link java.net.SocketTimeoutException}); without
     * it the read blocks as swtpm_ioctl's final read of a --load does.
     */
    public CtrlResponse read(CtrlCommand command, boolean withTimeout) throws IOException {
        socket.setSoTimeout(withTimeout ? replyTimeoutMillis : 0);
        ByteBuf response = Unpooled.buffer(16);
        try {
            byte[] chunk = new byte[4096];
            while (true) {
                long needed = CtrlResponseCodec.responseLength(command, response);
                int have = response.readableBytes();
                if (needed >= 0 && have >= needed) {
                    return CtrlResponseCodec.decode(command, response);
                }
                if (needed > MAX_RESPONSE) {
                    throw new IOException("Response of " + needed + " bytes is too large");
                }
                int wanted = needed < 0 ? 4 - have : (int) Math.min(chunk.length, needed - have);
                int n = in.read(chunk, 0, wanted);
                if (n < 0) {
                    throw new ShortResponse(command, have);
                }
                response.writeBytes(chunk, 0, n);
            }
        } finally {
            response.release();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to report: the connection never worked
        }
    }
}
