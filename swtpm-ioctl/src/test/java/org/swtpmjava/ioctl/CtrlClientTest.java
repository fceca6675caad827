package org.swtpmjava.ioctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Conversations a real swtpm does not produce, against {@link FakeCtrlServer}. */
class CtrlClientTest {

    @TempDir
    Path dir;

    private ToolRun.Outcome run(int replyTimeoutMillis, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SwtpmIoctl.run(SwtpmIoctl.DEFAULT_PROGRAM, args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]), false, replyTimeoutMillis);
        return new ToolRun.Outcome(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), status);
    }

    @Test
    void aSilentServerTimesOutLikePoll() throws Exception {
        try (FakeCtrlServer server = new FakeCtrlServer((in, out) -> {
            in.readInt();
            in.read(); // wait until the client gives up and closes
        })) {
            ToolRun.Outcome outcome = run(200, "-c", "--tcp", server.tcpOption());

            assertThat(outcome).isEqualTo(new ToolRun.Outcome("",
                    "Could not execute PTM_GET_CAPABILITY: Connection timed out\n", 1));
        }
    }

    @Test
    void aServerThatHangsUpBeforeAnsweringIsAnError() throws Exception {
        try (FakeCtrlServer server = new FakeCtrlServer((in, out) -> in.readNBytes(8))) {
            ToolRun.Outcome outcome = run(5000, "-i", "--tcp", server.tcpOption());

            assertThat(outcome.status()).isEqualTo(1);
            assertThat(outcome.stderr()).startsWith("Could not execute PTM_INIT: ").endsWith("\n");
            assertThat(server.received()).containsExactly(0, 0, 0, 2, 0, 0, 0, 1);
        }
    }

    @Test
    void loadSendsTheHeaderThenTheFileThenReadsTheResult() throws Exception {
        byte[] blob = new byte[5000];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) i;
        }
        Path file = Files.write(dir.resolve("blob"), blob);
        try (FakeCtrlServer server = new FakeCtrlServer((in, out) -> {
            in.readNBytes(16 + 5000);
            out.write(new byte[] {0, 0, 0, 0});
        })) {
            ToolRun.Outcome outcome = run(5000, "--load", "volatile", file.toString(), "--tcp", server.tcpOption());

            assertThat(outcome).isEqualTo(new ToolRun.Outcome("", "", 0));
            byte[] sent = server.received();
            // SET_STATEBLOB, flags 0, type 2 (volatile), length 5000
            assertThat(sent).hasSize(16 + 5000)
                    .startsWith(0, 0, 0, 0x0d, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0x13, (byte) 0x88);
            assertThat(Arrays.copyOfRange(sent, 16, sent.length)).isEqualTo(blob);
        }
    }

    @Test
    void loadReportsAResultThatIsCutShort() throws Exception {
        Path file = Files.write(dir.resolve("blob"), new byte[] {1, 2, 3});
        try (FakeCtrlServer server = new FakeCtrlServer((in, out) -> {
            in.readNBytes(16 + 3);
            out.write(new byte[] {0, 0});
        })) {
            ToolRun.Outcome outcome = run(5000, "--load", "permanent", file.toString(), "--tcp", server.tcpOption());

            assertThat(outcome).isEqualTo(new ToolRun.Outcome("",
                    "Did not get enough response bytes from PTM_SET_STATE_BLOB: 2\n", 1));
        }
    }

    @Test
    void infoLongerThanOneResponseIsFetchedSliceBySlice() throws Exception {
        String json = "{\"k\":\"" + "v".repeat(4000) + "\"}";
        byte[] text = (json + "\0").getBytes(StandardCharsets.US_ASCII);
        try (FakeCtrlServer server = new FakeCtrlServer((in, out) -> {
            for (int offset = 0; offset < text.length; offset += 3072) {
                in.readNBytes(4 + 16);
                int length = Math.min(3072, text.length - offset);
                DataOutputStream reply = new DataOutputStream(out);
                reply.writeInt(0);
                reply.writeInt(text.length);
                reply.writeInt(length);
                reply.write(text, offset, length);
            }
        })) {
            ToolRun.Outcome outcome = run(5000, "--info", "0x20", "--tcp", server.tcpOption());

            assertThat(outcome).isEqualTo(new ToolRun.Outcome(json + "\n", "", 0));
            byte[] sent = server.received();
            // two GET_INFO requests, flags 0x20, offsets 0 and 3072
            assertThat(sent).hasSize(40);
            assertThat(Arrays.copyOfRange(sent, 20, 36))
                    .containsExactly(0, 0, 0, 0x12, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0x0c, 0);
        }
    }

    @Test
    void lockStorageAlwaysSendsZeroRetriesAndShowsTheResultAsSwtpmHeadDoes() throws Exception {
        try (FakeCtrlServer server = new FakeCtrlServer((in, out) -> {
            in.readNBytes(8);
            out.write(new byte[] {0, 0, 0, 9});
        })) {
            ToolRun.Outcome outcome = run(5000, "--lock-storage", "300", "--tcp", server.tcpOption());

            assertThat(outcome).isEqualTo(new ToolRun.Outcome("", "TPM result from PTM_LOCK_STORAGE: 0x9000000\n", 1));
            assertThat(server.received()).containsExactly(0, 0, 0, 0x13, 0, 0, 0, 0);
        }
    }

    /**
     * Each command's request bytes, as swtpm_ioctl sends them (1 payload byte for localities).
     * A conversation is "request > reply" pairs separated by ';', in hex.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "-l 3|00000005 03 > 00000000",
            "-r 4|0000000b 04 > 00000000",
            "-i|00000002 00000001 > 00000000",
            "-b 3000|00000011 00000bb8 > 00000000 00000bb8 00000af8 00001000",
            "--info 5|00000012 0000000000000005 00000000 00000000 > 00000000 00000003 00000003 7b7d00",
            "--save volatile /dev/null|0000000c 00000001 00000002 00000000 > 00000000 00000000 00000000 00000000",
            "-h ab|00000006 > 00000000; 00000007 00000002 6162 > 00000000; 00000008 > 00000000"})
    void requestsOnTheWire(String commandLine, String conversation) throws Exception {
        List<byte[][]> exchanges = new ArrayList<>();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (String exchange : conversation.split(";")) {
            String[] parts = exchange.split(">");
            exchanges.add(new byte[][] {hex(parts[0]), hex(parts[1])});
            expected.writeBytes(hex(parts[0]));
        }
        try (FakeCtrlServer server = new FakeCtrlServer((in, out) -> {
            for (byte[][] exchange : exchanges) {
                in.readNBytes(exchange[0].length);
                out.write(exchange[1]);
            }
        })) {
            List<String> args = new ArrayList<>(List.of(commandLine.split(" ")));
            args.addAll(List.of("--tcp", server.tcpOption()));

            assertThat(run(5000, args.toArray(new String[0])).status()).isZero();

            assertThat(server.received()).isEqualTo(expected.toByteArray());
        }
    }

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", "").trim());
    }

    @Test
    void aDeviceThatOpensIsRefusedBecauseCuseNeedsIoctl() {
        ToolRun.Outcome outcome = run(5000, "-c", "/dev/null");

        assertThat(outcome.status()).isEqualTo(1);
        assertThat(outcome.stderr()).contains("'/dev/null'").contains("CUSE");
    }
}
