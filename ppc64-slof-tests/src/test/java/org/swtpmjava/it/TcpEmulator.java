package org.swtpmjava.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code swtpm socket} with TCP server and control ports, as tpm2-tools' swtpm TCTI expects it. */
final class TcpEmulator {

    private TcpEmulator() {
    }

    /**
     * Starts {@code swtpm socket --tpm2 --tpmstate dir=<dir>/state <extra>} on a free TCP port pair
     * (P for the server, P+1 for ctrl), retrying on collision; the server port goes to {@code portOut[0]}.
     */
    static Process start(Launchers.Emulator e, Path dir, List<String> extra, int[] portOut) throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePortPair();
            List<String> cmd = new ArrayList<>(List.of(Launchers.swtpm(e), "socket", "--tpm2", "--tpmstate",
                    "dir=" + state, "--server", "type=tcp,port=" + port, "--ctrl", "type=tcp,port=" + (port + 1)));
            cmd.addAll(extra);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("swtpm-" + attempt + ".log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (p.isAlive() && System.nanoTime() < deadline) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                } catch (IOException ex) {
                    Thread.sleep(20);
                    continue;
                }
                // Still alive: the port is this swtpm's, not another process's it failed to bind over.
                Thread.sleep(100);
                if (p.isAlive()) {
                    portOut[0] = port;
                    return p;
                }
            }
            Launchers.stop(p);
            last = new IOException(e + " swtpm did not listen on port " + port + ": "
                    + Files.readString(dir.resolve("swtpm-" + attempt + ".log"), StandardCharsets.UTF_8));
        }
        throw last;
    }

    private static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket a = new ServerSocket(0)) {
                int port = a.getLocalPort();
                if (port >= 65535) {
                    continue;
                }
                try (ServerSocket b = new ServerSocket(port + 1)) {
                    if (b.getLocalPort() == port + 1) {
                        return port;
                    }
                } catch (IOException busy) {
                    // try another pair
                }
            }
        }
        throw new IOException("no free TCP port pair");
    }

    /** Sends one TPM command on its own connection to the server port and returns the response. */
    static byte[] transact(int port, byte[] command) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(60_000);
            s.getOutputStream().write(command);
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] header = new byte[10];
            in.readFully(header);
            int size = ByteBuffer.wrap(header, 2, 4).getInt();
            if (size < 10 || size > 65_536) {
                throw new IOException("response size " + size);
            }
            byte[] response = Arrays.copyOf(header, size);
            in.readFully(response, 10, size - 10);
            return response;
        }
    }
}
