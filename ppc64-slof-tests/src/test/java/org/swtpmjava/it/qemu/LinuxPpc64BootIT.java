package org.swtpmjava.it.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.it.Launchers.Emulator;

/**
 * qemu-system-ppc64 pseries, SLOF, tpm-spapr, direct boot of Debian 12's ppc64el kernel (its
 * tpm_ibmvtpm driver is built in) with a busybox initramfs: as {@link LinuxBootIT} for x86_64.
 */
class LinuxPpc64BootIT extends LinuxGuestBootTests {

    @Override
    LinuxGuest.Arch arch() {
        return LinuxGuest.Arch.PPC64LE;
    }

    @Override
    QemuLauncher.Machine machine() {
        return QemuLauncher.Machine.PPC64_LINUX;
    }

    /** Response codes as the C swtpm's, command by command, GetRandom (timing-dependent) left out. */
    @Test
    void swtpmJavaAnswersTheKernelWithTheCSwtpmsResponseCodes(@TempDir Path tmp) throws Exception {
        List<SwtpmLog.TpmCall> c = boot(Emulator.C, tmp.resolve("c")).log().tpmCalls();
        List<SwtpmLog.TpmCall> java = boot(Emulator.JAVA, tmp.resolve("java")).log().tpmCalls();
        FirmwareBoot.print("SLOF + Linux ppc64 + C TPM sequence", c);
        FirmwareBoot.print("SLOF + Linux ppc64 + JAVA TPM sequence", java);
        assertThat(java.stream().filter(call -> !call.name().equals("GetRandom")).map(Object::toString).toList())
                .containsExactlyElementsOf(c.stream().filter(call -> !call.name().equals("GetRandom"))
                        .map(Object::toString).toList());
        assertThat(java).filteredOn(call -> call.name().equals("GetRandom")).isNotEmpty()
                .allMatch(call -> call.responseCode() == 0);
    }
}
