package org.swtpmjava.store.dir;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which state directories this JVM is currently locking or trying to lock.
 *
 * <p>Why it exists: the JDK's FileChannel locks are fcntl() record locks, which belong to the
 * <em>process</em>, and closing <em>any</em> descriptor of the file drops all of the process's
 * locks on it. Two stores of one JVM on the same directory would otherwise let the loser's
 * close() silently release the winner's lock (verified on this JDK). A store therefore claims the
 * directory here before it opens {@code .lock}, and only the claimant ever opens it.
 *
 * <p>{@link #processWide()} is the one shared instance every store uses by default; it is the
 * only static state of this module, because the resource it guards (the process's fcntl locks)
 * is itself process-wide. Tests may pass a private instance.
 */
public final class DirLockRegistry {
    private static final DirLockRegistry PROCESS_WIDE = new DirLockRegistry();

    private final Set<Object> claimed = ConcurrentHashMap.newKeySet();

    /** The registry shared by all stores of this JVM. */
    public static DirLockRegistry processWide() {
        return PROCESS_WIDE;
    }

    /** True if the directory identified by {@code key} was not claimed and now is. */
    boolean tryClaim(Object key) {
        return claimed.add(key);
    }

    void release(Object key) {
        claimed.remove(key);
    }
}
