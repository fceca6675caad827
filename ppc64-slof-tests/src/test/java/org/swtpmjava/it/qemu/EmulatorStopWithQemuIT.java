package org.swtpmjava.it.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.swtpmjava.it.Launchers;
import org.swtpmjava.it.Launchers.Emulator;

/** How the emulator ends while a QEMU guest uses it: guest power-off, and swtpm_ioctl -s. */
class EmulatorStopWithQemuIT {

    /**
     * The guest powers off (busybox {@code poweroff -f}; {@code -no-reboot}): QEMU ends with
     * status 0 by itself and, as it goes, sends CMD_SHUTDOWN: the emulator exits 0 and leaves
     * its permanent state, with either emulator.
     */
    @ParameterizedTest
    @EnumSource(Emulator.class)
    void guestPowerOffEndsQemuAndTheEmulator(Emulator e, @TempDir Path tmp) throws Exception {
        Path guest = LinuxGuest.ensureBuilt(LinuxGuest.Arch.X86_64);
        Path dir = tmp.resolve("state");
        Process emulator = Launchers.startSocket(e, dir, List.of());
        try (QemuLauncher qemu = QemuLauncher.start(QemuLauncher.Machine.X86_LINUX, dir.resolve("ctrl.sock"),
                LinuxGuest.qemuArgs(LinuxGuest.Arch.X86_64, guest))) {
            qemu.awaitConsole(LinuxGuest.DONE, 150);
            assertThat(qemu.awaitExit(60)).as("QEMU's exit status after the guest's power-off").isZero();
            assertThat(emulator.waitFor(15, TimeUnit.SECONDS)).as("emulator ended").isTrue();
            assertThat(emulator.exitValue()).isZero();
            assertThat(Files.size(dir.resolve("tpm2-00.permall"))).isPositive();
        } finally {
            Launchers.stop(emulator);
        }
    }

    /**
     * {@code swtpm_ioctl -s} while QEMU holds its control connection (SeaBIOS done, QEMU still
     * running): swtpm-java serves the second control client, writes its state and exits 0. The C
     * swtpm 0.7.1 serves one control client at a time and would leave swtpm_ioctl waiting until
     * QEMU disconnects, so this is swtpm-java's behaviour only.
     */
    @Test
    void swtpmIoctlStopsSwtpmJavaWhileQemuIsAttached(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("state");
        Process emulator = Launchers.startSocket(Emulator.JAVA, dir, List.of());
        try (QemuLauncher qemu = QemuLauncher.start(QemuLauncher.Machine.X86_SEABIOS, dir.resolve("ctrl.sock"))) {
            qemu.awaitConsole(Pattern.compile("No bootable device\\."), 150);
            Launchers.Result stop = Launchers.run(List.of(Launchers.javaIoctl(),
                    "--unix", dir.resolve("ctrl.sock").toString(), "-s"));
            assertThat(stop.status()).as("swtpm_ioctl -s: %s", stop.stderr()).isZero();
            assertThat(emulator.waitFor(10, TimeUnit.SECONDS)).as("emulator ended").isTrue();
            assertThat(emulator.exitValue()).isZero();
            assertThat(Files.size(dir.resolve("tpm2-00.permall"))).isPositive();
            assertThat(dir.resolve("ctrl.sock")).doesNotExist();
        } finally {
            Launchers.stop(emulator);
        }
    }
}
