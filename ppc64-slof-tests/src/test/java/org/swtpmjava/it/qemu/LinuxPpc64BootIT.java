package org.swtpmjava.it.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.swtpmjava.it.Launchers.Emulator;

/**
 * qemu-system-ppc64 pseries, SLOF, tpm-spapr, direct boot of Debian 12's ppc64el kernel (its
 * tpm_ibmvtpm driver is built in) with a busybox initramfs: as {@link LinuxBootIT} for x86_64.
 */
class LinuxPpc64BootIT {

    private static FirmwareBoot.Result boot(Emulator e, Path tmp) throws Exception {
        Path guest = LinuxGuest.ensureBuilt(LinuxGuest.Arch.PPC64LE);
        return FirmwareBoot.once(e, QemuLauncher.Machine.PPC64_LINUX, LinuxGuest.DONE, tmp,
                LinuxGuest.qemuArgs(LinuxGuest.Arch.PPC64LE, guest));
    }

    @ParameterizedTest
    @EnumSource(Emulator.class)
    void guestSeesATpm2WithPcrBanksAndAHwrng(Emulator e, @TempDir Path tmp) throws Exception {
        FirmwareBoot.Result r = boot(e, tmp);
        LinuxGuest.Report g = LinuxGuest.parse(r.console());
        System.out.println("Linux ppc64 + " + e + ": " + g.tpmDevices() + ", version " + g.tpmVersionMajor()
                + ", hwrng " + g.hwrngCurrent() + " " + g.hwrngHex());

        LinuxGuest.assertSeesAWorkingTpm2(g, r.emulatorExited());
    }

    /** SLOF measures into PCR 0 only here (no disk); with IMA's PCR 10 all values are deterministic. */
    @Test
    void guestReadsTheSamePcrsFromCAndJava(@TempDir Path tmp) throws Exception {
        LinuxGuest.Report c = LinuxGuest.parse(boot(Emulator.C, tmp.resolve("c")).console());
        LinuxGuest.Report java = LinuxGuest.parse(boot(Emulator.JAVA, tmp.resolve("java")).console());
        assertThat(c.pcrs()).containsOnlyKeys("sha1", "sha256");
        assertThat(java.pcrs()).isEqualTo(c.pcrs());
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
