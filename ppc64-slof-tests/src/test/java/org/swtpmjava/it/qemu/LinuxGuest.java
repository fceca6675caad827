package org.swtpmjava.it.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.swtpmjava.it.Launchers;

/**
 * The tiny Linux guests of {@code scripts/build-guests.sh} (Debian 12's kernel, a busybox
 * initramfs), and what their /init printed. The init prints one marker line per fact:
 * {@code TPM-LS tpm0}, {@code TPM-VERSION 2}, {@code PCR sha256 0 E21B...}, {@code HWRNG 7b8f...},
 * {@code EVLOG <32 bytes hex>} lines of the firmware event log, {@code EXTEND-RESPONSE <hex>} of
 * its own PCR_Extend, {@code PCR-AFTER sha256 23 ...}, then {@code GUEST-DONE} and powers off.
 */
final class LinuxGuest {

    /** The last marker; everything the test reads is before it. */
    static final Pattern DONE = Pattern.compile("GUEST-DONE");

    private static final Pattern PCR = Pattern.compile("^PCR (sha1|sha256) (\\d+) ([0-9A-Fa-f]+)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern PCR_AFTER = Pattern.compile("^PCR-AFTER (sha1|sha256) 23 ([0-9A-Fa-f]+)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern EVLOG = Pattern.compile("^EVLOG ([0-9a-f ]+?)\\s*$", Pattern.MULTILINE);

    /**
     * The TPM2_PCR_Extend the init writes to /dev/tpm0 (scripts/build-guests.sh, EXTEND_COMMAND):
     * PCR 23, a password session, one sha256 digest of 32 bytes 0x11.
     */
    static final byte[] EXTENDED_DIGEST = filled(32, 0x11);
    /** Its answer from a TPM: success, no parameters, the password session's continueSession echoed. */
    static final String EXTEND_SUCCESS = "80020000001300000000000000000000010000";

    private static final Set<LinuxGuest.Arch> BUILT = EnumSet.noneOf(LinuxGuest.Arch.class);

    /** The facts the guest printed. {@code pcrs}: bank -> PCR index -> value (hex as the kernel prints it). */
    record Report(List<String> tpmDevices, String tpmVersionMajor, Map<String, Map<Integer, String>> pcrs,
            String hwrngCurrent, String hwrngHex, byte[] eventLog, String extendResponse,
            Map<String, String> pcr23After) {
    }

    /** The guests scripts/build-guests.sh builds: directory, kernel file, console device. */
    enum Arch {
        X86_64("x86_64", "vmlinuz", "ttyS0"),
        PPC64LE("ppc64le", "vmlinux", "hvc0");

        final String dir;
        final String kernel;
        final String console;

        Arch(String dir, String kernel, String console) {
            this.dir = dir;
            this.kernel = kernel;
            this.console = console;
        }
    }

    private LinuxGuest() {
    }

    /**
     * The guest's directory, from scripts/build-guests.sh, run once per test JVM: it reuses a
     * guest of its current version and builds one otherwise (about 10 s: apt downloads about
     * 70 MB). {@code GUEST_DIR} in the environment moves the cache, as for the script.
     */
    static synchronized Path ensureBuilt(Arch arch) throws IOException, InterruptedException {
        String env = System.getenv("GUEST_DIR");
        Path dir = env != null && !env.isBlank() ? Path.of(env)
                : Launchers.root().resolve("ppc64-slof-tests/target/guests");
        Path guest = dir.resolve(arch.dir);
        if (BUILT.contains(arch)) {
            return guest;
        }
        Path script = Launchers.root().resolve("scripts/build-guests.sh");
        // Its output goes to a file: surefire's forked JVM must not get foreign bytes on its stdout.
        Files.createDirectories(dir);
        Path log = dir.resolve("build-guests.log");
        ProcessBuilder pb = new ProcessBuilder(script.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("GUEST_DIR", dir.toString());
        pb.environment().put("GUEST_ARCHES", arch.dir);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(script + " failed (it needs root and apt on Debian 12):\n"
                    + Files.readString(log));
        }
        BUILT.add(arch);
        return guest;
    }

    /** QEMU arguments for a direct kernel boot of the guest; the kernel's messages go to the serial console. */
    static List<String> qemuArgs(Arch arch, Path guest) {
        return qemuArgs(arch, guest, "");
    }

    /**
     * As {@link #qemuArgs(Arch, Path)} with more kernel parameters; {@code swtpm.migrate} makes the
     * init stop after its checks, print {@code MIGRATE-READY} and wait for a line on the console,
     * then read PCR 23 again and extend it once more ({@code PCR-MIGRATED}, {@code PCR-MIGRATED-EXTENDED}).
     */
    static List<String> qemuArgs(Arch arch, Path guest, String kernelArgs) {
        return List.of("-kernel", guest.resolve(arch.kernel).toString(),
                "-initrd", guest.resolve("initrd.gz").toString(),
                // quiet: less serial output to emulate; panic=-1 + -no-reboot: a panic ends QEMU at once
                "-append", ("console=" + arch.console + " quiet panic=-1 " + kernelArgs).trim());
    }

    static Report parse(String console) {
        Map<String, Map<Integer, String>> pcrs = new TreeMap<>();
        Matcher m = PCR.matcher(console);
        while (m.find()) {
            pcrs.computeIfAbsent(m.group(1), b -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), m.group(3));
        }
        String ls = marker(console, "TPM-LS");
        List<String> devices = new ArrayList<>(ls.isBlank() ? List.of() : List.of(ls.trim().split("\\s+")));
        Map<String, String> after = new TreeMap<>();
        Matcher a = PCR_AFTER.matcher(console);
        while (a.find()) {
            after.put(a.group(1), a.group(2));
        }
        return new Report(devices, marker(console, "TPM-VERSION").trim(), pcrs,
                marker(console, "HWRNG-CURRENT").trim(), marker(console, "HWRNG").trim(), eventLog(console),
                marker(console, "EXTEND-RESPONSE").trim(), after);
    }

