package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM stops the emulator as swtpm: exit 0, pid file and socket removed, state and .lock kept. */
class GracefulStopIT {

    @ParameterizedTest
    @EnumSource(Launchers.Emulator.class)
    void sigtermStopsGracefully(Launchers.Emulator e, @TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("state");
        Path pid = tmp.resolve("swtpm.pid");
        Process p = Launchers.startSocket(e, dir, List.of("--pid", "file=" + pid, "--flags", "not-need-init"));
        try {
            for (int i = 0; i < 500 && !(Files.exists(pid) && Files.size(pid) > 0); i++) {
                Thread.sleep(10);
            }
            // swtpm writes the decimal pid without a newline; exec in the launcher keeps the JVM's pid the pid.
            assertThat(Files.readString(pid)).isEqualTo(Long.toString(p.pid()));
            // The C swtpm installs its signal handlers a moment after it writes the pid file.
            assertThat(Launchers.run(List.of(Launchers.javaIoctl(), "-c", "--unix",
                    dir.resolve("ctrl.sock").toString())).status()).isZero();
            Thread.sleep(300);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(pid).doesNotExist();
            assertThat(dir.resolve("ctrl.sock")).doesNotExist();
            assertThat(dir.resolve("tpm2-00.permall")).exists();
            assertThat(dir.resolve(".lock")).exists();
        } finally {
            Launchers.stop(p);
        }
    }
}
