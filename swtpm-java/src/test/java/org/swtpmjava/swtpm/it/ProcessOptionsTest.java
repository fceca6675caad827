package org.swtpmjava.swtpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.crypto.Kdf;
import org.swtpmjava.store.crypto.KeyMode;
import org.swtpmjava.store.crypto.StateKey;
import org.swtpmjava.store.dir.DirStateStore;
import org.swtpmjava.store.dir.DirStoreOptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;

/**
 * Options that decide the life of the process, run against both implementations:
 * {@code --terminate}, {@code --ctrl ...,terminate} (swtpm 0.8+), {@code --daemon} with a pid
 * file, {@code --print-states}, and the level-20 log.
 */
class ProcessOptionsTest {

    @ParameterizedTest
    @EnumSource(Emulator.Kind.class)
    void terminateExitsWhenThePassedDataFdHangsUp(Emulator.Kind kind, @TempDir Path tmp) throws Exception {
        try (Emulator e = Emulator.start(kind, tmp, List.of("--terminate", "--flags", "not-need-init"));
             RawCtrlClient ctrl = new RawCtrlClient(e.ctrlSocket());
             AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open()) {
            assertThat(ctrl.exchange(HexFormat.of().parseHex("00000010"), pair.getSocket2().getFileDescriptor()))
                    .isEqualTo("00000000");
            pair.getSocket1().close();
            assertThat(e.awaitExit(10)).isZero();
            assertThat(e.ctrlSocket()).doesNotExist();
        }
    }

