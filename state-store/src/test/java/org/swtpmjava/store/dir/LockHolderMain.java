package org.swtpmjava.store.dir;

import java.nio.file.Path;

/** Child-JVM program: locks a state directory, prints "locked", then holds the lock until stdin closes. */
public final class LockHolderMain {
    private LockHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        try (DirStateStore store = new DirStateStore(Path.of(args[0]), true)) {
            store.lock(0);
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our stdin
            }
        }
    }
}
