package org.swtpmjava.ioctl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the C swtpm_ioctl as a process and ours in-process, capturing the same three things. */
final class ToolRun {

    /** What a user (or a script) sees of one run. */
    record Outcome(String stdout, String stderr, int status) {
    }

    private ToolRun() {
    }

    /** The C tool, as "swtpm_ioctl" from PATH (so its argv[0] is the same as ours), in the C locale. */
    static Outcome c(String[] args, byte[] stdin) {
        try {
            Path dir = Files.createTempDirectory("c-ioctl");
            try {
                List<String> command = new ArrayList<>(List.of("swtpm_ioctl"));
                command.addAll(List.of(args));
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(dir.resolve("out").toFile())
                        .redirectError(dir.resolve("err").toFile());
                builder.environment().put("LC_ALL", "C");
                builder.environment().remove("POSIXLY_CORRECT");
                if (stdin == null) {
                    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                }
                Process process = builder.start();
                if (stdin != null) {
                    try (var in = process.getOutputStream()) {
                        in.write(stdin);
                    }
                }
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("swtpm_ioctl " + String.join(" ", args) + " did not finish");
                }
                return new Outcome(Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")),
                        process.exitValue());
            } finally {
                for (String f : List.of("out", "err")) {
                    Files.deleteIfExists(dir.resolve(f));
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Our tool, in-process through {@link SwtpmIoctl#run}. */
    static Outcome java(String[] args, byte[] stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = SwtpmIoctl.run(args, o, e, new ByteArrayInputStream(stdin == null ? new byte[0] : stdin));
        }
        return new Outcome(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), status);
    }
}
