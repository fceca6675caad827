package org.swtpmjava.it.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.swtpmjava.it.Launchers.Emulator;

/**
 * qemu-system-ppc64 pseries, SLOF firmware, tpm-spapr, no OS: SLOF initialises the TPM 2 on its
 * way to the Open Firmware prompt. The C swtpm is the oracle for what SLOF sends and gets.
 */
class SlofBootIT {

    /** SLOF's Forth prompt: "0 > " at the start of a line (followed by cursor escapes). */
    static final Pattern PROMPT = Pattern.compile("(?m)^0 > ");

    /**
     * QEMU's control sequence (swtpm-protocol.md 4.1-4.3, 4.6): connect and probe, the reset's
     * STOP/SET_BUFFERSIZE/INIT, the locality before the first command (spapr: always 0), and
     * SHUTDOWN when QEMU quits.
     */
    static final List<String> QEMU_CTRL = List.of("SET_DATAFD", "GET_CAPABILITY", "STOP", "SET_BUFFERSIZE",
            "STOP", "SET_BUFFERSIZE", "INIT", "SET_LOCALITY", "SHUTDOWN");

    /**
     * What SLOF 20220719 sends, recorded with the C swtpm 0.7: QEMU's version probe (ReadClock
     * before INIT, answered with TPM_RC_FAILURE), then SLOF's TPM 2 start-up, its two PCR 0
     * measurements, and the randomised platform auth. (An engine that fails SelfTest makes SLOF
     * send three HierarchyControl(state=NO) instead of the rest.)
     */
    static final List<String> SLOF_TPM = List.of("ReadClock=0x101", "Startup=0x0", "SelfTest=0x0",
            "GetCapability=0x0", "PCR_Extend(pcr 0)=0x0", "PCR_Extend(pcr 0)=0x0", "StirRandom=0x0",
            "GetRandom=0x0", "HierarchyChangeAuth=0x0");

    @ParameterizedTest
    @EnumSource(Emulator.class)
    void slofReachesItsPromptAndItsTpm2SequenceSucceeds(Emulator e, @TempDir Path tmp) throws Exception {
        FirmwareBoot.Result r = FirmwareBoot.once(e, QemuLauncher.Machine.PPC64_SLOF, PROMPT, tmp);
        List<SwtpmLog.TpmCall> calls = r.log().tpmCalls();
        FirmwareBoot.print("SLOF + " + e + " TPM sequence", calls);

        assertThat(r.console()).contains("Populating /vdevice/vtpm@");
        assertThat(r.log().ctrlCommands()).containsExactlyElementsOf(QEMU_CTRL);
        assertThat(calls).extracting(Object::toString).containsExactlyElementsOf(SLOF_TPM);
        assertThat(r.emulatorExited()).as("the emulator exits on QEMU's CMD_SHUTDOWN").isTrue();
    }

    /** Beyond the response codes: swtpm-java's responses are the C swtpm's, except random bytes. */
    @Test
    void swtpmJavaRespondsToSlofLikeTheCSwtpm(@TempDir Path tmp) throws Exception {
        FirmwareBoot.Result c = FirmwareBoot.once(Emulator.C, QemuLauncher.Machine.PPC64_SLOF, PROMPT,
                tmp.resolve("c"));
        FirmwareBoot.Result java = FirmwareBoot.once(Emulator.JAVA, QemuLauncher.Machine.PPC64_SLOF, PROMPT,
                tmp.resolve("java"));
        FirmwareBoot.assertSameResponses(c, java, Set.of("GetRandom"));
    }
}
