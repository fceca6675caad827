package org.swtpmjava.store.linear;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.dir.CrashWriterMain;
import org.swtpmjava.store.oracle.ChildJvm;

/**
 * A process killed with SIGKILL while it rewrites permall in a linear file (updates in place,
 * removals that move the volatile section, appends) leaves permall with the old or the new
 * complete content and the volatile object intact. The C swtpm writes in place and can leave a
 * torn object here; this store stages every object it moves (see {@link LinearFileStore}).
 */
class LinearCrashConsistencyTest {
    private static final int KILLS = 25;

    @TempDir
    Path dir;

    @Test
    void killedWriterAlwaysLeavesCompleteObjects() throws Exception {
        Random random = new Random();
        Path file = dir.resolve("state.lin");
        byte[] first = CrashWriterMain.content(0);
        byte[] second = CrashWriterMain.content(1);
        for (int kill = 0; kill < KILLS; kill++) {
            ChildJvm.killWhileWriting(LinearCrashWriterMain.class, random, 80, file.toString());
            try (LinearFileStore reader = LinearCrashWriterMain.open(file)) {
                assertThat(reader.load(StateKind.PERMANENT).orElseThrow()).as("permall after kill %d", kill)
                        .satisfiesAnyOf(c -> assertThat(c).isEqualTo(first), c -> assertThat(c).isEqualTo(second));
                assertThat(reader.load(StateKind.VOLATILE).orElseThrow()).as("volatilestate after kill %d", kill)
                        .isEqualTo(LinearCrashWriterMain.volatileContent());
            }
        }
    }
}
