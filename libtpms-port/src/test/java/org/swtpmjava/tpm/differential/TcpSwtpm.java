package org.swtpmjava.tpm.differential;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The C swtpm on TCP ports with startup-clear, as tpm2-tools' swtpm TCTI sees a booted TPM:
 * server port {@link #port()}, control port one above. Optionally with the RAND_bytes preload.
 */
final class TcpSwtpm implements AutoCloseable {
    private final Process process;
    private final int port;

    private TcpSwtpm(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts swtpm on state directory {@code <dir>/swtpm-state}, its output in {@code <dir>/swtpm.log}. */
    static TcpSwtpm start(Path dir, Path preload) throws IOException, InterruptedException {
        Path state = Files.createDirectory(dir.resolve("swtpm-state"));
        for (int attempt = 0; attempt < 10; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            ProcessBuilder builder = new ProcessBuilder("swtpm", "socket", "--tpm2", "--tpmstate", "dir=" + state,
                    "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                    "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                    "--flags", "not-need-init,startup-clear")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("swtpm.log").toFile());
            if (preload != null) {
                builder.environment().put("LD_PRELOAD", preload.toString());
            }
            Process process = builder.start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (process.isAlive() && System.currentTimeMillis() < deadline) {
                try (Socket probe = new Socket("127.0.0.1", port + 1)) {
                    return new TcpSwtpm(process, port);
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            process.destroyForcibly();
        }
        throw new IOException("swtpm did not start");
    }

    int port() {
        return port;
    }

    /** tpm2-tools' TCTI string for this swtpm. */
    String tcti() {
        return "swtpm:host=127.0.0.1,port=" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
