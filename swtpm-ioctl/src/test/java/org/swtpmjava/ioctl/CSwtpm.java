package org.swtpmjava.ioctl;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A C {@code swtpm socket --tpm2} daemon (Debian swtpm 0.7.1) for the differential tests,
 * started with not-need-init so that it is running at once.
 */
final class CSwtpm implements AutoCloseable {

    private final Process process;
    private final Path stateDir;
    private final Path ctrlSocket;

    private CSwtpm(Process process, Path stateDir, Path ctrlSocket) {
        this.process = process;
        this.stateDir = stateDir;
        this.ctrlSocket = ctrlSocket;
    }

    /** Fails the test with a clear message when the C tools are not installed. */
    static void requireCTools() {
        for (String tool : List.of("swtpm", "swtpm_ioctl")) {
            if (findOnPath(tool) == null) {
                fail("'" + tool + "' is not on PATH; the differential tests need the C swtpm and swtpm_ioctl"
                        + " (Debian/Ubuntu: apt-get install swtpm swtpm-tools)");
            }
        }
    }

    private static Path findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Starts a daemon on {@code stateDir} with a unix control socket {@code ctrl.sock}. */
    static CSwtpm start(Path stateDir) throws IOException, InterruptedException {
        Path socket = stateDir.resolve("ctrl.sock");
        return start(stateDir, "type=unixio,path=" + socket, socket, 0);
    }

    /** Starts a daemon on {@code stateDir} whose control channel listens on 127.0.0.1:{@code port}. */
    static CSwtpm startTcp(Path stateDir, int port) throws IOException, InterruptedException {
        return start(stateDir, "type=tcp,port=" + port + ",bindaddr=127.0.0.1", null, port);
    }

    private static CSwtpm start(Path stateDir, String ctrl, Path socket, int port)
            throws IOException, InterruptedException {
        Files.createDirectories(stateDir);
        List<String> command = List.of("swtpm", "socket", "--tpm2", "--tpmstate", "dir=" + stateDir,
                "--ctrl", ctrl, "--flags", "not-need-init");
        Path log = stateDir.resolve("swtpm.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (socket != null ? !Files.exists(socket) : !listening(port)) {
            if (!process.isAlive()) {
                fail("swtpm exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                fail("swtpm did not open its control channel (" + ctrl + ") within 10 s");
            }
            Thread.sleep(10);
        }
        return new CSwtpm(process, stateDir, socket);
    }

    private static boolean listening(int port) {
        try {
            new Socket("127.0.0.1", port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A state directory holding a manufactured TPM 2 ({@code tpm2-00.permall}), made by the C
     * swtpm and shut down cleanly; copies of it give daemons with identical permanent state.
     */
    static Path manufacture(Path dir) throws IOException, InterruptedException {
        try (CSwtpm swtpm = start(dir)) {
            ToolRun.Outcome shutdown = ToolRun.c(new String[] {"-s", "--unix", swtpm.ctrlSocket().toString()}, null);
            if (shutdown.status() != 0 || !swtpm.waitForExit(10)) {
                fail("could not shut down the seeding swtpm: " + shutdown);
            }
        }
        Path permall = dir.resolve("tpm2-00.permall");
        if (!Files.exists(permall)) {
            fail("swtpm did not write " + permall);
        }
        return permall;
    }

    /** Starts a daemon on a fresh directory holding a copy of {@code permall}. */
    static CSwtpm startWithCopy(Path permall, Path stateDir) throws IOException, InterruptedException {
        Files.createDirectories(stateDir);
        Files.copy(permall, stateDir.resolve("tpm2-00.permall"));
        return start(stateDir);
    }

    Path ctrlSocket() {
        return ctrlSocket;
    }

    Path stateDir() {
        return stateDir;
    }

    /** Waits for the daemon to exit by itself; true if it did within {@code seconds}. */
    boolean waitForExit(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Ends the daemon (SIGTERM, then SIGKILL after 5 s) if it is still running. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
