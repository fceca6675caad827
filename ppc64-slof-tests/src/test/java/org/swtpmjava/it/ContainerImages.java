package org.swtpmjava.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;

/**
 * The locally built images of other Debian releases (scripts/build-images.sh): no image registry
 * is reachable, so they are built here from a debootstrap, once per machine.
 */
public final class ContainerImages {

    private static final Set<String> BUILT = new HashSet<>();

    private ContainerImages() {
    }

    /**
     * The image name for {@code target} ("qemu:bookworm", "swtpm:sid"), built first when missing
     * (about a minute). Without a Docker engine the calling test is skipped, with the reason
     * (scripts/start-docker.sh starts one).
     */
    public static synchronized String ensure(String target) throws IOException, InterruptedException {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine answers (apt-get install docker.io; scripts/start-docker.sh starts dockerd):"
                        + " the container tests are skipped, the host tests still run");
        String image = "swtpm-java/" + target;
        if (BUILT.contains(target)) {
            return image;
        }
        Path script = Launchers.root().resolve("scripts/build-images.sh");
        Path log = Files.createTempFile("build-images", ".log");
        Process p = new ProcessBuilder(script.toString(), target).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(script + " " + target + " failed (it needs root, debootstrap and"
                    + " a Debian mirror):\n" + Files.readString(log));
        }
        System.out.print(Files.readString(log));
        Files.delete(log);
        BUILT.add(target);
        return image;
    }
}
