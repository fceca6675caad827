package org.swtpmjava.swtpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;

/**
 * QEMU's way in: a socketpair end passed with SCM_RIGHTS on CMD_SET_DATAFD, then TPM commands
 * on the other end (swtpm-protocol.md §2.4.14, §4.1). Run against both implementations.
 */
class DataFdTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @EnumSource(Emulator.Kind.class)
    void tpmOverAPassedSocketpair(Emulator.Kind kind, @TempDir Path tmp) throws Exception {
        try (Emulator e = Emulator.start(kind, tmp, List.of());
             RawCtrlClient ctrl = new RawCtrlClient(e.ctrlSocket());
             AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open()) {
            AFUNIXSocketChannel qemuSide = pair.getSocket1();
            AFUNIXSocketChannel passed = pair.getSocket2();
            assertThat(ctrl.exchange(HEX.parseHex("00000010"), passed.getFileDescriptor())).isEqualTo("00000000");
            // QEMU now closes its copy of the passed end; junixsocket's close() would shut the socket down
            // for every copy, so this test keeps its copy open instead.

            // QEMU's version probe before INIT: TPM2_ReadClock gets the fixed failure reply.
            assertThat(tpm(qemuSide, "80010000000a00000181")).isEqualTo("80010000000a00000101");
            // A second data fd while one is set: TPM_IOERROR.
            try (AFUNIXSocketPair<AFUNIXSocketChannel> other = AFUNIXSocketPair.open()) {
                assertThat(ctrl.exchange(HEX.parseHex("00000010"), other.getSocket2().getFileDescriptor()))
                        .isEqualTo("0000001f");
            }
            assertThat(ctrl.exchange("00000002 00000000")).isEqualTo("00000000");
            // Running, before TPM2_Startup: TPM_RC_INITIALIZE.
            assertThat(tpm(qemuSide, "80010000000c0000017b0008")).isEqualTo("80010000000a00000100");
            assertThat(tpm(qemuSide, "80010000000c000001440000")).isEqualTo("80010000000a00000000");
            String random = tpm(qemuSide, "80010000000c0000017b0010");
            assertThat(random).startsWith("80010000001c000000000010").hasSize(2 * 28);

            // The data end hangs up: the slot is free again for a new SET_DATAFD.
            qemuSide.close();
            try (AFUNIXSocketPair<AFUNIXSocketChannel> again = AFUNIXSocketPair.open()) {
                String reply = "";
                for (int i = 0; i < 50 && !reply.equals("00000000"); i++) {
                    Thread.sleep(20);
                    reply = ctrl.exchange(HEX.parseHex("00000010"), again.getSocket2().getFileDescriptor());
                }
                assertThat(reply).isEqualTo("00000000");
                assertThat(tpm(again.getSocket1(), "80010000000c0000017b0008")).startsWith("800100000014");
            }
            assertThat(ctrl.exchange("00000003")).isEqualTo("00000000");
            assertThat(e.awaitExit(10)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Emulator.Kind.class)
    void setDataFdWithoutAnFdIsBadParameter(Emulator.Kind kind, @TempDir Path tmp) throws Exception {
        try (Emulator e = Emulator.start(kind, tmp, List.of());
             RawCtrlClient ctrl = new RawCtrlClient(e.ctrlSocket())) {
            assertThat(ctrl.exchange("00000010")).isEqualTo("00000003");
        }
    }

    /** One command on the data socket, the whole response as hex. */
    static String tpm(AFUNIXSocketChannel channel, String hex) throws IOException {
        channel.configureBlocking(true);
        channel.write(ByteBuffer.wrap(HEX.parseHex(hex)));
        ByteBuffer header = ByteBuffer.allocate(10);
        while (header.hasRemaining()) {
            if (channel.read(header) < 0) {
                throw new IOException("EOF after " + header.position() + " bytes");
            }
        }
        int size = header.getInt(2);
        ByteBuffer rest = ByteBuffer.allocate(size - 10);
        while (rest.hasRemaining()) {
            if (channel.read(rest) < 0) {
                throw new IOException("EOF in the response body");
            }
        }
        return HEX.formatHex(header.array()) + HEX.formatHex(rest.array());
    }
}
