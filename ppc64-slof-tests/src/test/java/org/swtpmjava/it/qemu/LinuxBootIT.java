package org.swtpmjava.it.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.it.Launchers.Emulator;

/**
 * qemu-system-x86_64 q35, SeaBIOS, tpm-tis, direct boot of Debian 12's kernel with a busybox
 * initramfs (scripts/build-guests.sh): what a user checks in the guest, for the C swtpm (oracle)
 * and swtpm-java. The kernel's tpm_tis driver is built in; its TPM traffic is in the emulator's log.
 */
class LinuxBootIT extends LinuxGuestBootTests {

    @Override
    LinuxGuest.Arch arch() {
        return LinuxGuest.Arch.X86_64;
    }

    @Override
    QemuLauncher.Machine machine() {
        return QemuLauncher.Machine.X86_LINUX;
    }

    /**
     * The TPM commands of the whole boot (SeaBIOS's, then the kernel's: tpm_tis probe, IMA's PCR
     * reads and boot_aggregate extend of PCR 10, the init's sysfs PCR reads, hwrng GetRandoms),
     * printed; every one of them answered as by the C swtpm: same response code, and the same
     * bytes except for GetRandom. GetRandom is left out of the comparison entirely: the hwrng
     * kernel thread runs concurrently, so how many it sends, and where, depends on timing.
     */
    @Test
    void swtpmJavaAnswersTheKernelLikeTheCSwtpm(@TempDir Path tmp) throws Exception {
        List<SwtpmLog.TpmCall> c = boot(Emulator.C, tmp.resolve("c")).log().tpmCalls();
        List<SwtpmLog.TpmCall> java = boot(Emulator.JAVA, tmp.resolve("java")).log().tpmCalls();
        FirmwareBoot.print("SeaBIOS + Linux + C TPM sequence", c);
        FirmwareBoot.print("SeaBIOS + Linux + JAVA TPM sequence", java);

        // The oracle itself: only SeaBIOS's probe (ReadClock before Startup) fails, with TPM_RC_INITIALIZE.
        assertThat(c).filteredOn(call -> call.responseCode() != 0).extracting(Object::toString)
                .containsExactly("ReadClock=0x101");
        assertThat(c).filteredOn(call -> call.name().equals("GetRandom")).isNotEmpty();

        List<SwtpmLog.TpmCall> cDeterministic = withoutGetRandom(c);
        List<SwtpmLog.TpmCall> javaDeterministic = withoutGetRandom(java);
        assertThat(javaDeterministic).extracting(Object::toString)
                .containsExactlyElementsOf(cDeterministic.stream().map(Object::toString).toList());
        assertThat(differentResponses(cDeterministic.stream().filter(call -> !asksForCommandList(call)).toList(),
                javaDeterministic.stream().filter(call -> !asksForCommandList(call)).toList())).isEmpty();
        assertThat(cDeterministic).as("the kernel asks for the command list").anyMatch(LinuxBootIT::asksForCommandList);
        assertThat(java).filteredOn(call -> call.name().equals("GetRandom"))
                .isNotEmpty().allMatch(call -> call.responseCode() == 0);
    }

    /** "i: command / C response / Java response" for every response that differs, in hex. */
    static List<String> differentResponses(List<SwtpmLog.TpmCall> c, List<SwtpmLog.TpmCall> java) {
        HexFormat hex = HexFormat.of();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            String cr = hex.formatHex(c.get(i).response());
            String jr = hex.formatHex(java.get(i).response());
            if (!cr.equals(jr)) {
                out.add(i + ": " + hex.formatHex(c.get(i).command()) + "\n   C " + cr + "\n   J " + jr);
            }
        }
        return out;
    }

    /**
     * GetCapability(TPM_CAP_TPM_PROPERTIES, TPM_PT_TOTAL_COMMANDS) or GetCapability(TPM_CAP_COMMANDS):
     * the kernel reads the implemented commands (for /dev/tpmrm0). swtpm-java implements a subset
     * of libtpms' 110 commands (14 when this was written), so these answers differ from the C
     * swtpm's until its engine is complete; they are the only responses left out.
     */
    static boolean asksForCommandList(SwtpmLog.TpmCall call) {
        byte[] cmd = call.command();
        if (!call.name().equals("GetCapability") || cmd.length < 22) {
            return false;
        }
        int capability = SwtpmLog.u32(cmd, 10);
        int property = SwtpmLog.u32(cmd, 14);
        return capability == 2 || (capability == 6 && property == 0x129);
    }

    private static List<SwtpmLog.TpmCall> withoutGetRandom(List<SwtpmLog.TpmCall> calls) {
        return calls.stream().filter(call -> !call.name().equals("GetRandom")).toList();
    }
}
