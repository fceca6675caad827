package org.swtpmjava.tpm.differential;

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
    private RandBytesPreload() {
    }

    /** The built library in {@code dir}, or null when there is no C compiler. */
    static Path build(Path dir) throws IOException, InterruptedException {
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
