package org.swtpmjava.store.dir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.oracle.ChildJvm;

/**
 * A process killed with SIGKILL in the middle of rewriting permall leaves the old or the new
 * complete file, never a torn one (§5.1.2). (This covers process crashes; power loss is what the
 * fsyncs are for and cannot be simulated here.)
 */
class CrashConsistencyTest {
    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void killedWriterAlwaysLeavesOneCompleteContent() throws Exception {
        Random random = new Random();
        byte[] first = CrashWriterMain.content(0);
        byte[] second = CrashWriterMain.content(1);
        DirStateStore reader = new DirStateStore(dir, DirStoreOptions.forTpm2().withFileKey(CrashWriterMain.KEY));
        for (int kill = 0; kill < KILLS; kill++) {
            ChildJvm.killWhileWriting(CrashWriterMain.class, random, 60, dir.toString());
            byte[] loaded = reader.load(StateKind.PERMANENT).orElseThrow();
            assertThat(loaded).satisfiesAnyOf(c -> assertThat(c).isEqualTo(first), c -> assertThat(c).isEqualTo(second));
        }
    }
}
