package org.swtpmjava.swtpm.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running emulator process for tests: the C swtpm (the oracle) or swtpm-java started from
 * the test class path. Each gets its own state directory and control socket.
 */
public final class Emulator implements AutoCloseable {

    /** Which implementation. */
    public enum Kind { C, JAVA }

    private final Kind kind;
    private final Process process;
    private final Path dir;
    private final Path ctrlSocket;

    private Emulator(Kind kind, Process process, Path dir, Path ctrlSocket) {
        this.kind = kind;
        this.process = process;
        this.dir = dir;
        this.ctrlSocket = ctrlSocket;
    }

    /** The command line that runs {@code swtpm socket <args>} of the given kind. */
    public static List<String> command(Kind kind, List<String> socketArgs) {
        List<String> cmd = new ArrayList<>();
        if (kind == Kind.C) {
            cmd.add(requireCSwtpm());
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("org.swtpmjava.swtpm.Main");
        }
        cmd.add("socket");
        cmd.addAll(socketArgs);
        return cmd;
    }

    /** The C swtpm's path; fails the test with a clear message when it is not installed. */
    public static String requireCSwtpm() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            File f = new File(d, "swtpm");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        throw new IllegalStateException("the C swtpm is not installed (apt-get install swtpm swtpm-tools); "
                + "scripts/test-all.sh installs it");
    }

    /**
     * Starts {@code swtpm socket --tpm2 --tpmstate dir=<dir> --ctrl type=unixio,path=<dir>/ctrl.sock <extra>}
     * and waits for the control socket.
     */
    public static Emulator start(Kind kind, Path dir, List<String> extra) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path ctrl = dir.resolve("ctrl.sock");
        List<String> args = new ArrayList<>(List.of("--tpm2", "--tpmstate", "dir=" + dir,
                "--ctrl", "type=unixio,path=" + ctrl));
        args.addAll(extra);
        Process p = new ProcessBuilder(command(kind, args))
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(ctrl)) {
            if (!p.isAlive()) {
                throw new IOException(kind + " emulator exited with " + p.exitValue() + ": "
                        + Files.readString(dir.resolve("stderr.txt")));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException(kind + " emulator did not create its control socket");
            }
            Thread.sleep(10);
        }
        return new Emulator(kind, p, dir, ctrl);
    }

    public Kind kind() {
        return kind;
    }

    public Path dir() {
        return dir;
    }

    public Path ctrlSocket() {
        return ctrlSocket;
    }

    public Process process() {
        return process;
    }

    /** Waits for the process to end by itself; returns its status, or -1 after the timeout. */
    public int awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
