package org.swtpmjava.it.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.swtpmjava.it.ContainerImages;
import org.swtpmjava.it.Launchers.Emulator;

/**
 * The boots of the host-QEMU tests with the QEMU of other Debian releases (12 "bookworm": QEMU
 * 7.2, as on the host; 13 "trixie": QEMU 10.0), each in a container from a locally built image
 * (scripts/build-images.sh), talking to the C swtpm and to swtpm-java on the host through
 * the bind-mounted control socket. Skipped, with the reason, where no Docker engine runs.
 */
class QemuInContainerIT {

    /** SLOF of that release runs its TPM 2 sequence against both emulators with the same results. */
    @ParameterizedTest
    @ValueSource(strings = {"bookworm", "trixie"})
    void slofReachesItsPromptWithBothEmulatorsAlike(String release, @TempDir Path tmp) throws Exception {
        String image = ContainerImages.ensure("qemu:" + release);
        QemuLauncher.Machine m = QemuLauncher.Machine.PPC64_SLOF;
        FirmwareBoot.Result c = FirmwareBoot.run(Emulator.C, SlofBootIT.PROMPT, tmp.resolve("c"),
                release + " " + m, sock -> QemuContainer.start(image, m, sock, List.of(), List.of()));
        FirmwareBoot.Result java = FirmwareBoot.run(Emulator.JAVA, SlofBootIT.PROMPT, tmp.resolve("java"),
                release + " " + m, sock -> QemuContainer.start(image, m, sock, List.of(), List.of()));
        FirmwareBoot.print(release + " SLOF + JAVA TPM sequence", java.log().tpmCalls());

        assertThat(java.console()).contains("Populating /vdevice/vtpm@");
        assertThat(c.log().tpmCalls()).as("the C swtpm's answers to this SLOF")
                .extracting(SwtpmLog.TpmCall::name).contains("Startup", "PCR_Extend", "HierarchyChangeAuth");
        FirmwareBoot.assertSameResponses(c, java, Set.of("GetRandom"));
        assertThat(java.log().ctrlCommands()).isEqualTo(c.log().ctrlCommands());
        assertThat(java.emulatorExited()).as("swtpm-java exits on QEMU's CMD_SHUTDOWN").isTrue();
    }

    /**
     * The x86 Linux guest (SeaBIOS, tpm-tis) under that release's QEMU: what a user checks in the
     * guest, with swtpm-java, and the PCRs it reads identical to those read with the C swtpm.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bookworm", "trixie"})
    void linuxGuestSeesAWorkingTpm2(String release, @TempDir Path tmp) throws Exception {
        String image = ContainerImages.ensure("qemu:" + release);
        Path guest = LinuxGuest.ensureBuilt(LinuxGuest.Arch.X86_64);
        QemuLauncher.Machine m = QemuLauncher.Machine.X86_LINUX;
        List<String> args = LinuxGuest.qemuArgs(LinuxGuest.Arch.X86_64, guest);
        FirmwareBoot.Result c = FirmwareBoot.run(Emulator.C, LinuxGuest.DONE, tmp.resolve("c"),
                release + " " + m, sock -> QemuContainer.start(image, m, sock, args, List.of(guest)));
        FirmwareBoot.Result java = FirmwareBoot.run(Emulator.JAVA, LinuxGuest.DONE, tmp.resolve("java"),
                release + " " + m, sock -> QemuContainer.start(image, m, sock, args, List.of(guest)));

        LinuxGuest.Report g = LinuxGuest.parse(java.console());
        LinuxGuest.assertSeesAWorkingTpm2(g, java.emulatorExited());
        LinuxGuest.assertEventLogReplaysToThePcrsRead(g);
        LinuxGuest.assertPcrExtendFromTheGuestWorked(g);
        assertThat(g.pcrs()).isEqualTo(LinuxGuest.parse(c.console()).pcrs());
    }
}
