package org.swtpmjava.tpm.differential;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Builds the LD_PRELOAD stub for OpenSSL's RAND_bytes (src/test/resources/native/fixed_rand_bytes.c)
 * that gives the C swtpm the {@link org.swtpmjava.tpm.FixedEntropy} stream.
 */
final class RandBytesPreload {
    private static Path shared;
    private static boolean built;

    private RandBytesPreload() {
    }

    /**
     * The library, compiled once per test JVM into a temporary directory removed at exit; the
     * calling test is skipped (an assumption) when there is no C compiler.
     */
    static synchronized Path shared() throws IOException, InterruptedException {
        if (!built) {
            built = true;
            Path dir = Files.createTempDirectory("rand-bytes-preload");
            dir.toFile().deleteOnExit();
            dir.resolve("fixed_rand_bytes.c").toFile().deleteOnExit();
            dir.resolve("fixed_rand_bytes.so").toFile().deleteOnExit();
            shared = build(dir);
        }
        assumeTrue(shared != null, "no C compiler (cc) to build the RAND_bytes preload library");
        return shared;
    }

    /** The built library in {@code dir}, or null when there is no C compiler. */
    private static Path build(Path dir) throws IOException, InterruptedException {
        Path source = dir.resolve("fixed_rand_bytes.c");
        try (InputStream in = RandBytesPreload.class.getResourceAsStream("/native/fixed_rand_bytes.c")) {
            Files.copy(in, source);
        }
        Path library = dir.resolve("fixed_rand_bytes.so");
        Process compiler;
        try {
            compiler = new ProcessBuilder("cc", "-shared", "-fPIC", "-o", library.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        boolean built = compiler.waitFor(60, TimeUnit.SECONDS) && compiler.exitValue() == 0;
        return built ? library : null;
    }
}
