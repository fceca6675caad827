package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/swtpm_ioctl} drives the C swtpm and {@code bin/swtpm} to the same results:
 * the same outputs and exit statuses for the same sequence of commands.
 */
class IoctlAgainstBothEmulatorsIT {

    /** The sequence: a full life cycle with state saved and loaded back. */
    private static List<List<String>> steps(Path dir) {
        String save = dir.resolve("perm.blob").toString();
        return List.of(
                List.of("-e"),                          // not running yet: error
                List.of("-i"),
                List.of("-e"),
                List.of("-g"),
                List.of("-b", "0"),
                List.of("-l", "3"),
                List.of("-l", "5"),
                List.of("-r", "3"),
                List.of("-v"),
                List.of("-C"),
                List.of("-h", "swtpm-java"),
                List.of("--info", "1"),
                List.of("--info", "2"),
                List.of("--save", "savestate", dir.resolve("save.blob").toString()),
                List.of("--save", "permanent", save),
                List.of("--load", "permanent", save),   // running: error
                List.of("--stop"),
                List.of("-b", "3000"),
                List.of("--load", "permanent", save),
                List.of("-i"),
                List.of("-b", "0"),
                List.of("-s"));
    }

    @Test
    void sameResultsFromTheCAndTheJavaEmulator(@TempDir Path tmp) throws Exception {
        List<Launchers.Result> c = drive(Launchers.Emulator.C, tmp.resolve("c"));
        List<Launchers.Result> java = drive(Launchers.Emulator.JAVA, tmp.resolve("java"));
        List<List<String>> steps = steps(tmp);
        for (int i = 0; i < steps.size(); i++) {
            assertThat(java.get(i)).as("swtpm_ioctl " + steps.get(i)).isEqualTo(c.get(i));
        }
    }

    @Test
    void capabilityDiffersOnlyByLockStorage(@TempDir Path tmp) throws Exception {
        for (Launchers.Emulator e : Launchers.Emulator.values()) {
            Path dir = tmp.resolve(e.name());
            Process p = Launchers.startSocket(e, dir, List.of());
            try {
                Launchers.Result r = Launchers.run(List.of(Launchers.javaIoctl(), "-c",
                        "--unix", dir.resolve("ctrl.sock").toString()));
                assertThat(r.status()).isZero();
                // 0.7.1 lacks CMD_LOCK_STORAGE (bit 16); swtpm-java has it, as swtpm 0.8+.
                assertThat(r.stdout()).isEqualTo(e == Launchers.Emulator.C ? "ptm capability is 0xffff\n"
                        : "ptm capability is 0x1ffff\n");
            } finally {
                Launchers.stop(p);
            }
        }
    }

    private static List<Launchers.Result> drive(Launchers.Emulator e, Path dir) throws Exception {
        Process p = Launchers.startSocket(e, dir, List.of());
        List<Launchers.Result> results = new ArrayList<>();
        try {
            for (List<String> step : steps(dir.getParent())) {
                List<String> cmd = new ArrayList<>(List.of(Launchers.javaIoctl()));
                cmd.addAll(step);
                cmd.add("--unix");
                cmd.add(dir.resolve("ctrl.sock").toString());
                results.add(Launchers.run(cmd));
            }
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as(e + " exits after -s").isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(dir.resolve("tpm2-00.permall")).exists();
            assertThat(Files.exists(dir.resolve("ctrl.sock"))).isFalse();
        } finally {
            Launchers.stop(p);
        }
        return results;
    }
}
