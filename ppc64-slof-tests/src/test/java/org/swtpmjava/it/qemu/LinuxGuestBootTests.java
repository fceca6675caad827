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
 * What a user checks in a Linux guest booted with either emulator, for one machine: the
 * subclasses name the guest's architecture and the QEMU machine, and add their own checks.
 */
abstract class LinuxGuestBootTests {

    abstract LinuxGuest.Arch arch();

    abstract QemuLauncher.Machine machine();

    /** Whether the guest kernel takes the TPM as its hardware RNG (it does for tpm_tis and tpm_ibmvtpm). */
    boolean guestUsesTheTpmAsHwrng() {
        return true;
    }

    FirmwareBoot.Result boot(Emulator e, Path tmp) throws Exception {
        Path guest = LinuxGuest.ensureBuilt(arch());
        return FirmwareBoot.once(e, machine(), LinuxGuest.DONE, tmp, LinuxGuest.qemuArgs(arch(), guest));
    }

    @ParameterizedTest
    @EnumSource(Emulator.class)
    void guestSeesATpm2WithPcrBanksAndAHwrng(Emulator e, @TempDir Path tmp) throws Exception {
        FirmwareBoot.Result r = boot(e, tmp);
        LinuxGuest.Report g = LinuxGuest.parse(r.console());
        System.out.println("Linux " + arch() + " + " + e + ": " + g.tpmDevices() + ", version "
                + g.tpmVersionMajor() + ", hwrng " + g.hwrngCurrent() + " " + g.hwrngHex());
        LinuxGuest.assertSeesAWorkingTpm2(g, r.emulatorExited(), guestUsesTheTpmAsHwrng());
    }

    /** See {@link LinuxGuest#assertEventLogReplaysToThePcrsRead}. */
    @ParameterizedTest
    @EnumSource(Emulator.class)
    void firmwareEventLogReplaysToThePcrsTheGuestReads(Emulator e, @TempDir Path tmp) throws Exception {
        LinuxGuest.assertEventLogReplaysToThePcrsRead(LinuxGuest.parse(boot(e, tmp).console()));
    }

    /** See {@link LinuxGuest#assertPcrExtendFromTheGuestWorked}. */
    @ParameterizedTest
    @EnumSource(Emulator.class)
    void pcrExtendFromTheGuestChangesPcr23AsComputed(Emulator e, @TempDir Path tmp) throws Exception {
        LinuxGuest.assertPcrExtendFromTheGuestWorked(LinuxGuest.parse(boot(e, tmp).console()));
    }

    /** Response codes as the C swtpm's, command by command, GetRandom (timing-dependent) left out. */
    @Test
    void swtpmJavaAnswersTheGuestWithTheCSwtpmsResponseCodes(@TempDir Path tmp) throws Exception {
        List<SwtpmLog.TpmCall> c = boot(Emulator.C, tmp.resolve("c")).log().tpmCalls();
        List<SwtpmLog.TpmCall> java = boot(Emulator.JAVA, tmp.resolve("java")).log().tpmCalls();
        FirmwareBoot.print(machine() + " + C TPM sequence", c);
        FirmwareBoot.print(machine() + " + JAVA TPM sequence", java);
        assertThat(java.stream().filter(call -> !call.name().equals("GetRandom")).map(Object::toString).toList())
                .containsExactlyElementsOf(c.stream().filter(call -> !call.name().equals("GetRandom"))
                        .map(Object::toString).toList());
        assertThat(java).filteredOn(call -> call.name().equals("GetRandom"))
                .allMatch(call -> call.responseCode() == 0);
    }

    /**
     * The firmware measures the same things for both emulators (SeaBIOS: tables, option ROMs, kernel;
     * SLOF: PCR 0 only, no disk) and the kernel's IMA extends PCR 10 with boot_aggregate (a hash of
     * PCRs 0-9): all deterministic, so every PCR of both banks must read the same in the guest.
     */
    @Test
    void guestReadsTheSamePcrsFromCAndJava(@TempDir Path tmp) throws Exception {
        LinuxGuest.Report c = LinuxGuest.parse(boot(Emulator.C, tmp.resolve("c")).console());
        LinuxGuest.Report java = LinuxGuest.parse(boot(Emulator.JAVA, tmp.resolve("java")).console());
        assertThat(c.pcrs()).containsOnlyKeys("sha1", "sha256");
        assertThat(java.pcrs()).isEqualTo(c.pcrs());
    }
}
