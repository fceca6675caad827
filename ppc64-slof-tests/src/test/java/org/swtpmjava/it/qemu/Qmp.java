package org.swtpmjava.it.qemu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A minimal QEMU Machine Protocol client on a unix socket: one JSON object a line. Enough to
 * send argument-less commands such as {@code system_reset}; events that arrive before a
 * command's answer are skipped.
 */
final class Qmp implements AutoCloseable {

    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    /** QEMU arguments for a QMP server on {@code socket} that does not wait for us to connect. */
    static List<String> qemuArgs(Path socket) {
        return List.of("-qmp", "unix:" + socket + ",server=on,wait=off");
    }

    private Qmp(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
    }

    /** Connects (QEMU creates the socket shortly after its start) and leaves capabilities negotiation. */
    static Qmp connect(Path socket) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("QEMU did not create " + socket);
            }
            Thread.sleep(20);
        }
        SocketChannel ch;
        while (true) {
            // The file appears at bind(), a moment before listen(): until then a connect is refused.
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                break;
            } catch (ConnectException notYet) {
                ch.close();
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(20);
            }
        }
        Qmp qmp = new Qmp(ch);
        String greeting = qmp.in.readLine();
        if (greeting == null || !greeting.contains("\"QMP\"")) {
            qmp.close();
            throw new IOException("no QMP greeting: " + greeting);
        }
        qmp.execute("qmp_capabilities");
        return qmp;
    }

    /** Sends {@code {"execute": command}} and returns QEMU's answer line; fails on an error answer. */
    String execute(String command) throws IOException {
        return execute(command, null);
    }

    /** As {@link #execute(String)} with {@code "arguments": argumentsJson} (an object, or null for none). */
    String execute(String command, String argumentsJson) throws IOException {
        String arguments = argumentsJson == null ? "" : ", \"arguments\": " + argumentsJson;
        out.write(("{\"execute\": \"" + command + "\"" + arguments + "}\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.contains("\"return\"")) {
                return line;
            }
            if (line.contains("\"error\"")) {
                throw new IOException(command + ": " + line);
            }
        }
        throw new IOException("QMP closed before answering " + command);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
