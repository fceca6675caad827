package org.swtpmjava.swtpm;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;

/**
 * The training run for the class-data-sharing archive the build makes
 * ({@code -XX:ArchiveClassesAtExit}): a daemon in a temporary directory driven the way QEMU
 * drives it (SET_DATAFD, INIT, TPM commands, state blobs, SHUTDOWN), so every class on the
 * path to the first replies is in the archive and the launcher starts faster.
 */
public final class CdsTraining {

    private static final HexFormat HEX = HexFormat.of();

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        // A training run that hangs must not hang the build.
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(60_000);
                System.err.println("CDS training run did not finish in 60 s");
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException e) {
                // finished in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            train();
        } catch (Exception | Error e) {
            // The daemon thread would keep the JVM alive until the watchdog fires.
            e.printStackTrace();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void train() throws Exception {
        Path dir = Files.createTempDirectory("swtpm-java-cds");
        Path sock = dir.resolve("ctrl.sock");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Thread daemon = new Thread(() -> Main.run(new String[] {"socket", "--tpm2", "--tpmstate", "dir=" + dir,
            "--ctrl", "type=unixio,path=" + sock, "--log", "file=" + dir.resolve("log") + ",level=20"},
                Map.of(), quiet, quiet));
        daemon.start();
        try (AFUNIXSocket ctrl = connectWhenListening(sock);
             AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open()) {
            ctrl.setSoTimeout(10_000);
            ctrl.setOutboundFileDescriptors(pair.getSocket2().getFileDescriptor());
            ctrl(ctrl, "00000010", 4);
            ctrl(ctrl, "00000001", 8);
            ctrl(ctrl, "00000011 00000000", 16);
            ctrl(ctrl, "00000002 00000000", 4);
            ctrl(ctrl, "00000005 00000000", 4);
            AFUNIXSocketChannel data = pair.getSocket1();
            tpm(data, "80010000000c000001440000");
            tpm(data, "80010000000c0000017b0010");
            tpm(data, "8001000000160000017a00000006000001000000007f");
            ctrl(ctrl, "0000000a", 4);
            ctrl(ctrl, "00000004", 8);
            ctrl(ctrl, "00000003", 4);
        }
        daemon.join();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The socket file appears at bind(), a moment before listen(): until then a connect is
     * refused, so it is retried (the watchdog bounds the wait).
     */
    private static AFUNIXSocket connectWhenListening(Path sock) throws IOException, InterruptedException {
        AFUNIXSocketAddress address = AFUNIXSocketAddress.of(new File(sock.toString()));
        while (true) {
            AFUNIXSocket s = AFUNIXSocket.newInstance();
            try {
                s.connect(address);
                return s;
            } catch (IOException notYet) {
                s.close();
                Thread.sleep(5);
            }
        }
    }

    private static void ctrl(AFUNIXSocket s, String hex, int replyLength) throws IOException {
        s.getOutputStream().write(HEX.parseHex(hex.replace(" ", "")));
        InputStream in = s.getInputStream();
        in.readNBytes(replyLength);
    }

    private static void tpm(AFUNIXSocketChannel c, String hex) throws IOException {
        c.write(ByteBuffer.wrap(HEX.parseHex(hex)));
        ByteBuffer header = ByteBuffer.allocate(10);
        while (header.hasRemaining() && c.read(header) >= 0) {
            // read the header
        }
        ByteBuffer rest = ByteBuffer.allocate(Math.max(0, header.getInt(2) - 10));
        while (rest.hasRemaining() && c.read(rest) >= 0) {
            // read the body
        }
    }
}
