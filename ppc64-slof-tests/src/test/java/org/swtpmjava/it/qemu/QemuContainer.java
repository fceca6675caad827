package org.swtpmjava.it.qemu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.github.dockerjava.api.exception.NotModifiedException;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * QEMU of another Debian release in a container, its TPM on an emulator running on this host:
 * the emulator's state directory (with the control socket) and the guest files are bind-mounted
 * at the same paths, so QEMU's command line is the host's but for the console. The data channel's file descriptor
 * crosses into the container with SCM_RIGHTS like on the host.
 */
final class QemuContainer implements RunningQemu {

    private final GenericContainer<?> container;
    private final Console console;
    private final Thread tail;

    private QemuContainer(GenericContainer<?> container, Console console, Thread tail) {
        this.container = container;
        this.console = console;
        this.tail = tail;
    }

    /**
     * Starts {@code m}'s QEMU from {@code image} as the container's only process; {@code mounts}
     * are the host directories the arguments name (bound at the same path). The guest console
     * goes to a file in the bind-mounted state directory instead of stdout: Docker's log driver
     * holds back a line until its newline, and SLOF's prompt "0 > " never gets one.
     */
    @SuppressWarnings("resource") // closed in close()
    static QemuContainer start(String image, QemuLauncher.Machine m, Path ctrlSock, List<String> extra,
            List<Path> mounts) {
        Path consoleFile = ctrlSock.resolveSibling("qemu-console.txt");
        List<String> cmd = new ArrayList<>();
        cmd.add(m.binary);
        for (String arg : QemuLauncher.arguments(m, ctrlSock, extra)) {
            cmd.add(arg.equals("stdio") ? "file:" + consoleFile : arg);
        }
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withCommand(cmd.toArray(String[]::new))
                .withNetworkMode("none")
                .withFileSystemBind(ctrlSock.getParent().toString(), ctrlSock.getParent().toString(),
                        BindMode.READ_WRITE);
        for (Path p : mounts) {
            c.withFileSystemBind(p.toString(), p.toString(), BindMode.READ_ONLY);
        }
        Console console = new Console();
        c.start();
        Thread tail = new Thread(() -> tail(consoleFile, c, console), "qemu-container-console");
        tail.setDaemon(true);
        tail.start();
        return new QemuContainer(c, console, tail);
    }

    /** Copies what QEMU appends to {@code file} to {@code console} until the container has ended. */
    private static void tail(Path file, GenericContainer<?> c, Console console) {
        long offset = 0;
        try {
            boolean running = true;
            while (running) {
                running = c.getContainerId() != null && c.isRunning();
                if (Files.exists(file)) {
                    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
                        ch.position(offset);
                        ByteBuffer buf = ByteBuffer.allocate(8192);
                        int n;
                        while ((n = ch.read(buf)) > 0) {
                            console.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
                            offset += n;
                            buf.clear();
                        }
                    }
                }
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            console.append("\n[console tail ended: " + e + "]\n");
        } finally {
            console.ended();
        }
    }

    @Override
    public long awaitConsole(Pattern regex, long timeoutSeconds) throws InterruptedException {
        // The tail thread ends after its last read once the container has stopped.
        return console.await(regex, timeoutSeconds, tail::isAlive);
    }

    @Override
    public String console() {
        return console.text();
    }

    @Override
    public boolean awaitEnd(long timeoutSeconds) throws InterruptedException {
        tail.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
        return !tail.isAlive();
    }

    /** docker stop: SIGTERM to QEMU (PID 1, it handles the signal), SIGKILL after 15 s; then removed. */
    @Override
    public void close() {
        if (container.getContainerId() != null && container.isRunning()) {
            try {
                container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(15).exec();
            } catch (NotModifiedException alreadyStopped) {
                // QEMU ended by itself between the two calls
            }
        }
        container.stop();
    }
}
