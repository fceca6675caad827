package org.swtpmjava.store.dir;

import java.nio.file.Path;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.crypto.StateKey;

/** Child-JVM program for the crash test: rewrites permall forever, alternating two contents. */
public final class CrashWriterMain {
    static final StateKey KEY = StateKey.of(new byte[32]);

    private CrashWriterMain() {
    }

    /** Content {@code which} (0 or 1): sizes differ a lot so that a torn file cannot look complete. */
    public static byte[] content(int which) {
        byte[] data = new byte[which == 0 ? 3_000 : 200_000];
        java.util.Arrays.fill(data, (byte) (which == 0 ? 0xaa : 0x55));
        return data;
    }

    public static void main(String[] args) throws Exception {
        DirStateStore store = new DirStateStore(Path.of(args[0]), DirStoreOptions.forTpm2().withFileKey(KEY));
        byte[][] contents = {content(0), content(1)};
        store.store(StateKind.PERMANENT, contents[0]);
        System.out.println("writing");
        System.out.flush();
        for (long i = 1; ; i++) {
            store.store(StateKind.PERMANENT, contents[(int) (i & 1)]);
        }
    }
}
