package org.swtpmjava.store.linear;

import java.nio.file.Path;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.crypto.StateKey;
import org.swtpmjava.store.dir.CrashWriterMain;

/**
 * Child-JVM program for the linear crash test: a volatile object after permall, then permall
 * rewritten forever with two contents whose sizes differ a lot, so that both of swtpm's update
 * paths run: the small one fits the big one's section (update in place), the big one does not
 * fit the small one's (removal, which moves the volatile section forward, and append).
 */
public final class LinearCrashWriterMain {
    static final StateKey KEY = StateKey.of(new byte[32]);

    private LinearCrashWriterMain() {
    }

    static byte[] volatileContent() {
        byte[] data = new byte[5_000];
        java.util.Arrays.fill(data, (byte) 0x3c);
        return data;
    }

    static LinearFileStore open(Path file) throws Exception {
        return LinearFileStore.open(file, LinearStoreOptions.defaults("file://" + file).withFileKey(KEY));
    }

    public static void main(String[] args) throws Exception {
        LinearFileStore store = open(Path.of(args[0]));
        byte[][] contents = {CrashWriterMain.content(0), CrashWriterMain.content(1)};
        store.store(StateKind.PERMANENT, contents[0]);
        store.store(StateKind.VOLATILE, volatileContent());
        System.out.println("writing");
        System.out.flush();
        for (long i = 1; ; i++) {
            store.store(StateKind.PERMANENT, contents[(int) (i & 1)]);
        }
    }
}