    /** The EVLOG lines joined (the last line is padded with blanks by hexdump). */
    private static byte[] eventLog(String console) {
        StringBuilder hex = new StringBuilder();
        Matcher m = EVLOG.matcher(console);
        while (m.find()) {
            hex.append(m.group(1).replace(" ", ""));
        }
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** The rest of the line after {@code "<word> "}, or "" (the init prints a marker even when empty). */
    private static String marker(String console, String word) {
        Matcher m = Pattern.compile("^" + Pattern.quote(word) + "(?: (.*?))?\\r?$", Pattern.MULTILINE).matcher(console);
        return m.find() && m.group(1) != null ? m.group(1) : "";
    }

    /**
     * What a user checks in the guest: one TPM 2.0 device, 24 PCRs in the sha1 and sha256 banks,
     * the TPM as the hardware RNG (the only one: -nodefaults, no virtio-rng), and the emulator
     * gone after QEMU quit.
     */
    static void assertSeesAWorkingTpm2(Report g, boolean emulatorExited) {
        assertSeesAWorkingTpm2(g, emulatorExited, true);
    }

    /**
     * As {@link #assertSeesAWorkingTpm2(Report, boolean)}; {@code hwrng} false where the guest
     * kernel itself declines the TPM as RNG (tpm_crb: "Disabling hwrng", with either emulator).
     */
    static void assertSeesAWorkingTpm2(Report g, boolean emulatorExited, boolean hwrng) {
        assertThat(g.tpmDevices()).as("ls /sys/class/tpm").containsExactly("tpm0");
        assertThat(g.tpmVersionMajor()).as("tpm_version_major").isEqualTo("2");
        for (String bank : List.of("sha1", "sha256")) {
            assertThat(g.pcrs().get(bank))
                    .as("/sys/class/tpm/tpm0/pcr-%s", bank).hasSize(24);
            assertThat(g.pcrs().get(bank).values())
                    .allMatch(v -> v.length() == (bank.equals("sha1") ? 40 : 64));
        }
        if (hwrng) {
            assertThat(g.hwrngCurrent()).isEqualTo("tpm-rng-0");
            assertThat(g.hwrngHex()).as("16 bytes from /dev/hwrng")
                    .matches("[0-9a-f]{32}");
        } else {
            assertThat(g.hwrngCurrent()).isEqualTo("none");
        }
        assertThat(emulatorExited)
                .as("the emulator exits on QEMU's CMD_SHUTDOWN").isTrue();
    }

    /**
     * The firmware's event log, as the guest kernel exposes it, replays to exactly the PCR values
     * the guest reads, in both banks, for every PCR the log measures into (the kernel's IMA
     * extends PCR 10 outside this log; the log has no event for it).
     */
    static void assertEventLogReplaysToThePcrsRead(Report g) {
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
     * The TPM2_PCR_Extend the guest's user space wrote to /dev/tpm0 succeeded and changed PCR 23
     * of the sha256 bank to SHA-256(old || digest), the sha1 bank untouched (Part 3 §22.2: only the
     * banks with a digest in the list are extended).
     */
    static void assertPcrExtendFromTheGuestWorked(Report g) throws NoSuchAlgorithmException {
        assertThat(g.extendResponse()).isEqualTo(EXTEND_SUCCESS);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(HexFormat.of().parseHex(g.pcrs().get("sha256").get(23)));
        sha256.update(EXTENDED_DIGEST);
        assertThat(g.pcr23After().get("sha256")).isEqualToIgnoringCase(HexFormat.of().formatHex(sha256.digest()));
        assertThat(g.pcr23After().get("sha1")).isEqualTo(g.pcrs().get("sha1").get(23));
    }
}
