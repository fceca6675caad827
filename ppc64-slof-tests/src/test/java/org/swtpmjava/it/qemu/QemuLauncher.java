package org.swtpmjava.it.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.swtpmjava.it.Launchers;

/**
 * A QEMU guest with an emulated TPM attached through {@code -tpmdev emulator}, its firmware's
 * console read from a pipe. No disk and no OS: the firmware runs, talks to the TPM, and stops
 * at its prompt (SLOF) or at "No bootable device" (SeaBIOS). TCG only, so every wait is bounded.
 */
final class QemuLauncher implements RunningQemu {

    /** The guests these tests boot. */
    enum Machine {
        /**
         * pseries with SLOF. {@code -nodefaults -serial stdio}: the only console is the spapr vty
         * on our pipe. {@code auto-boot?=false} makes SLOF stop at its prompt instead of trying
         * (and timing out on) disk and network boot.
         */
        PPC64_SLOF("qemu-system-ppc64", "qemu-system-ppc",
                List.of("-M", "pseries", "-m", "512", "-nodefaults", "-display", "none", "-serial", "stdio",
                        "-prom-env", "auto-boot?=false"),
                "tpm-spapr"),
        /**
         * q35 with SeaBIOS. Debian's SeaBIOS writes nothing to the serial port; its log goes to
         * QEMU's debug port 0x402, so that port (isa-debugcon) is the console on our pipe.
         */
        X86_SEABIOS("qemu-system-x86_64", "qemu-system-x86",
                List.of("-M", "q35", "-m", "256", "-nodefaults", "-display", "none",
                        "-debugcon", "stdio", "-global", "isa-debugcon.iobase=0x402"),
                "tpm-tis"),
        /**
         * q35 booting a Linux kernel directly ({@code -kernel/-initrd}, SeaBIOS first), its console
         * on ttyS0. {@code -no-reboot}: QEMU exits when the guest powers off or panics.
         */
        X86_LINUX("qemu-system-x86_64", "qemu-system-x86",
                List.of("-M", "q35", "-m", "256", "-nodefaults", "-display", "none", "-serial", "stdio",
                        "-no-reboot"),
                "tpm-tis"),
        /**
         * q35 with OVMF (UEFI, its flash images passed by the test) booting a Linux kernel
         * directly through the kernel's EFI stub, the TPM on the CRB interface.
         */
        X86_OVMF_LINUX("qemu-system-x86_64", "qemu-system-x86",
                List.of("-M", "q35", "-m", "512", "-nodefaults", "-display", "none", "-serial", "stdio",
                        "-no-reboot"),
                "tpm-crb"),
        /** pseries booting a Linux kernel directly (SLOF loads it), its console on the spapr vty (hvc0). */
        PPC64_LINUX("qemu-system-ppc64", "qemu-system-ppc",
                List.of("-M", "pseries", "-m", "1024", "-nodefaults", "-display", "none", "-serial", "stdio",
                        "-no-reboot"),
                "tpm-spapr");

        final String binary;
        final String debianPackage;
        final List<String> args;
        final String tpmDevice;

        Machine(String binary, String debianPackage, List<String> args, String tpmDevice) {
            this.binary = binary;
            this.debianPackage = debianPackage;
            this.args = args;
            this.tpmDevice = tpmDevice;
        }
    }

    private final Process process;
    private final Console console;
    private final Thread reader;

    private QemuLauncher(Process process, Console console) {
        this.process = process;
        this.console = console;
        this.reader = new Thread(this::pump, "qemu-console");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the guest with the TPM emulator listening on {@code ctrlSock}. */
    static QemuLauncher start(Machine m, Path ctrlSock) throws IOException {
        return start(m, ctrlSock, List.of());
    }

    /** As {@link #start(Machine, Path)} with more QEMU arguments, e.g. {@code -kernel ...}. */
    static QemuLauncher start(Machine m, Path ctrlSock, List<String> extra) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary(m));
        cmd.addAll(arguments(m, ctrlSock, extra));
        // stderr joins the console so QEMU's own errors show up in a failure message.
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Console console = new Console();
        return new QemuLauncher(pb.start(), console);
    }

    /** QEMU's arguments after the binary: the machine's, {@code extra}, and the TPM on {@code ctrlSock}. */
    static List<String> arguments(Machine m, Path ctrlSock, List<String> extra) {
        List<String> args = new ArrayList<>(m.args);
        args.addAll(extra);
        args.addAll(List.of("-chardev", "socket,id=chrtpm,path=" + ctrlSock,
                "-tpmdev", "emulator,id=tpm0,chardev=chrtpm",
                "-device", m.tpmDevice + ",tpmdev=tpm0"));
        return args;
    }

    /** The QEMU binary; missing means a missing package, which must fail the test, not skip it. */
    static String binary(Machine m) {
        try {
            return Launchers.onPath(m.binary);
        } catch (IllegalStateException notInstalled) {
            throw new IllegalStateException(m.binary + " is not installed: apt-get install " + m.debianPackage
                    + " (scripts/test-all.sh installs it)");
        }
    }

    @Override
    public long awaitConsole(Pattern regex, long timeoutSeconds) throws InterruptedException {
        return console.await(regex, timeoutSeconds, reader::isAlive);
    }

    /** Types {@code text} on the guest's console (QEMU's stdin is the serial port's input). */
    void send(String text) throws IOException {
        process.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        process.getOutputStream().flush();
    }

    @Override
    public boolean awaitEnd(long timeoutSeconds) throws InterruptedException {
        return process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    }

    /** Waits for QEMU to end by itself (e.g. the guest powered off under -no-reboot); its exit status, or -1. */
    int awaitExit(long timeoutSeconds) throws InterruptedException {
        return process.waitFor(timeoutSeconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public String console() {
        return console.text();
    }

    private void pump() {
        byte[] buf = new byte[4096];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                // The firmwares print ASCII; ISO-8859-1 never splits a character across reads.
                console.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException ignored) {
            // QEMU gone: the waits notice that the reader has ended.
        } finally {
            console.ended();
        }
    }

    /**
     * Quits QEMU: SIGTERM is a normal exit for QEMU, so the emulator backend sends CMD_SHUTDOWN
     * to the TPM emulator as on a {@code quit} from the monitor. SIGKILL if it hangs.
     */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
    }

}
