package org.swtpmjava.tpm.differential;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.swtpmjava.tpm.TpmEngine.BufferSizes;

/**
 * The C swtpm (with libtpms 0.9.2) as the reference: {@code swtpm socket --tpm2} on loopback
 * TCP with a fresh state directory and {@code --flags not-need-init}, driven over its data
 * socket and its control channel (swtpm-protocol.md §2, §3).
 */
final class SwtpmProcess implements TpmUnderTest {
    private static final int TIMEOUT_MS = 10_000;

    private final Path stateDir;
    private final Path preload;
    private Process process;
    private int ctrlPort;
    private Socket data;

    private SwtpmProcess(Path stateDir, Path preload, Process process, int ctrlPort, Socket data) {
        this.preload = preload;
        this.stateDir = stateDir;
        this.process = process;
        this.ctrlPort = ctrlPort;
        this.data = data;
    }

    /** The swtpm executable on PATH, if any. */
    static Optional<Path> findExecutable() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, "swtpm"))
                .filter(Files::isExecutable).findFirst();
    }

    /** Starts swtpm; {@code preload} is an optional LD_PRELOAD library. */
    static SwtpmProcess start(Path preload) {
        Path executable = findExecutable().orElseThrow(() -> new AssertionError(
                "swtpm is not on PATH: the differential tests need the C swtpm 0.7.1 with libtpms 0.9.2 "
                        + "(Debian: apt-get install swtpm swtpm-tools)"));
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return tryStart(executable, preload);
            } catch (IOException e) {
                last = e; // most likely a port taken between probing and binding
            }
        }
        throw new UncheckedIOException("swtpm did not start", last);
    }

    private static SwtpmProcess tryStart(Path executable, Path preload) throws IOException {
        Path dir = Files.createTempDirectory("swtpm-diff");
        try {
            return launch(executable, dir, preload, null);
        } catch (IOException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /**
     * Starts swtpm on {@code dir} with a new port pair; {@code target} (if not null) takes the
     * new process instead of a new instance.
     */
    private static SwtpmProcess launch(Path executable, Path dir, Path preload, SwtpmProcess target)
            throws IOException {
        int port = freePortPair();
        List<String> args = new ArrayList<>(List.of(executable.toString(), "socket", "--tpm2",
                "--tpmstate", "dir=" + dir, "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1", "--flags", "not-need-init"));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolveSibling(dir.getFileName() + ".log").toFile()));
        if (preload != null) {
            builder.environment().put("LD_PRELOAD", preload.toString());
        }
        Process process = builder.start();
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (true) {
            try {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setSoTimeout(TIMEOUT_MS);
                // swtpm listens before its not-need-init TPMLIB_MainInit has written a new state:
                // tests that read the permall right away must find it.
                while (!Files.exists(dir.resolve("tpm2-00.permall")) && process.isAlive()
                        && System.currentTimeMillis() < deadline) {
                    sleep();
                }
                if (target == null) {
                    return new SwtpmProcess(dir, preload, process, port + 1, socket);
                }
                target.process = process;
                target.ctrlPort = port + 1;
                target.data = socket;
                return target;
            } catch (IOException e) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    process.destroyForcibly();
                    throw e;
                }
                sleep();
            }
        }
    }

    /** Starts swtpm on an existing state directory (which it then owns and deletes on close). */
    static SwtpmProcess startIn(Path dir) {
        return startIn(dir, null);
    }

    /** As {@link #startIn(Path)}, with the RAND_bytes preload (null: none). */
    static SwtpmProcess startIn(Path dir, Path preload) {
        Path executable = findExecutable().orElseThrow();
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return launch(executable, dir, preload, null);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("swtpm did not start", last);
    }

    /** The state directory (tpm2-00.permall, ...). */
    Path stateDir() {
        return stateDir;
    }

    /** Ends the process (SIGTERM) and starts a new swtpm on the same state directory. */
    @Override
    public void restartProcess() {
        stopProcess();
        Path executable = findExecutable().orElseThrow();
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                launch(executable, stateDir, preload, this);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("swtpm did not restart", last);
    }

    @Override
    public byte[] command(byte[] command) {
        try {
            OutputStream out = data.getOutputStream();
            out.write(command);
            out.flush();
            DataInputStream in = new DataInputStream(data.getInputStream());
            byte[] header = new byte[6];
            in.readFully(header);
            int size = ByteBuffer.wrap(header, 2, 4).getInt();
            byte[] response = new byte[size];
            System.arraycopy(header, 0, response, 0, 6);
            in.readFully(response, 6, size - 6);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException("swtpm data channel", e);
        }
    }

    @Override
    public int init() {
        return result(ctrl(request(0x02, 0, 0, 0, 0), 4));
    }

    /**
     * CMD_STOP, then CMD_SET_STATEBLOB (swtpm-protocol.md §2.4.13) with a state object in
     * swtpm's format; returns the result (libtpms' TPMLIB_SetState code for a bad blob).
     */
    int setStateBlob(int type, byte[] stateObject) {
        result(ctrl(request(0x0e), 4));
        byte[] request = ByteBuffer.allocate(16 + stateObject.length).putInt(0x0d).putInt(0).putInt(type)
                .putInt(stateObject.length).put(stateObject).array();
        return result(ctrl(request, 4));
    }

    @Override
    public int storeVolatile() {
        return result(ctrl(request(0x0A), 4));
    }

    @Override
    public int setLocality(int locality) {
        return result(ctrl(request(0x05, locality), 4));
    }

    @Override
    public BufferSizes restartWithBufferSize(int wanted) {
        result(ctrl(request(0x0e), 4));
        ByteBuffer response = ByteBuffer.wrap(ctrl(ByteBuffer.allocate(8).putInt(0x11).putInt(wanted).array(), 16));
        if (response.getInt() != 0) {
            throw new AssertionError("CMD_SET_BUFFERSIZE failed");
        }
        BufferSizes sizes = new BufferSizes(response.getInt(), response.getInt(), response.getInt());
        init();
        return sizes;
    }

    @Override
    public int hashStart() {
        return result(ctrl(request(0x06), 4));
    }

    @Override
    public int hashData(byte[] bytes) {
        byte[] request = ByteBuffer.allocate(8 + bytes.length).putInt(0x07).putInt(bytes.length).put(bytes).array();
        return result(ctrl(request, 4));
    }

    @Override
    public int hashEnd() {
        return result(ctrl(request(0x08), 4));
    }

    @Override
    public boolean tpmEstablished() {
        byte[] response = ctrl(request(0x04), 8);
        if (result(response) != 0) {
            throw new AssertionError("CMD_GET_TPMESTABLISHED failed");
        }
        return response[4] != 0;
    }

    @Override
    public int resetTpmEstablished(int locality) {
        return result(ctrl(request(0x0b, locality), 4));
    }

    @Override
    public String info(long flags) {
        byte[] request = ByteBuffer.allocate(20).putInt(0x12).putLong(flags).putInt(0).putInt(0).array();
        try (Socket ctrl = connectCtrl()) {
            ctrl.getOutputStream().write(request);
            DataInputStream in = new DataInputStream(ctrl.getInputStream());
            if (in.readInt() != 0) {
                throw new AssertionError("CMD_GET_INFO failed");
            }
            in.readInt(); // total length
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            return new String(json, 0, json.length - 1, StandardCharsets.US_ASCII); // drop the NUL
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** swtpm renames a temporary file onto tpm2-00.permall; a directory there makes that fail. */
    @Override
    public void breakStorage() {
        try {
            Path permall = stateDir.resolve("tpm2-00.permall");
            Files.deleteIfExists(permall);
            Files.createDirectories(permall.resolve("in-the-way"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stopProcess();
        deleteTree(stateDir);
        deleteTree(stateDir.resolveSibling(stateDir.getFileName() + ".log"));
    }

    private void stopProcess() {
        try {
            data.close();
        } catch (IOException ignored) {
            // the process is ended below anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private byte[] ctrl(byte[] request, int responseLength) {
        try (Socket ctrl = connectCtrl()) {
            ctrl.getOutputStream().write(request);
            byte[] response = new byte[responseLength];
            InputStream in = ctrl.getInputStream();
            int read = 0;
            while (read < 4) { // every answer starts with a 4-byte result; errors are only that
                int n = in.read(response, read, responseLength - read);
                if (n < 0) {
                    throw new IOException("control channel closed");
                }
                read += n;
            }
            if (result(response) == 0) {
                new DataInputStream(in).readFully(response, read, responseLength - read);
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException("swtpm control channel", e);
        }
    }

    private Socket connectCtrl() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), ctrlPort);
        socket.setSoTimeout(TIMEOUT_MS);
        return socket;
    }

    private static byte[] request(int code, int... payloadBytes) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + payloadBytes.length).putInt(code);
        for (int b : payloadBytes) {
            buffer.put((byte) b);
        }
        return buffer.array();
    }

    private static int result(byte[] response) {
        return ByteBuffer.wrap(response, 0, 4).getInt();
    }

    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            if (port < 65535) {
                try {
                    new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress()).close();
                    return port;
                } catch (IOException taken) {
                    // try another pair
                }
            }
        }
        throw new IOException("no two consecutive free ports");
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort for a temporary directory
        }
    }
}