    @ParameterizedTest
    @EnumSource(Emulator.Kind.class)
    void daemonDetachesAfterWritingThePidFile(Emulator.Kind kind, @TempDir Path tmp) throws Exception {
        Path sock = tmp.resolve("ctrl.sock");
        Path pid = tmp.resolve("pid");
        List<String> args = List.of("--tpm2", "--daemon", "--tpmstate", "dir=" + tmp, "--ctrl",
                "type=unixio,path=" + sock, "--pid", "file=" + pid);
        Process p = new ProcessBuilder(Emulator.command(kind, args)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out").toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        // The parent returns only once the daemon listens and its pid file is written.
        assertThat(sock).exists();
        long daemonPid = Long.parseLong(Files.readString(pid));
        assertThat(ProcessHandle.of(daemonPid)).isPresent();
        try (RawCtrlClient ctrl = new RawCtrlClient(sock)) {
            assertThat(ctrl.exchange("00000003")).isEqualTo("00000000");
        }
        ProcessHandle.of(daemonPid).ifPresent(h -> h.onExit().join());
        assertThat(pid).doesNotExist();
    }

    /** swtpm 0.8+ only (0.7.1, the oracle here, has no ctrl terminate), so swtpm-java alone. */
    @Test
    void ctrlTerminateExitsWhenTheControlClientLeaves(@TempDir Path tmp) throws Exception {
        Emulator.Kind kind = Emulator.Kind.JAVA;
        Path sock = tmp.resolve("ctrl.sock");
        List<String> args = List.of("--tpm2", "--tpmstate", "dir=" + tmp, "--ctrl",
                "type=unixio,path=" + sock + ",terminate");
        Process p = new ProcessBuilder(Emulator.command(kind, args)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out").toFile()).start();
        try {
            while (!Files.exists(sock)) {
                Thread.sleep(10);
            }
            try (RawCtrlClient ctrl = new RawCtrlClient(sock)) {
                assertThat(ctrl.exchange("00000001")).startsWith("00000000");
            }
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @ParameterizedTest
    @EnumSource(Emulator.Kind.class)
    void levelTwentyLogShowsControlTrafficAsSwtpm(Emulator.Kind kind, @TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("log");
        try (Emulator e = Emulator.start(kind, tmp.resolve("s"), List.of("--log", "file=" + log + ",level=20"));
             RawCtrlClient ctrl = new RawCtrlClient(e.ctrlSocket())) {
            ctrl.exchange("00000011 00000000");
            ctrl.exchange("00000005 03");
            ctrl.exchange("00000003");
            assertThat(e.awaitExit(10)).isZero();
        }
        assertThat(Files.readString(log)).isEqualTo("""
                 Ctrl Cmd: length 8
                 00 00 00 11 00 00 00 00\s
                 Ctrl Rsp: length 16
                 00 00 00 00 00 00 10 00 00 00 0A F8 00 00 10 00\s
                 Ctrl Cmd: length 5
                 00 00 00 05 03\s
                 Ctrl Rsp: length 4
                 00 00 00 00\s
                 Ctrl Cmd: length 4
                 00 00 00 03\s
                 Ctrl Rsp: length 4
                 00 00 00 00\s
                """);
    }

    @ParameterizedTest
    @EnumSource(Emulator.Kind.class)
    void printStatesOfACWrittenDirectory(Emulator.Kind kind, @TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("state");
        try (Emulator c = Emulator.start(Emulator.Kind.C, dir, List.of("--flags", "not-need-init"));
             RawCtrlClient ctrl = new RawCtrlClient(c.ctrlSocket())) {
            assertThat(ctrl.exchange("0000000a")).isEqualTo("00000000");
            ctrl.exchange("00000003");
            c.awaitExit(10);
        }
        List<String> args = new ArrayList<>(List.of("--tpm2", "--print-states", "--tpmstate", "dir=" + dir));
        CommandLineDifferentialTest.Outcome out = CommandLineDifferentialTest.run(kind, args, tmp.resolve("o"));
        assertThat(out.status()).isZero();
        long perm = Files.size(dir.resolve("tpm2-00.permall"));
        long vol = Files.size(dir.resolve("tpm2-00.volatilestate"));
        assertThat(out.stdout()).isEqualTo("{ \"type\": \"swtpm\", \"states\": [ {\"name\": \"permall\", \"size\": "
                + perm + "}, {\"name\": \"volatilestate\", \"size\": " + vol + "} ] }");
    }

    /**
     * Listening sockets bound by whoever starts the emulator and passed down as fds: {@code --ctrl
     * type=tcp,fd=N} and {@code --server type=unixio,fd=M}. A client connects to each, INIT, a TPM
     * command, and CMD_SHUTDOWN end the emulator with status 0.
     */
    @ParameterizedTest
    @EnumSource(Emulator.Kind.class)
    void listeningSocketsPassedAsFds(Emulator.Kind kind, @TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data.sock");
        Path port = tmp.resolve("port");
        // Binds both, writes the TCP port, then execs the emulator with the two fds inherited.
        String bindAndExec = String.join("\n",
                "import os, socket, sys",
                "c = socket.socket(); c.bind(('127.0.0.1', 0)); c.listen(1)",
                "d = socket.socket(socket.AF_UNIX); d.bind(sys.argv[1]); d.listen(1)",
                "os.set_inheritable(c.fileno(), True); os.set_inheritable(d.fileno(), True)",
                "open(sys.argv[2] + '.tmp', 'w').write(str(c.getsockname()[1]))",
                "os.rename(sys.argv[2] + '.tmp', sys.argv[2])",
                "args = [a.replace('CTRLFD', str(c.fileno())).replace('DATAFD', str(d.fileno())) for a in sys.argv[3:]]",
                "os.execv(args[0], args)");
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", bindAndExec, data.toString(), port.toString()));
        cmd.addAll(Emulator.command(kind, List.of("--tpm2", "--tpmstate", "dir=" + tmp, "--ctrl", "type=tcp,fd=CTRLFD",
                "--server", "type=unixio,fd=DATAFD")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile())
                .start();
        try {
            for (int i = 0; i < 2000 && !Files.exists(port); i++) {
                Thread.sleep(10);
            }
            try (RawCtrlClient ctrl = RawCtrlClient.tcp(Integer.parseInt(Files.readString(port)))) {
                assertThat(ctrl.exchange("00000002 00000000")).as(kind + " CMD_INIT").isEqualTo("00000000");
                try (AFUNIXSocket tpm = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(data.toFile()))) {
                    tpm.getOutputStream().write(HexFormat.of().parseHex("80010000000c000001440000"));
                    byte[] reply = tpm.getInputStream().readNBytes(10);
                    assertThat(HexFormat.of().formatHex(reply)).as(kind + " TPM2_Startup").isEqualTo("80010000000a00000000");
                }
                assertThat(ctrl.exchange("00000003")).as(kind + " CMD_SHUTDOWN").isEqualTo("00000000");
            }
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as(kind + " ends after CMD_SHUTDOWN").isTrue();
            assertThat(p.exitValue()).as(Files.readString(tmp.resolve("out"))).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * A connected TCP socket passed as the data channel ({@code --server type=tcp,fd=N} and
     * {@code --fd N}): the emulator answers on it and ends with status 0 when the peer hangs up
     * (here with a reset, as half the response is left unread, which swtpm logs). python makes
     * the connection, starts the emulator with one end, and is the TPM client.
     */
    @Test
    void connectedTcpSocketPassedAsTheDataChannel(@TempDir Path tmp) throws Exception {
        String connectAndRun = String.join("\n",
                "import os, socket, subprocess, sys",
                "l = socket.socket(); l.bind(('127.0.0.1', 0)); l.listen(1)",
                "a = socket.create_connection(l.getsockname()); b, _ = l.accept()",
                "p = subprocess.Popen([x.replace('FD', str(b.fileno())) for x in sys.argv[1:]], pass_fds=[b.fileno()])",
                "b.close(); a.settimeout(30)",
                "a.sendall(bytes.fromhex('80010000000c0000017b0008'))",
                "print(a.recv(10).hex(), flush=True)",
                "a.close(); print(p.wait(timeout=30))");
        for (List<String> option : List.of(List.of("--server", "type=tcp,fd=FD"), List.of("--fd", "FD"))) {
            List<String> outputs = new ArrayList<>();
            for (Emulator.Kind kind : Emulator.Kind.values()) {
                Path dir = Files.createDirectories(tmp.resolve(kind + option.get(0).replace("-", "")));
                List<String> cmd = new ArrayList<>(List.of("python3", "-c", connectAndRun));
                List<String> args = new ArrayList<>(List.of("--tpm2", "--tpmstate", "dir=" + dir, "--flags",
                        "not-need-init,startup-clear"));
                args.addAll(option);
                cmd.addAll(Emulator.command(kind, args));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                outputs.add(out);
            }
            assertThat(outputs.get(0)).as("C " + option).startsWith("80010000001400000000\n").endsWith("\n0\n");
            assertThat(outputs.get(1)).as("swtpm-java " + option + ", as C").isEqualTo(outputs.get(0));
        }
    }

    /**
     * {@code --key fd=N} and {@code --key pwdfd=N}: the key comes from an inherited fd (as libvirt
     * passes it), and the state files it writes decrypt with that key.
     */
    @ParameterizedTest
    @EnumSource(Emulator.Kind.class)
    void keyFromAnInheritedFd(Emulator.Kind kind, @TempDir Path tmp) throws Exception {
        Path keyFile = tmp.resolve("key");
        Files.writeString(keyFile, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        Path pwdFile = tmp.resolve("pwd");
        Files.writeString(pwdFile, "secret passphrase");
        for (String option : List.of("fd=5,mode=aes-256-cbc", "pwdfd=5,mode=aes-256-cbc")) {
            Path dir = tmp.resolve(kind + "-" + option.substring(0, option.indexOf('=')));
            Files.createDirectories(dir);
            Path sock = dir.resolve("ctrl.sock");
            Path source = option.startsWith("fd") ? keyFile : pwdFile;
            String line = String.join(" ", Emulator.command(kind, List.of("--tpm2", "--tpmstate", "dir=" + dir,
                    "--ctrl", "type=unixio,path=" + sock, "--flags", "not-need-init", "--key", option)));
            Process p = new ProcessBuilder("bash", "-c", "exec " + line + " 5<" + source)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
            try {
                for (int i = 0; i < 2000 && !Files.exists(sock); i++) {
                    Thread.sleep(10);
                }
                try (RawCtrlClient ctrl = new RawCtrlClient(sock)) {
                    assertThat(ctrl.exchange("0000000a")).as(kind + " " + option).isEqualTo("00000000");
                    assertThat(ctrl.exchange("00000003")).isEqualTo("00000000");
                }
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            } finally {
                p.destroyForcibly();
            }
            StateKey key = option.startsWith("fd")
                    ? StateKey.fromHexKeyFile(Files.readAllBytes(keyFile), KeyMode.AES_256_CBC)
                    : StateKey.fromPassphrase(Files.readAllBytes(pwdFile), KeyMode.AES_256_CBC, Kdf.PBKDF2);
            try (DirStateStore store = new DirStateStore(dir, DirStoreOptions.forTpm2().withFileKey(key)
                    .withLocking(false))) {
                assertThat(store.load(StateKind.PERMANENT)).as(kind + " " + option).isPresent();
                assertThat(store.load(StateKind.VOLATILE)).as(kind + " " + option).isPresent();
            }
        }
    }
}
