package org.swtpmjava.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The programs under test as a user runs them: {@code bin/swtpm} and {@code bin/swtpm_ioctl}
 * of this repository, and the C {@code swtpm} / {@code swtpm_ioctl} as the oracle.
 */
public final class Launchers {

    /** Which emulator. */
    public enum Emulator { C, JAVA }

    /** A finished command: exit status, stdout, stderr. */
    public record Result(int status, String stdout, String stderr) {
    }

    private Launchers() {
    }

    public static Path root() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }

    public static String swtpm(Emulator e) {
        return e == Emulator.JAVA ? root().resolve("bin/swtpm").toString() : onPath("swtpm");
    }

    public static String javaIoctl() {
        return root().resolve("bin/swtpm_ioctl").toString();
    }

    public static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        throw new IllegalStateException(name + " is not installed (apt-get install swtpm swtpm-tools); "
                + "scripts/test-all.sh installs it");
    }

    /** Runs a command to its end (at most 60 s). */
    public static Result run(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("out", ".txt");
        Path err = Files.createTempFile("err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IOException("timed out: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Starts {@code swtpm socket --tpm2 --tpmstate dir=<dir> --ctrl type=unixio,path=<dir>/ctrl.sock <extra>}. */
    public static Process startSocket(Emulator e, Path dir, List<String> extra) throws IOException, InterruptedException {
        return startSocket(e, dir, dir.resolve("ctrl.sock"), extra);
    }

    /** As {@link #startSocket(Emulator, Path, List)} with the control socket at {@code sock}. */
    public static Process startSocket(Emulator e, Path dir, Path sock, List<String> extra)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(swtpm(e), "socket", "--tpm2", "--tpmstate", "dir=" + dir,
                "--ctrl", "type=unixio,path=" + sock));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.getParent().resolve(dir.getFileName() + "-" + sock.getFileName() + ".log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(sock)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException(e + " emulator did not create " + sock);
            }
            Thread.sleep(10);
        }
        return p;
    }

    public static void stop(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }
}
