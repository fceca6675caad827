package org.swtpmjava.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.swtpmjava.it.Launchers.Emulator;

/**
 * One running emulator (TCP, as tpm2-tools' swtpm TCTI wants it) with a working directory for the
 * files the tools read and write, and the log of every tool run. The directory's path is replaced
 * by {@code <dir>} (and a second emulator's by {@code <other>}) in what is logged, so that the logs
 * of the two emulators can be compared.
 */
final class ToolRunner implements AutoCloseable {

    /** One tool run, as a user sees it. */
    record Outcome(String command, int status, String stdout, String stderr) {
    }

    private final Emulator emulator;
    private final Path dir;
    private final Process process;
    private final int port;
    private final String tcti;
    private final List<Outcome> log = new ArrayList<>();
    private Path other;

    private ToolRunner(Emulator emulator, Path dir, Process process, int port) {
        this.emulator = emulator;
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.tcti = "swtpm:host=127.0.0.1,port=" + port;
    }

    /**
     * A fresh C swtpm manufactures a state in {@code base/state} (real random seeds), then
     * Shutdown(CLEAR) and stop: the common start of both emulators in tests comparing key material.
     */
    static void manufactureWithC(Path base) throws Exception {
        try (ToolRunner m = start(Emulator.C, base)) {
            Outcome o = m.run("tpm2_shutdown", "-c");
            if (o.status() != 0) {
                throw new IllegalStateException("C swtpm: tpm2_shutdown -c failed: " + o.stderr());
            }
        }
        if (!Files.exists(base.resolve("state/tpm2-00.permall"))) {
            throw new IllegalStateException("the C swtpm wrote no tpm2-00.permall in " + base);
        }
    }

    /** Starts {@code e} on {@code dir/state} with {@code --flags not-need-init,startup-clear}. */
    static ToolRunner start(Emulator e, Path dir) throws Exception {
        Files.createDirectories(dir);
        int[] port = new int[1];
        Process p = TcpEmulator.start(e, dir, List.of("--flags", "not-need-init,startup-clear"), port);
        return new ToolRunner(e, dir, p, port[0]);
    }

    /** The TPM command port, for {@link RawTpm}. */
    int port() {
        return port;
    }

    Emulator emulator() {
        return emulator;
    }

    /** A file in this emulator's working directory. */
    String f(String name) {
        return dir.resolve(name).toString();
    }

    Path path(String name) {
        return dir.resolve(name);
    }

    /** Where the other emulator's files are, for cross-use ({@link #o(String)}). */
    void setOther(Path otherDir) {
        this.other = otherDir;
    }

    /** A file in the other emulator's working directory. */
    String o(String name) {
        return other.resolve(name).toString();
    }

    List<Outcome> log() {
        return log;
    }

    /** Runs a tool whose stdout does not depend on key material, and logs it. */
    Outcome run(String... args) throws Exception {
        return log(args, false);
    }

    /**
     * Runs a tool whose stdout prints key material made from the TPM's random number generator
     * (public keys, Names, HMACs of random keys): long hex strings are masked in the log, the rest
     * (algorithms, attributes, layout) stays compared.
     */
    Outcome runKeyDependent(String... args) throws Exception {
        return log(args, true);
    }

    private Outcome log(String[] args, boolean maskKeys) throws Exception {
        Launchers.Result r = exec(args);
        String out = shown(r.stdout());
        if (maskKeys) {
            out = out.replaceAll("[0-9a-f]{40,}", "<key-dependent>");
        }
        Outcome o = new Outcome(shown(String.join(" ", args)), r.status(), out, shown(r.stderr()));
        log.add(o);
        // Without a resource manager, tools leave their objects loaded (three slots): flush them.
        Launchers.Result flush = exec(new String[] {"tpm2_flushcontext", "-t"});
        if (flush.status() != 0) {
            throw new IllegalStateException(emulator + ": tpm2_flushcontext -t after " + o.command()
                    + " failed: " + flush.stderr());
        }
        return o;
    }

    private Launchers.Result exec(String[] args) throws Exception {
        List<String> cmd = new ArrayList<>(Arrays.asList(args));
        if (args[0].startsWith("tpm2_")) {
            cmd.addAll(1, List.of("-T", tcti));
        }
        return Launchers.run(cmd);
    }

    private String shown(String s) {
        String t = s.replace(dir.toString(), "<dir>");
        return other == null ? t : t.replace(other.toString(), "<other>");
    }

    @Override
    public void close() throws Exception {
        Launchers.stop(process);
    }
}
