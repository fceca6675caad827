package org.swtpmjava.it.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

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

    /**
     * The firmware's event log, as the guest kernel exposes it, replays to exactly the PCR values
     * the guest reads, in both banks, for every PCR the log measures into (the kernel's IMA
     * extends PCR 10 outside this log; the log has no event for it).
     */
    @ParameterizedTest
    @EnumSource(Emulator.class)
    void firmwareEventLogReplaysToThePcrsTheGuestReads(Emulator e, @TempDir Path tmp) throws Exception {
        LinuxGuest.Report g = LinuxGuest.parse(boot(e, tmp).console());
        assertThat(g.eventLog()).as("/sys/kernel/security/tpm0/binary_bios_measurements").isNotEmpty();
        TcgEventLog log = TcgEventLog.parse(g.eventLog());
        for (String bank : List.of("sha1", "sha256")) {
            Map<Integer, String> replayed = log.replayHex(bank);
            assertThat(replayed).as("PCRs the %s log measures into", bank).containsKey(0);
            Map<Integer, String> read = new TreeMap<>();
            replayed.keySet().forEach(pcr -> read.put(pcr, g.pcrs().get(bank).get(pcr).toUpperCase(Locale.ROOT)));
            assertThat(read).as("%s PCRs read in the guest vs the replayed log", bank).isEqualTo(replayed);
        }
    }

    /**
     * A TPM2_PCR_Extend written to /dev/tpm0 by the guest's user space succeeds and changes PCR 23
     * of the sha256 bank to SHA-256(old || digest), the sha1 bank untouched (Part 3 §22.2: only the
     * banks with a digest in the list are extended).
     */
    @ParameterizedTest
    @EnumSource(Emulator.class)
    void pcrExtendFromTheGuestChangesPcr23AsComputed(Emulator e, @TempDir Path tmp) throws Exception {
        LinuxGuest.Report g = LinuxGuest.parse(boot(e, tmp).console());
        assertThat(g.extendResponse()).isEqualTo(LinuxGuest.EXTEND_SUCCESS);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(HexFormat.of().parseHex(g.pcrs().get("sha256").get(23)));
        sha256.update(LinuxGuest.EXTENDED_DIGEST);
        assertThat(g.pcr23After().get("sha256")).isEqualToIgnoringCase(HexFormat.of().formatHex(sha256.digest()));
        assertThat(g.pcr23After().get("sha1")).isEqualTo(g.pcrs().get("sha1").get(23));
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
