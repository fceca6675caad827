package org.swtpmjava.store.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** State directories written by the C swtpm. */
public final class CState {
    private CState() {
    }

    /**
     * Creates a TPM 2 state in {@code stateDir} with the C swtpm: started with
     * {@code --flags not-need-init,startup-clear} and {@code extraArgs} (e.g. {@code --key …}),
     * then {@code swtpm_ioctl -v} (store volatile) and {@code -s}. Leaves permall and volatilestate.
     */
    public static void create(Path stateDir, Path workDir, String... extraArgs) throws IOException, InterruptedException {
        Files.createDirectories(stateDir);
        List<String> args = new ArrayList<>(List.of("--flags", "not-need-init,startup-clear"));
        args.addAll(List.of(extraArgs));
        try (CSwtpm swtpm = CSwtpm.start(stateDir, workDir, args.toArray(String[]::new))) {
            swtpm.ioctlOk("-v");
            swtpm.shutdown();
        }
    }

    /** Writes {@code content} to a new file in {@code workDir} and returns its path. */
    public static Path file(Path workDir, String name, byte[] content) throws IOException {
        return Files.write(workDir.resolve("file-" + name), content);
    }
}
