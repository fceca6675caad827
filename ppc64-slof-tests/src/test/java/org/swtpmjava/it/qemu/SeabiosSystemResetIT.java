package org.swtpmjava.it.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.swtpmjava.it.Launchers;
import org.swtpmjava.it.Launchers.Emulator;

/**
 * {@code system_reset} from QMP while SeaBIOS sits at "No bootable device.": QEMU's emulator
 * backend restarts the TPM (STOP, SET_BUFFERSIZE, INIT) and SeaBIOS runs its whole TPM sequence
 * again, for the C swtpm and for swtpm-java.
 */
class SeabiosSystemResetIT {

    /** The prompt twice: once per boot. */
    private static final Pattern TWO_BOOTS = Pattern.compile("(?s)No bootable device\\..*No bootable device\\.");

    /** What QEMU sends on every machine reset: stop the TPM, renegotiate the buffer size, INIT. */
    private static final List<String> RESET = List.of("STOP", "SET_BUFFERSIZE", "STOP", "SET_BUFFERSIZE", "INIT");

    @ParameterizedTest
    @EnumSource(Emulator.class)
    void systemResetRestartsTheTpmAndSeabiosMeasuresAgain(Emulator e, @TempDir Path tmp)
            throws Exception {
        QemuLauncher.Machine m = QemuLauncher.Machine.X86_SEABIOS;
        QemuLauncher.binary(m);
        Path dir = tmp.resolve("state");
        Path log = dir.resolve("log");
        Process emulator = Launchers.startSocket(e, dir, List.of("--log", "file=" + log + ",level=20"));
        try {
            Path qmpSocket = tmp.resolve("qmp.sock");
            try (QemuLauncher qemu = QemuLauncher.start(m, dir.resolve("ctrl.sock"), Qmp.qemuArgs(qmpSocket));
                    Qmp qmp = Qmp.connect(qmpSocket)) {
                qemu.awaitConsole(SeabiosBootIT.NO_BOOT, 90);
                qmp.execute("system_reset");
                long millis = qemu.awaitConsole(TWO_BOOTS, 90);
                System.out.printf("SeaBIOS + %s: second boot done %d ms after QEMU's start%n", e, millis);
            }
            assertThat(emulator.waitFor(15, TimeUnit.SECONDS)).as("the emulator exits on CMD_SHUTDOWN").isTrue();
        } finally {
            Launchers.stop(emulator);
        }
        SwtpmLog swtpmLog = SwtpmLog.read(log);

        // First boot as in SeabiosBootIT; then the resets: QMP's system_reset, and SeaBIOS's own
        // "Attempting a hard reboot" (on a warm start it resets the machine again to get pristine
        // RAM). Each reset is one complete RESET sequence. How many arrive is timing-dependent,
        // with either emulator (2 or 3 seen with both) although the console shows one hard reboot. GET_TPMESTABLISHED and SET_LOCALITY do not come again: QEMU caches
        // the one and the locality is unchanged (0).
        List<String> firstBoot = SeabiosBootIT.QEMU_CTRL.subList(0, SeabiosBootIT.QEMU_CTRL.size() - 1);
        List<String> ctrl = swtpmLog.ctrlCommands();
        assertThat(ctrl).startsWith(firstBoot.toArray(String[]::new)).endsWith("SHUTDOWN");
        List<String> resets = ctrl.subList(firstBoot.size(), ctrl.size() - 1);
        System.out.printf("SeaBIOS + %s: %d reset sequences%n", e, resets.size() / RESET.size());
        assertThat(resets.size()).as("whole reset sequences: %s", resets).isGreaterThanOrEqualTo(2 * RESET.size())
                .isEqualTo(resets.size() / RESET.size() * RESET.size());
        for (int i = 0; i < resets.size(); i += RESET.size()) {
            assertThat(resets.subList(i, i + RESET.size())).containsExactlyElementsOf(RESET);
        }

        List<String> tpm = new ArrayList<>(SeabiosBootIT.SEABIOS_TPM);
        // After the reset SeaBIOS sends its sequence again, without the leading ReadClock: that
        // one is QEMU's probe of the TPM version at its start (before INIT), not SeaBIOS's.
        // Startup=0x0 shows INIT restarted the TPM: a running TPM answers TPM_RC_INITIALIZE.
        tpm.addAll(SeabiosBootIT.SEABIOS_TPM.subList(1, SeabiosBootIT.SEABIOS_TPM.size()));
        assertThat(swtpmLog.tpmCalls()).extracting(Object::toString).containsExactlyElementsOf(tpm);
    }
}
