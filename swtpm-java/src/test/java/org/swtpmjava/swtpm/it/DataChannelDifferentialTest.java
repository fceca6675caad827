package org.swtpmjava.swtpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data channel of both implementations over {@code --server type=unixio}: the stopped-TPM
 * reply, the 9-byte TPM_SEND_COMMAND prefix, the in-band SetLocality vendor command and
 * malformed packets must get the same answers (swtpm-protocol.md §3.3–3.5).
 */
class DataChannelDifferentialTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String GET_RANDOM_8 = "80010000000c0000017b0008";

    /** A data-channel step: bytes to send, and whether random response bytes may differ. */
    record Step(String hex, boolean randomBody) {
    }

    static final List<Step> STOPPED = List.of(
            new Step(GET_RANDOM_8, false),
            new Step("00000008 03 0000000c " + GET_RANDOM_8, false),
            new Step("00c10000000a000000f1", false),
            new Step("80010000000b20001000" + "02", false));

    static final List<Step> RUNNING = List.of(
            new Step(GET_RANDOM_8, false),                         // before TPM2_Startup
            new Step("80010000000c000001440000", false),           // Startup(CLEAR)
            new Step("80010000000c000001440000", false),           // again
            new Step(GET_RANDOM_8, true),
            new Step("00000008 03 0000000c " + GET_RANDOM_8, true),
            new Step("80010000000b20001000" + "02", false),        // SetLocality, not allowed
            new Step("80010000000a20001000", false),               // SetLocality, too short
            new Step("00c10000000a000000f1", false),               // a TPM 1.2 command
            new Step("80010000000a00000999", false),               // unknown command code
            new Step("80010000000c0000017b", false),               // size says 12, 10 bytes come
            new Step("8001000000100000017b0008", false),           // size says 16, 12 bytes come
            new Step("80030000000c0000017b0008", false),           // bad tag
            new Step("80010000000c0000017b0100", true),            // more bytes than a digest
            new Step("80010000000c000001450000", false));          // Shutdown(CLEAR)

    static final List<Step> ALLOW_SET_LOCALITY = List.of(
            new Step("80010000000b20001000" + "04", false),
            new Step("80010000000b20001000" + "05", false),
            new Step("80010000000a20001000", false),
            new Step("80010000000b20001000" + "00", false));

    @Test
    void sameAnswersOnTheDataChannel(@TempDir Path tmp) throws Exception {
        compare(run(Emulator.Kind.C, tmp.resolve("c"), List.of()),
                run(Emulator.Kind.JAVA, tmp.resolve("java"), List.of()));
    }

    @Test
    void sameAnswersWithAllowSetLocality(@TempDir Path tmp) throws Exception {
        List<String> extra = List.of("--locality", "allow-set-locality,reject-locality-4");
        compare(run(Emulator.Kind.C, tmp.resolve("c"), extra), run(Emulator.Kind.JAVA, tmp.resolve("java"), extra));
    }

    /**
     * {@code --server ...,disconnect}: the emulator closes the connection after each response, and
     * the next command comes on a new connection, as clients of swtpm's disconnect mode expect.
     */
    @ParameterizedTest
    @EnumSource(Emulator.Kind.class)
    void disconnectClosesTheConnectionAfterEachResponse(Emulator.Kind kind, @TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data.sock");
        try (Emulator e = Emulator.start(kind, tmp, List.of("--server", "type=unixio,path=" + data + ",disconnect",
                "--flags", "not-need-init,startup-clear"))) {
            for (int connection = 0; connection < 2; connection++) {
                try (SocketChannel ch = connect(data)) {
                    assertThat(exchange(ch, "80010000000c0000017b0008")).as(kind + " GetRandom(8)")
                            .startsWith("80010000001400000000");
                    assertThat(closedByPeerWithin(ch, 5000)).as(kind + ": the connection is closed after the response")
                            .isTrue();
                }
            }
        }
    }

    /** True if the peer closes (end of stream or a reset) before the deadline, without sending more. */
    private static boolean closedByPeerWithin(SocketChannel ch, long millis) throws Exception {
        ch.configureBlocking(false);
        long deadline = System.nanoTime() + millis * 1_000_000L;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (System.nanoTime() < deadline) {
            int n;
            try {
                n = ch.read(one);
            } catch (IOException reset) {
                return true;
            }
            if (n < 0) {
                return true;
            }
            if (n > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return false;
    }

    private static void compare(List<Object[]> c, List<Object[]> java) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(java).hasSameSizeAs(c);
        for (int i = 0; i < Math.min(c.size(), java.size()); i++) {
            Step step = (Step) c.get(i)[0];
            String cr = (String) c.get(i)[1];
            String jr = (String) java.get(i)[1];
            if (step.randomBody()) {
                // Random bytes differ; the header (tag, size, code) and the length must not.
                soft.assertThat(jr.length()).as(step.hex()).isEqualTo(cr.length());
                soft.assertThat(jr.substring(0, Math.min(20, jr.length()))).as(step.hex())
                        .isEqualTo(cr.substring(0, Math.min(20, cr.length())));
            } else {
                soft.assertThat(jr).as(step.hex()).isEqualTo(cr);
            }
        }
        soft.assertAll();
    }

    private static List<Object[]> run(Emulator.Kind kind, Path dir, List<String> extra) throws Exception {
        Files.createDirectories(dir);
        Path data = dir.resolve("data.sock");
        List<String> args = new ArrayList<>(List.of("--server", "type=unixio,path=" + data));
        args.addAll(extra);
        List<Object[]> replies = new ArrayList<>();
        try (Emulator e = Emulator.start(kind, dir, args);
             RawCtrlClient ctrl = new RawCtrlClient(e.ctrlSocket());
             SocketChannel ch = connect(data)) {
            for (Step s : STOPPED) {
                replies.add(new Object[] {s, exchange(ch, s.hex())});
            }
            assertThat(ctrl.exchange("00000002 00000000")).isEqualTo("00000000");
            List<Step> running = extra.isEmpty() ? RUNNING : ALLOW_SET_LOCALITY;
            for (Step s : running) {
                replies.add(new Object[] {s, exchange(ch, s.hex())});
            }
            ctrl.exchange("00000003");
        }
        return replies;
    }

    /** Connects to the data socket, which appears a moment after the control socket. */
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

    /** Sends a command and reads one response (prefixed responses carry a length and a trailer). */
    static String exchange(SocketChannel ch, String hex) throws IOException {
        byte[] cmd = HEX.parseHex(hex.replace(" ", ""));
        ch.write(ByteBuffer.wrap(cmd));
        boolean prefixed = cmd.length >= 4 && cmd[0] == 0 && cmd[1] == 0 && cmd[2] == 0 && cmd[3] == 8;
        if (prefixed) {
            ByteBuffer len = read(ch, 4);
            return HEX.formatHex(len.array()) + HEX.formatHex(read(ch, len.getInt(0) + 4).array());
        }
        ByteBuffer header = read(ch, 10);
        return HEX.formatHex(header.array()) + HEX.formatHex(read(ch, header.getInt(2) - 10).array());
    }

    private static ByteBuffer read(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("EOF");
            }
        }
        return b;
    }
}
