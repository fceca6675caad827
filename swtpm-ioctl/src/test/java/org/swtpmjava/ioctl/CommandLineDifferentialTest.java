package org.swtpmjava.ioctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Command lines the C swtpm_ioctl 0.7.1 accepts or refuses, run through both tools: stdout,
 * stderr and exit status must be identical. None of them changes the TPM's state, so one C
 * swtpm serves them all. {S} stands for its control socket, {P} for a TCP port nobody
 * listens on, {D} for a scratch directory.
 */
class CommandLineDifferentialTest {

    @TempDir
    static Path dir;
    static CSwtpm swtpm;
    static int closedPort;

    @BeforeAll
    static void startSwtpm() throws Exception {
        CSwtpm.requireCTools();
        swtpm = CSwtpm.start(dir.resolve("state"));
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Files.writeString(dir.resolve("plain-file"), "not a socket");
    }

    @AfterAll
    static void stopSwtpm() throws Exception {
        if (swtpm != null) {
            swtpm.close();
        }
    }

    static Stream<String> commandLines() {
        return Stream.of(
                // no command, no transport
                "", "-c", "--unix {S}",
                // connection failures
                "-c --unix {D}/nonexistent.sock", "-c --unix=", "-c --unix {D}/plain-file",
                "-c --unix relative/nonexistent.sock",
                "-c --unix " + "x".repeat(120),
                "-c --tcp :{P}", "-c --tcp 127.0.0.1:{P}", "-c --tcp :0",
                "-c --tcp :99999", "-c --tcp host:abc", "-c --tcp host:", "-c --tcp :-5",
                // devices (the positional CUSE device) that cannot be opened
                "-c {D}/no-such-device", "-c {D}", "- -c",
                // one command only (the same command twice counts as two)
                "-c -e --unix {S}", "-c -c --unix {S}", "--unix {S} -g -c",
                // arguments swtpm_ioctl checks before connecting
                "-l abc --unix {S}", "-l 5 --unix {S}", "-l -1 --unix {S}", "-r 9 --unix {S}",
                "-b abc --unix {S}", "--info 0x --unix {S}", "--info 08 --unix {S}", "--info 1x --unix {S}",
                "--save permanent --unix {S}", "--load volatile -c --unix {S}", "--save", "--load permanent",
                // getopt: unknown, ambiguous, misplaced arguments, single-dash long options
                "--foo -c --unix {S}", "-x", "-t x -c", "-c=1 --unix {S}", "--stop=3", "-l",
                "-unix {S} -c", "-c -- --unix {S}", "--unix {S} -l=3", "-c --unix={S}", "--tcp",
                // errors after connecting
                "--load permanent {D}/nonexistent --unix {S}", "--load foo {D}/plain-file --unix {S}",
                "--save bar {D}/out --unix {S}", "--save permanent {D}/no-dir/out --unix {S}",
                "--save permanent {D} --unix {S}",
                // commands that only read
                "-c --unix {S}", "-unix {S} -c", "-g --unix {S}", "-e --unix {S}", "-b 0 --unix {S}",
                "-c --unix {S} ignored-extra-argument");
    }

    @ParameterizedTest(name = "swtpm_ioctl {0}")
    @MethodSource("commandLines")
    void sameOutputAndStatusAsTheCTool(String commandLine) {
        String[] args = expand(commandLine);

        ToolRun.Outcome c = ToolRun.c(args, null);
        ToolRun.Outcome java = ToolRun.java(args, null);

        assertThat(java).as("swtpm_ioctl %s", String.join(" ", args)).isEqualTo(c);
    }

    @Test
    void anAbbreviatedCommandIsAcceptedByGetoptButPrintsTheUsageAndFails() {
        String[] args = expand("--sto --unix {S}");

        ToolRun.Outcome c = ToolRun.c(args, null);
        ToolRun.Outcome java = ToolRun.java(args, null);

        assertThat(java.status()).isEqualTo(c.status()).isEqualTo(1);
        assertThat(java.stderr()).isEqualTo(c.stderr());
        assertThat(java.stdout()).contains("Usage: swtpm_ioctl command <device path>");
    }

    @Test
    void helpListsTheSameOptionsAsTheCTool() {
        ToolRun.Outcome c = ToolRun.c(new String[] {"--help"}, null);
        ToolRun.Outcome java = ToolRun.java(new String[] {"--help"}, null);

        assertThat(java.status()).isEqualTo(c.status()).isZero();
        assertThat(java.stderr()).isEqualTo(c.stderr()).isEmpty();
        // Same options, same order; the descriptions are worded differently; HEAD's --lock-storage
        // sits where HEAD lists it, before --version.
        assertThat(optionColumn(java.stdout()))
                .isEqualTo(optionColumn(c.stdout()).replace("--version", "--lock-storage --version"));
        assertThat(java.stdout()).contains("Usage: swtpm_ioctl command <device path>");
    }

    @Test
    void versionKeepsTheCToolsLeadingWords() {
        ToolRun.Outcome c = ToolRun.c(new String[] {"--version"}, null);
        ToolRun.Outcome java = ToolRun.java(new String[] {"-version"}, null);

        assertThat(java.status()).isEqualTo(c.status()).isZero();
        String prefix = "TPM emulator control tool version 0.7.1";
        assertThat(c.stdout()).startsWith(prefix);
        assertThat(java.stdout()).startsWith(prefix).endsWith("\n").hasLineCount(1);
    }

    /** The option names that start the lines of a usage screen, in order. */
    private static String optionColumn(String usage) {
        StringBuilder names = new StringBuilder();
        for (String line : usage.split("\n")) {
            if (line.startsWith("-")) {
                names.append(' ').append(line.split("[ :]")[0]);
            }
        }
        return names.toString().trim();
    }

    private static String[] expand(String commandLine) {
        if (commandLine.isEmpty()) {
            return new String[0];
        }
        return commandLine
                .replace("{S}", swtpm.ctrlSocket().toString())
                .replace("{P}", Integer.toString(closedPort))
                .replace("{D}", dir.toString())
                .split(" ");
    }
}
