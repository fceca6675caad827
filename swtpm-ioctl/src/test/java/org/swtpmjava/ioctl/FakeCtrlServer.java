package org.swtpmjava.ioctl;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP server that plays one scripted control-channel conversation, for the cases
 * a real swtpm does not produce (no reply, short reply, sliced GET_INFO).
 */
final class FakeCtrlServer implements AutoCloseable {

    /** The server's side of the conversation. */
    interface Script {
        void play(DataInputStream in, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final CompletableFuture<byte[]> received = new CompletableFuture<>();

    FakeCtrlServer(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> serve(script), "fake-ctrl-server");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(Script script) {
        try (Socket client = server.accept()) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            InputStream recording = new InputStream() {
                private final InputStream in = client.getInputStream();

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        log.write(b);
                    }
                    return b;
                }
            };
            script.play(new DataInputStream(recording), client.getOutputStream());
            client.getOutputStream().flush();
            received.complete(log.toByteArray());
        } catch (IOException | RuntimeException e) {
            received.completeExceptionally(e);
        }
    }

    String tcpOption() {
        return ":" + server.getLocalPort();
    }

    /** Everything the client sent until the script ended. */
    byte[] received() throws Exception {
        return received.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
