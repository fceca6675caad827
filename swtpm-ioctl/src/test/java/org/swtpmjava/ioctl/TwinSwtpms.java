package org.swtpmjava.ioctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two C swtpm daemons with the same permanent state: the C swtpm_ioctl talks to one, ours to
 * the other, so that a command sequence that changes the TPM is compared step by step on
 * TPMs that went through the same history. In a command line, {S} is the side's control
 * socket and {F} a directory of files private to the side.
 */
final class TwinSwtpms implements AutoCloseable {

    final CSwtpm forC;
    final CSwtpm forJava;
    final Path cFiles;
    final Path javaFiles;

    private TwinSwtpms(CSwtpm forC, CSwtpm forJava, Path cFiles, Path javaFiles) {
        this.forC = forC;
        this.forJava = forJava;
        this.cFiles = cFiles;
        this.javaFiles = javaFiles;
    }

    static TwinSwtpms start(Path dir) throws IOException, InterruptedException {
        Path permall = CSwtpm.manufacture(dir.resolve("seed"));
        CSwtpm a = CSwtpm.startWithCopy(permall, dir.resolve("a"));
        CSwtpm b;
        try {
            b = CSwtpm.startWithCopy(permall, dir.resolve("b"));
        } catch (IOException | RuntimeException | Error e) {
            a.close();
            throw e;
        }
        return new TwinSwtpms(a, b, Files.createDirectories(dir.resolve("c-files")),
                Files.createDirectories(dir.resolve("java-files")));
    }

    /** Runs the command line through both tools and asserts identical stdout, stderr and status. */
    ToolRun.Outcome same(String commandLine) {
        return same(commandLine, null);
    }

    ToolRun.Outcome same(String commandLine, byte[] stdin) {
        ToolRun.Outcome c = ToolRun.c(expand(commandLine, forC, cFiles), stdin);
        ToolRun.Outcome java = ToolRun.java(expand(commandLine, forJava, javaFiles), stdin);
        assertThat(java).as("swtpm_ioctl %s", commandLine).isEqualTo(c);
        return java;
    }

    private static String[] expand(String commandLine, CSwtpm swtpm, Path files) {
        return commandLine.replace("{S}", swtpm.ctrlSocket().toString())
                .replace("{F}", files.toString())
                .split(" ");
    }

    @Override
    public void close() {
        try {
            forC.close();
        } finally {
            forJava.close();
        }
    }
}
