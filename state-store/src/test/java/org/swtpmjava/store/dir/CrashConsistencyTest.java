package org.swtpmjava.store.dir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
            Process writer = ChildJvm.start(CrashWriterMain.class, dir.toString());
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("writing");
                Thread.sleep(random.nextInt(60));
            } finally {
                writer.destroyForcibly();
                assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            byte[] loaded = reader.load(StateKind.PERMANENT).orElseThrow();
            assertThat(loaded).satisfiesAnyOf(c -> assertThat(c).isEqualTo(first), c -> assertThat(c).isEqualTo(second));
        }
    }
}
