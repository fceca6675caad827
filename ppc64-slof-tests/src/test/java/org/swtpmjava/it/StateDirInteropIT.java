package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.swtpmjava.it.Launchers.Emulator;

/**
 * A state directory written by one implementation opens in the other with everything intact,
 * as a user moving between the C swtpm and swtpm-java needs it: plain, encrypted with a key
 * file, and encrypted with a passphrase. tpm2-tools change the TPM (PCR 10 extended, owner auth
 * set, DA parameters), then Shutdown(STATE) and the emulator stops; the other implementation
 * starts on the same directory with Startup(STATE), and what tpm2-tools see then must be what
 * they see when the writer itself restarts on a copy of the directory.
 */
class StateDirInteropIT {

    static final String SHA256_ABC = "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c";

    /** How the state files are protected: swtpm's --key variants. */
    enum Protection {
        PLAIN, KEY_FILE, PASSPHRASE
    }

    static Stream<Arguments> writersAndProtections() {
        List<Arguments> all = new ArrayList<>();
        for (Emulator writer : Emulator.values()) {
            for (Protection p : Protection.values()) {
                all.add(Arguments.of(writer, p));
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("writersAndProtections")
    void stateWrittenByOneImplementationOpensInTheOther(Emulator writer, Protection protection, @TempDir Path tmp)
            throws Exception {
        Emulator reader = writer == Emulator.C ? Emulator.JAVA : Emulator.C;
        List<String> key = keyOptions(protection, tmp);
        Path written = tmp.resolve("written");
        List<Step> changes = run(writer, written, key, "startup-clear", List.of(
                List.of("tpm2_pcrextend", "10:sha256=" + SHA256_ABC),
                List.of("tpm2_changeauth", "-c", "owner", "ownerpass"),
                List.of("tpm2_dictionarylockout", "-s", "-n", "9", "-t", "99", "-l", "999"),
                List.of("tpm2_shutdown")));
        assertThat(changes).allMatch(s -> s.status() == 0, "every change succeeded");

        Path copy = tmp.resolve("copy");
        copyStateDir(written.resolve("state"), copy.resolve("state"));
        List<List<String>> checks = List.of(
                List.of("tpm2_pcrread", "sha256:10,16"),
                List.of("tpm2_getcap", "properties-variable"),
                List.of("tpm2_changeauth", "-c", "owner", "-p", "wrong", "x"),
                List.of("tpm2_changeauth", "-c", "owner", "-p", "ownerpass", "newpass"),
                List.of("tpm2_getcap", "properties-variable"));
        List<Step> byWriter = run(writer, copy, key, "startup-state", checks);
        List<Step> byReader = run(reader, written, key, "startup-state", checks);

        assertThat(byWriter.get(3).status()).as("the writer itself accepts the owner auth it stored").isZero();
        assertThat(byWriter.get(0).stdout()).as("PCR 10 survived Shutdown(STATE)/Startup(STATE)")
                .contains("10: 0x" + extendedFromZero(SHA256_ABC));
        assertThat(byReader).as("%s reading what %s wrote (%s)", reader, writer, protection)
                .containsExactlyElementsOf(byWriter);
    }

    /** One tool run: the command, its exit status and stdout. */
    record Step(String command, int status, String stdout) {
    }

    static List<Step> run(Emulator e, Path dir, List<String> key, String startup, List<List<String>> tools)
            throws Exception {
        List<String> extra = new ArrayList<>(key);
        extra.addAll(List.of("--flags", "not-need-init," + startup));
        int[] port = new int[1];
        Process p = TcpEmulator.start(e, dir, extra, port);
        List<Step> steps = new ArrayList<>();
        try {
            for (List<String> tool : tools) {
                List<String> cmd = new ArrayList<>(tool);
                cmd.addAll(1, List.of("-T", "swtpm:host=127.0.0.1,port=" + port[0]));
                Launchers.Result r = Launchers.run(cmd);
                steps.add(new Step(String.join(" ", tool), r.status(), r.stdout()));
            }
        } finally {
            Launchers.stop(p);
        }
        return steps;
    }

    static List<String> keyOptions(Protection protection, Path tmp) throws Exception {
        switch (protection) {
            case KEY_FILE: {
                Path keyFile = tmp.resolve("state.key");
                Files.write(keyFile, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                    17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
                return List.of("--key", "file=" + keyFile + ",mode=aes-256-cbc,format=binary");
            }
            case PASSPHRASE: {
                Path pwd = tmp.resolve("state.pwd");
                Files.writeString(pwd, "correct horse battery staple");
                return List.of("--key", "pwdfile=" + pwd + ",mode=aes-256-cbc");
            }
            default:
                return List.of();
        }
    }

    /** The state files only (not the lock, socket or logs). */
    static void copyStateDir(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().startsWith("tpm2-")) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
    }

    /** SHA-256(32 zero bytes || digest), upper-case hex as tpm2_pcrread prints it. */
    static String extendedFromZero(String digestHex) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(new byte[32]);
        md.update(HexFormat.of().parseHex(digestHex));
        return HexFormat.of().withUpperCase().formatHex(md.digest());
    }
}
