package org.swtpmjava.store.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The installed C swtpm 0.7.1 and swtpm_ioctl, driven as the oracle: a {@code swtpm socket}
 * process on a state directory with a unix control socket.
 * If the binaries are missing the tests fail with a clear message (CI installs them).
 */
public final class CSwtpm implements AutoCloseable {
    /** Output of a finished process. */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    private final Process process;
    private final Path ctrlSocket;
    private final Path stderrFile;

    private CSwtpm(Process process, Path ctrlSocket, Path stderrFile) {
        this.process = process;
        this.ctrlSocket = ctrlSocket;
        this.stderrFile = stderrFile;
    }

    /** Fails the test unless swtpm and swtpm_ioctl can be run. */
    public static void requireInstalled() {
        for (String tool : List.of("swtpm", "swtpm_ioctl")) {
            boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                    .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
            assertThat(found)
                    .as("'%s' is not on PATH: install the swtpm and swtpm-tools packages (Debian) to run the C"
                            + " interoperability tests", tool)
                    .isTrue();
        }
    }

    /**
     * Starts {@code swtpm socket --tpm2 --tpmstate dir=<stateDir> --ctrl type=unixio,path=<work>/ctrl.sock}
     * plus {@code extraArgs}, and waits until the control socket exists.
     */
    public static CSwtpm start(Path stateDir, Path workDir, String... extraArgs) throws IOException, InterruptedException {
        requireInstalled();
        Path socket = Files.createTempFile(workDir, "ctrl", ".sock");
        Files.delete(socket);
        Path stderr = Files.createTempFile(workDir, "swtpm", ".err");
        List<String> command = new ArrayList<>(List.of("swtpm", "socket", "--tpm2",
                "--tpmstate", "dir=" + stateDir, "--ctrl", "type=unixio,path=" + socket));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(stderr.toFile())
                .start();
        CSwtpm swtpm = new CSwtpm(process, socket, stderr);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("swtpm did not start: " + command + "\n" + swtpm.stderr());
            }
            Thread.sleep(5);
        }
        return swtpm;
    }

    /** Runs swtpm_ioctl against this instance's control socket. */
    public Run ioctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("swtpm_ioctl", "--unix", ctrlSocket.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Runs any command and collects its output. */
    public static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** Runs swtpm_ioctl and asserts exit status 0. */
    public void ioctlOk(String... args) throws IOException, InterruptedException {
        Run run = ioctl(args);
        assertThat(run.exitCode()).as("swtpm_ioctl %s: %s%s", List.of(args), run.stdout(), run.stderr()).isZero();
    }

    /** CMD_SHUTDOWN and wait for the process to end. */
    public void shutdown() throws IOException, InterruptedException {
        ioctl("-s");
        waitForExit();
    }

    public int waitForExit() throws InterruptedException {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("swtpm did not exit");
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What swtpm printed so far (stdout and stderr merged; it logs some errors to stdout). */
    public String stderr() {
        try {
            return Files.readString(stderrFile);
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    public CtrlClient ctrl() {
        return new CtrlClient(ctrlSocket);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
