package org.swtpmjava.swtpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tpmstate backend-uri=file://<path>} (swtpm-protocol.md §5.4) against the C swtpm: a
 * linear file written by one implementation opens in the other with its permanent state (a changed
 * owner auth), both lay out the same header after the same sequence, and {@code --print-states}
 * prints the same for the same file.
 *
 * <p>The engine writes libtpms' permall byte-compatibly, but its volatile state is its own format,
 * so the cross-loading runs store no volatile state and the layout comparison looks at the
 * volatilestate slot's presence and section class only.
 */
class LinearBackendDifferentialTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String CMD_INIT = "00000002 00000000";
    private static final String CMD_SHUTDOWN = "00000003";
    private static final String CMD_STORE_VOLATILE = "0000000a";
    private static final String STARTUP_CLEAR = "80010000000c000001440000";
    private static final int TPM_RH_OWNER = 0x40000001;
    private static final int TPM_RC_SUCCESS = 0;
    /** TPM_RC_BAD_AUTH for session 1. */
    private static final int TPM_RC_BAD_AUTH_SESSION_1 = 0x9a2;
    private static final int HEADER_SIZE = 192;

    @Test
    void aFileWrittenByTheCSwtpmOpensInSwtpmJavaAndBack(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("state.lin");
        run(Emulator.Kind.C, tmp.resolve("c1"), file, tpm -> {
            assertThat(tpm.changeOwnerAuth("", "secret")).isEqualTo(TPM_RC_SUCCESS);
        });
        run(Emulator.Kind.JAVA, tmp.resolve("java"), file, tpm -> {
            assertThat(tpm.changeOwnerAuth("", "x")).isEqualTo(TPM_RC_BAD_AUTH_SESSION_1);
            assertThat(tpm.changeOwnerAuth("secret", "other")).isEqualTo(TPM_RC_SUCCESS);
        });
        run(Emulator.Kind.C, tmp.resolve("c2"), file, tpm -> {
            assertThat(tpm.changeOwnerAuth("secret", "x")).isEqualTo(TPM_RC_BAD_AUTH_SESSION_1);
            assertThat(tpm.changeOwnerAuth("other", "other")).isEqualTo(TPM_RC_SUCCESS);
        });
    }

    @Test
    void aFileWrittenBySwtpmJavaOpensInTheCSwtpm(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("state.lin");
        run(Emulator.Kind.JAVA, tmp.resolve("java"), file, tpm -> {
            assertThat(tpm.changeOwnerAuth("", "secret")).isEqualTo(TPM_RC_SUCCESS);
        });
        run(Emulator.Kind.C, tmp.resolve("c"), file, tpm -> {
            assertThat(tpm.changeOwnerAuth("", "x")).isEqualTo(TPM_RC_BAD_AUTH_SESSION_1);
            assertThat(tpm.changeOwnerAuth("secret", "secret")).isEqualTo(TPM_RC_SUCCESS);
        });
    }

    @Test
    void anEncryptedFileMovesBetweenBothImplementations(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("state.lin");
        Path key = tmp.resolve("key");
        Files.writeString(key, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n");
        List<String> keyOption = List.of("--key", "file=" + key + ",mode=aes-256-cbc");
        run(Emulator.Kind.C, tmp.resolve("c1"), file, keyOption, tpm -> {
            assertThat(tpm.changeOwnerAuth("", "secret")).isEqualTo(TPM_RC_SUCCESS);
        });
        run(Emulator.Kind.JAVA, tmp.resolve("java"), file, keyOption, tpm -> {
            assertThat(tpm.changeOwnerAuth("secret", "other")).isEqualTo(TPM_RC_SUCCESS);
        });
        assertThat(Files.readAllBytes(file)[HEADER_SIZE + 5]).as("header flags of the permall slot")
                .isEqualTo((byte) 0x09); // ENCRYPTED | ENCRYPTED_256BIT_KEY
        run(Emulator.Kind.C, tmp.resolve("c2"), file, keyOption, tpm -> {
            assertThat(tpm.changeOwnerAuth("other", "other")).isEqualTo(TPM_RC_SUCCESS);
        });
    }

    @Test
    void bothLayOutTheSameHeaderAfterTheSameSequence(@TempDir Path tmp) throws Exception {
        Path cFile = tmp.resolve("c.lin");
        Path javaFile = tmp.resolve("java.lin");
        Session sequence = tpm -> {
            assertThat(tpm.changeOwnerAuth("", "secret")).isEqualTo(TPM_RC_SUCCESS);
            assertThat(tpm.ctrl(CMD_STORE_VOLATILE)).isEqualTo("00000000");
        };
        run(Emulator.Kind.C, tmp.resolve("c"), cFile, List.of(), sequence);
        // swtpm 0.8+ (and swtpm-java) send TPM2_Shutdown at CMD_SHUTDOWN, which rewrites permall;
        // the 0.7.1 oracle does not, so the same sequence needs the automatic shutdown off.
        run(Emulator.Kind.JAVA, tmp.resolve("java"), javaFile, List.of("--flags", "disable-auto-shutdown"), sequence);
        byte[] c = Files.readAllBytes(cFile);
        byte[] java = Files.readAllBytes(javaFile);
        Slot cPermall = Slot.of(c, 0);
        Slot cVolatile = Slot.of(c, 1);
        assertThat(cPermall.offset()).isEqualTo(HEADER_SIZE);
        assertThat(cVolatile.offset()).isNotZero();
        // Same magic, version, hdrsize, permall slot and every slot after volatilestate's.
        assertThat(Arrays.copyOfRange(java, 0, 12 + 12)).isEqualTo(Arrays.copyOfRange(c, 0, 12 + 12));
        assertThat(Arrays.copyOfRange(java, 36, HEADER_SIZE)).isEqualTo(Arrays.copyOfRange(c, 36, HEADER_SIZE));
        // volatilestate: the engine's own format, so only presence, place and size class
        Slot javaVolatile = Slot.of(java, 1);
        assertThat(javaVolatile.offset()).isEqualTo(cVolatile.offset());
        assertThat(javaVolatile.dataLength()).isNotZero();
        assertThat(javaVolatile.sectionLength()).isEqualTo(Long.highestOneBit(javaVolatile.dataLength() - 1) << 1);
        assertThat((long) java.length).isEqualTo(javaVolatile.offset() + javaVolatile.sectionLength());
        assertThat((long) c.length).isEqualTo(cVolatile.offset() + cVolatile.sectionLength());
        if (javaVolatile.sectionLength() == cVolatile.sectionLength()) {
            assertThat(java).hasSameSizeAs(c);
        }
    }

    @Test
    void printStatesPrintsTheSameForTheSameFile(@TempDir Path tmp) throws Exception {
        Path written = tmp.resolve("written.lin");
        run(Emulator.Kind.C, tmp.resolve("c"), written, tpm -> {
            assertThat(tpm.ctrl(CMD_STORE_VOLATILE)).isEqualTo("00000000");
        });
        for (String name : List.of("written", "new")) {
            List<CommandLineDifferentialTest.Outcome> outcomes = new ArrayList<>();
            for (Emulator.Kind kind : Emulator.Kind.values()) {
                Path file = tmp.resolve(kind + "-" + name + ".lin");
                if (name.equals("written")) {
                    Files.copy(written, file);
                }
                outcomes.add(CommandLineDifferentialTest.run(kind,
                        List.of("--tpm2", "--tpmstate", "backend-uri=file://" + file, "--print-states"),
                        tmp.resolve(kind + "-" + name)));
                assertThat(file).hasSize(name.equals("new") ? HEADER_SIZE : Files.size(written));
            }
            CommandLineDifferentialTest.Outcome c = outcomes.get(0);
            CommandLineDifferentialTest.Outcome java = outcomes.get(1);
            assertThat(java.status()).isEqualTo(c.status()).isZero();
            assertThat(java.stdout()).isEqualTo(c.stdout());
            assertThat(java.firstErrorLine()).isEqualTo(c.firstErrorLine().replace("C-new", "JAVA-new"));
        }
        assertThat(Files.readString(tmp.resolve("C-written/out"))).contains("\"volatilestate\"");
    }

    /** swtpm 0.10+ only ({@code lock} is unknown to the 0.7.1 oracle), so swtpm-java against itself. */
    @Test
    void withLockASecondInstanceCannotStartOnTheSameFile(@TempDir Path tmp) throws Exception {
        String uri = "backend-uri=file://" + tmp.resolve("state.lin");
        try (Emulator first = Emulator.start(Emulator.Kind.JAVA, tmp.resolve("a"), List.of("--tpmstate", uri + ",lock"));
             RawCtrlClient firstCtrl = new RawCtrlClient(first.ctrlSocket())) {
            assertThat(firstCtrl.exchange(CMD_INIT)).isEqualTo("00000000");
            try (Emulator second = Emulator.start(Emulator.Kind.JAVA, tmp.resolve("b"),
                    List.of("--tpmstate", uri + ",lock"));
                 RawCtrlClient secondCtrl = new RawCtrlClient(second.ctrlSocket())) {
                assertThat(secondCtrl.exchange(CMD_INIT)).isEqualTo("00000009");
                assertThat(secondCtrl.exchange(CMD_SHUTDOWN)).isEqualTo("00000000");
                assertThat(second.awaitExit(20)).isZero();
                assertThat(Files.readString(tmp.resolve("b/stderr.txt"))).contains(
                        "SWTPM_NVRAM_LinearFile_Lock: Could not lock backend-uri file://" + tmp.resolve("state.lin")
                                + ": Resource temporarily unavailable");
            }
            // without lock (the default for file://) nothing is locked, as in swtpm
            try (Emulator third = Emulator.start(Emulator.Kind.JAVA, tmp.resolve("c"), List.of("--tpmstate", uri));
                 RawCtrlClient thirdCtrl = new RawCtrlClient(third.ctrlSocket())) {
                assertThat(thirdCtrl.exchange(CMD_INIT)).isEqualTo("00000000");
                assertThat(thirdCtrl.exchange(CMD_SHUTDOWN)).isEqualTo("00000000");
                assertThat(third.awaitExit(20)).isZero();
            }
            assertThat(firstCtrl.exchange(CMD_SHUTDOWN)).isEqualTo("00000000");
            assertThat(first.awaitExit(20)).isZero();
        }
    }

    /** What a test does with a started TPM between CMD_INIT + Startup and CMD_SHUTDOWN. */
    interface Session {
        void run(Tpm tpm) throws Exception;
    }

    /** Starts {@code kind} on the linear file, CMD_INIT, TPM2_Startup(CLEAR), the session, CMD_SHUTDOWN. */
    private static void run(Emulator.Kind kind, Path dir, Path file, Session session) throws Exception {
        run(kind, dir, file, List.of(), session);
    }

    private static void run(Emulator.Kind kind, Path dir, Path file, List<String> options, Session session)
            throws Exception {
        Files.createDirectories(dir);
        Path data = dir.resolve("data.sock");
        List<String> extra = new ArrayList<>(List.of("--tpmstate", "backend-uri=file://" + file,
                "--server", "type=unixio,path=" + data));
        extra.addAll(options);
        try (Emulator e = Emulator.start(kind, dir, extra);
             RawCtrlClient ctrl = new RawCtrlClient(e.ctrlSocket());
             SocketChannel channel = connect(data)) {
            Tpm tpm = new Tpm(ctrl, channel);
            assertThat(tpm.ctrl(CMD_INIT)).as(kind + " CMD_INIT; " + Files.readString(dir.resolve("stderr.txt")))
                    .isEqualTo("00000000");
            assertThat(tpm.command(STARTUP_CLEAR)).isEqualTo(TPM_RC_SUCCESS);
            session.run(tpm);
            assertThat(tpm.ctrl(CMD_SHUTDOWN)).isEqualTo("00000000");
            assertThat(e.awaitExit(20)).isZero();
        }
    }

    /** The control and data channel of a running emulator. */
    record Tpm(RawCtrlClient ctrlClient, SocketChannel data) {

        String ctrl(String hex) throws IOException {
            return ctrlClient.exchange(hex);
        }

        /** Sends a TPM command and returns the response code. */
        int command(String hex) throws IOException {
            String response = DataChannelDifferentialTest.exchange(data, hex);
            return Integer.parseUnsignedInt(response.substring(12, 20), 16);
        }

        /** TPM2_HierarchyChangeAuth(TPM_RH_OWNER) authorised by a password session with {@code auth}. */
        int changeOwnerAuth(String auth, String newAuth) throws IOException {
            byte[] a = auth.getBytes(StandardCharsets.US_ASCII);
            byte[] n = newAuth.getBytes(StandardCharsets.US_ASCII);
            int authAreaSize = 4 + 2 + 1 + 2 + a.length;
            int size = 10 + 4 + 4 + authAreaSize + 2 + n.length;
            ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
            b.putShort((short) 0x8002).putInt(size).putInt(0x129).putInt(TPM_RH_OWNER);
            b.putInt(authAreaSize).putInt(0x40000009).putShort((short) 0).put((byte) 0)
                    .putShort((short) a.length).put(a);
            b.putShort((short) n.length).put(n);
            return command(HEX.formatHex(b.array()));
        }
    }

    /** One header slot: u32 offset, data_length, section_length, little-endian. */
    record Slot(long offset, long dataLength, long sectionLength) {
        static Slot of(byte[] file, int index) {
            ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            int at = 12 + 12 * index;
            return new Slot(Integer.toUnsignedLong(b.getInt(at)), Integer.toUnsignedLong(b.getInt(at + 4)),
                    Integer.toUnsignedLong(b.getInt(at + 8)));
        }
    }

    private static SocketChannel connect(Path data) throws IOException, InterruptedException {
        for (int i = 0; ; i++) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(data));
                return ch;
            } catch (IOException e) {
                ch.close();
                if (i > 500) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }
}
