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
 * qemu-system-x86_64 q35, SeaBIOS, tpm-tis, no disk: SeaBIOS initialises the TPM 2, measures
 * into PCRs 0-7 and ends with "No bootable device.". The C swtpm is the oracle.
 */
class SeabiosBootIT {

    /** Printed after every boot entry failed; all TPM traffic (incl. the separators) is before it. */
    static final Pattern NO_BOOT = Pattern.compile("No bootable device\\.");

    /** As for SLOF, plus GET_TPMESTABLISHED: SeaBIOS reads the TIS access register. */
    static final List<String> QEMU_CTRL = List.of("SET_DATAFD", "GET_CAPABILITY", "STOP", "SET_BUFFERSIZE",
            "STOP", "SET_BUFFERSIZE", "INIT", "GET_TPMESTABLISHED", "SET_LOCALITY", "SHUTDOWN");

    /**
     * What SeaBIOS 1.16.2 sends for this machine, recorded with the C swtpm 0.7: the probe,
     * start-up, measurements of SMBIOS (PCR 1) and option ROMs (PCR 2), platform auth, then at
     * the boot attempt the boot-device event (PCR 4) and the separators into PCRs 0-7.
     */
    static final List<String> SEABIOS_TPM = List.of("ReadClock=0x101", "Startup=0x0", "SelfTest=0x0",
            "GetCapability=0x0", "PCR_Extend(pcr 1)=0x0", "PCR_Extend(pcr 2)=0x0", "PCR_Extend(pcr 2)=0x0",
            "StirRandom=0x0", "GetRandom=0x0", "HierarchyChangeAuth=0x0", "PCR_Extend(pcr 4)=0x0",
            "PCR_Extend(pcr 0)=0x0", "PCR_Extend(pcr 1)=0x0", "PCR_Extend(pcr 2)=0x0", "PCR_Extend(pcr 3)=0x0",
            "PCR_Extend(pcr 4)=0x0", "PCR_Extend(pcr 5)=0x0", "PCR_Extend(pcr 6)=0x0", "PCR_Extend(pcr 7)=0x0");

    @ParameterizedTest
    @EnumSource(Emulator.class)
    void seabiosMeasuresBootAndItsTpm2SequenceSucceeds(Emulator e, @TempDir Path tmp) throws Exception {
        FirmwareBoot.Result r = FirmwareBoot.once(e, QemuLauncher.Machine.X86_SEABIOS, NO_BOOT, tmp);
        List<SwtpmLog.TpmCall> calls = r.log().tpmCalls();
        FirmwareBoot.print("SeaBIOS + " + e + " TPM sequence", calls);

        assertThat(r.log().ctrlCommands()).containsExactlyElementsOf(QEMU_CTRL);
        assertThat(calls).extracting(Object::toString).containsExactlyElementsOf(SEABIOS_TPM);
        assertThat(r.emulatorExited()).as("the emulator exits on QEMU's CMD_SHUTDOWN").isTrue();
    }

    /** Beyond the response codes: swtpm-java's responses are the C swtpm's, except random bytes. */
    @Test
    void swtpmJavaRespondsToSeabiosLikeTheCSwtpm(@TempDir Path tmp) throws Exception {
        FirmwareBoot.Result c = FirmwareBoot.once(Emulator.C, QemuLauncher.Machine.X86_SEABIOS, NO_BOOT,
                tmp.resolve("c"));
        FirmwareBoot.Result java = FirmwareBoot.once(Emulator.JAVA, QemuLauncher.Machine.X86_SEABIOS, NO_BOOT,
                tmp.resolve("java"));
        FirmwareBoot.assertSameResponses(c, java, Set.of("GetRandom"));
    }
}
