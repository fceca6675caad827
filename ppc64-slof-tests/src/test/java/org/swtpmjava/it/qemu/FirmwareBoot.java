package org.swtpmjava.it.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.swtpmjava.it.Launchers;
import org.swtpmjava.it.Launchers.Emulator;

/**
 * One boot of a guest firmware with a TPM emulator attached, as a user runs it: {@code swtpm socket
 * --tpm2 ... --log file=...,level=20}, QEMU with {@code -tpmdev emulator}, wait for the firmware's
 * prompt, quit QEMU, wait for the emulator to end (QEMU's CMD_SHUTDOWN), then read the log.
 */
final class FirmwareBoot {

    /** What the boot left behind. {@code promptMillis}: QEMU start to the prompt on the console. */
    record Result(long promptMillis, String console, SwtpmLog log, boolean emulatorExited) {
    }

    /**
     * Bound for TCG on a loaded 2-core machine. Measured from QEMU's start: SLOF's prompt after
     * 6-10 s, SeaBIOS's "No bootable device." after 0.2-0.8 s, the Linux guest's last marker
     * after 10-12 s on an idle machine.
     */
    private static final long PROMPT_TIMEOUT_S = 150;

    /** Boots already done in this JVM, so a differential test does not boot again (TCG is slow). */
    private static final Map<String, Result> DONE = new HashMap<>();

    private FirmwareBoot() {
    }

    /** {@link #run} once per emulator and machine in this test JVM; later calls get the same result. */
    static synchronized Result once(Emulator e, QemuLauncher.Machine m, Pattern prompt, Path tmp) throws Exception {
        return once(e, m, prompt, tmp, List.of());
    }

    /** As {@link #once(Emulator, QemuLauncher.Machine, Pattern, Path)} with more QEMU arguments. */
    static synchronized Result once(Emulator e, QemuLauncher.Machine m, Pattern prompt, Path tmp,
            List<String> qemuArgs) throws Exception {
        return once(m + "/" + e, e, prompt, tmp, m.toString(), hostQemu(m, qemuArgs));
    }

    /** {@link #run} once per {@code key} in this test JVM; later calls get the same result. */
    static synchronized Result once(String key, Emulator e, Pattern prompt, Path tmp, String label,
            RunningQemu.Starter qemu) throws Exception {
        Result r = DONE.get(key);
        if (r == null) {
            r = run(e, prompt, tmp, label, qemu);
            DONE.put(key, r);
        }
        return r;
    }

    /**
     * swtpm-java's responses are the C swtpm's, byte for byte, command by command, except for the
     * commands named in {@code varying} (random output).
     */
    static void assertSameResponses(Result c, Result java, Set<String> varying) {
        List<SwtpmLog.TpmCall> cc = c.log().tpmCalls();
        List<SwtpmLog.TpmCall> jc = java.log().tpmCalls();
        assertThat(jc).extracting(SwtpmLog.TpmCall::name).containsExactlyElementsOf(
                cc.stream().map(SwtpmLog.TpmCall::name).toList());
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < cc.size(); i++) {
            if (!varying.contains(cc.get(i).name())) {
                assertThat(hex.formatHex(jc.get(i).response())).as("response %d (%s)", i, cc.get(i))
                        .isEqualTo(hex.formatHex(cc.get(i).response()));
            }
        }
    }

    static Result run(Emulator e, QemuLauncher.Machine m, Pattern prompt, Path tmp) throws Exception {
        return run(e, prompt, tmp, m.toString(), hostQemu(m, List.of()));
    }

    /** The host's QEMU for {@code m}; a missing QEMU fails here, before the emulator starts. */
    private static RunningQemu.Starter hostQemu(QemuLauncher.Machine m, List<String> qemuArgs) {
        QemuLauncher.binary(m);
        return sock -> QemuLauncher.start(m, sock, qemuArgs);
    }

    /**
     * Starts the emulator, then QEMU on its control socket; waits for {@code prompt}, quits QEMU
     * and waits for the emulator to end on QEMU's CMD_SHUTDOWN; reads the emulator's log.
     */
    static Result run(Emulator e, Pattern prompt, Path tmp, String label, RunningQemu.Starter starter)
            throws Exception {
        Path dir = tmp.resolve("state");
        Path log = dir.resolve("log");
        Process emulator = Launchers.startSocket(e, dir, List.of("--log", "file=" + log + ",level=20"));
        try {
            long promptMillis;
            try (RunningQemu qemu = starter.start(dir.resolve("ctrl.sock"))) {
                promptMillis = qemu.awaitConsole(prompt, PROMPT_TIMEOUT_S);
                if (prompt == LinuxGuest.DONE) {
                    // The Linux guests power off after their last marker: QEMU ends by itself (a
                    // SIGTERM in the middle of that would race with its own shutdown).
                    qemu.awaitEnd(60);
                }
                qemu.close(); // quit now: the emulator ends on QEMU's CMD_SHUTDOWN, completing its log
                boolean exited = emulator.waitFor(15, TimeUnit.SECONDS);
                System.out.printf("%s + %s: console showed '%s' %d ms after QEMU's start%n",
                        label, e, prompt, promptMillis);
                if (!exited) {
                    String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                    System.out.printf("%s + %s: the emulator is still running 15 s after QEMU ended; its log ends:%n%s%n",
                            label, e, text.substring(Math.max(0, text.length() - 1500)));
                }
                return new Result(promptMillis, qemu.console(), SwtpmLog.read(log), exited);
            }
        } finally {
            Launchers.stop(emulator);
        }
    }

    /** The calls one per line, for the test output. */
    static void print(String title, List<SwtpmLog.TpmCall> calls) {
        System.out.println(title + ":");
        calls.forEach(c -> System.out.println("  " + c));
    }
}
