package org.swtpmjava.it.qemu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.swtpmjava.it.Launchers;
import org.testcontainers.DockerClientFactory;

/**
 * The locally built images with the QEMU of a Debian release (scripts/build-qemu-images.sh):
 * no image registry is reachable, so they are built here from a debootstrap, once per machine.
 */
final class QemuImages {

    private static final Set<String> BUILT = new HashSet<>();

    private QemuImages() {
    }

    /**
     * The image name for {@code release}, built first when missing (about a minute). Without a
     * Docker engine the calling test is skipped, with the reason (scripts/start-docker.sh starts one).
     */
    static synchronized String ensure(String release) throws IOException, InterruptedException {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine answers (apt-get install docker.io; scripts/start-docker.sh starts dockerd):"
                        + " the QEMU-in-container tests are skipped, the host-QEMU tests still run");
        String image = "swtpm-java/qemu:" + release;
        if (BUILT.contains(release)) {
            return image;
        }
        Path script = Launchers.root().resolve("scripts/build-qemu-images.sh");
        Path log = Files.createTempFile("build-qemu-images", ".log");
        Process p = new ProcessBuilder(script.toString(), release).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(script + " " + release + " failed (it needs root, debootstrap and"
                    + " a Debian mirror):\n" + Files.readString(log));
        }
        System.out.print(Files.readString(log));
        Files.delete(log);
        BUILT.add(release);
        return image;
    }
}
