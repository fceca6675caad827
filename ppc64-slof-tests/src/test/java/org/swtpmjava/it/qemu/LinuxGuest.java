package org.swtpmjava.it.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.swtpmjava.it.Launchers;

/**
 * The tiny x86_64 Linux guest of {@code scripts/build-guests.sh} (Debian 12's kernel, a busybox
 * initramfs), and what its /init printed. The init prints one marker line per fact:
 * {@code TPM-LS tpm0}, {@code TPM-VERSION 2}, {@code PCR sha256 0 E21B...}, {@code HWRNG 7b8f...},
 * then {@code GUEST-DONE} and powers off.
 */
final class LinuxGuest {

    /** The last marker; everything the test reads is before it. */
    static final Pattern DONE = Pattern.compile("GUEST-DONE");

    private static final Pattern PCR = Pattern.compile("^PCR (sha1|sha256) (\\d+) ([0-9A-Fa-f]+)\\s*$",
            Pattern.MULTILINE);

    /** The facts the guest printed. {@code pcrs}: bank -> PCR index -> value (hex as the kernel prints it). */
    record Report(List<String> tpmDevices, String tpmVersionMajor, Map<String, Map<Integer, String>> pcrs,
            String hwrngCurrent, String hwrngHex) {
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
     * The guest's directory, built by scripts/build-guests.sh when missing (about 10 s: apt
     * downloads about 70 MB). {@code GUEST_DIR} in the environment moves the cache, as for the script.
     */
    static synchronized Path ensureBuilt(Arch arch) throws IOException, InterruptedException {
        String env = System.getenv("GUEST_DIR");
        Path dir = env != null && !env.isBlank() ? Path.of(env)
                : Launchers.root().resolve("ppc64-slof-tests/target/guests");
        Path guest = dir.resolve(arch.dir);
        if (Files.isRegularFile(guest.resolve(arch.kernel)) && Files.isRegularFile(guest.resolve("initrd.gz"))) {
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
        return guest;
    }

    /** QEMU arguments for a direct kernel boot of the guest; the kernel's messages go to the serial console. */
    static List<String> qemuArgs(Arch arch, Path guest) {
        return List.of("-kernel", guest.resolve(arch.kernel).toString(),
                "-initrd", guest.resolve("initrd.gz").toString(),
                // quiet: less serial output to emulate; panic=-1 + -no-reboot: a panic ends QEMU at once
                "-append", "console=" + arch.console + " quiet panic=-1");
    }

    static Report parse(String console) {
        Map<String, Map<Integer, String>> pcrs = new TreeMap<>();
        Matcher m = PCR.matcher(console);
        while (m.find()) {
            pcrs.computeIfAbsent(m.group(1), b -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), m.group(3));
        }
        String ls = marker(console, "TPM-LS");
        List<String> devices = new ArrayList<>(ls.isBlank() ? List.of() : List.of(ls.trim().split("\\s+")));
        return new Report(devices, marker(console, "TPM-VERSION").trim(), pcrs,
                marker(console, "HWRNG-CURRENT").trim(), marker(console, "HWRNG").trim());
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
        assertThat(g.tpmDevices()).as("ls /sys/class/tpm").containsExactly("tpm0");
        assertThat(g.tpmVersionMajor()).as("tpm_version_major").isEqualTo("2");
        for (String bank : List.of("sha1", "sha256")) {
            assertThat(g.pcrs().get(bank))
                    .as("/sys/class/tpm/tpm0/pcr-%s", bank).hasSize(24);
            assertThat(g.pcrs().get(bank).values())
                    .allMatch(v -> v.length() == (bank.equals("sha1") ? 40 : 64));
        }
        assertThat(g.hwrngCurrent()).isEqualTo("tpm-rng-0");
        assertThat(g.hwrngHex()).as("16 bytes from /dev/hwrng")
                .matches("[0-9a-f]{32}");
        assertThat(emulatorExited)
                .as("the emulator exits on QEMU's CMD_SHUTDOWN").isTrue();
    }
}
