package org.swtpmjava.store.dir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;

/**
 * The storage lock of a state directory (swtpm-protocol.md §2.8): {@code <dir>/.lock} opened
 * O_WRONLY|O_CREAT|O_TRUNC|O_NOFOLLOW with mode 0660 (minus umask), an exclusive fcntl lock on the
 * whole file (what FileChannel.tryLock does on Linux, so the C swtpm and this class exclude each
 * other), retried every 10 ms. Unlock releases and closes; the file is never deleted.
 */
final class DirLock {
    /** swtpm's text for a lock held by someone else (strerror(EAGAIN)). */
    static final String LOCKED_MESSAGE =
            "SWTPM_NVRAM_Lock_Dir: Could not lock access to lockfile: Resource temporarily unavailable";
    private static final String OPEN_FAILED_PREFIX = "SWTPM_NVRAM_Lock_Dir: Could not open lockfile: ";
    private static final long RETRY_INTERVAL_MILLIS = 10;
    private static final int LOCK_FILE_MODE = 0660;
    private static final Set<OpenOption> OPEN_OPTIONS = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);

    private final Path dir;
    private final DirLockRegistry registry;
    private Object claimKey;
    private FileChannel channel;
    private FileLock lock;

    DirLock(Path dir, DirLockRegistry registry) {
        this.dir = dir;
        this.registry = registry;
    }

    synchronized boolean isHeld() {
        return lock != null;
    }

    /** Locks, trying {@code retries + 1} times 10 ms apart; a no-op if already held. */
    synchronized void lock(int retries) throws StateStoreException {
        if (lock != null) {
            return;
        }
        Object key = directoryKey();
        for (int attempt = 0; ; attempt++) {
            if (tryLockOnce(key)) {
                return;
            }
            if (attempt >= retries) {
                throw new StateStoreException(StoreResults.FAIL, LOCKED_MESSAGE);
            }
            sleepBetweenAttempts();
        }
    }

    synchronized void unlock() {
        if (claimKey == null) {
            return;
        }
        try {
            channel.close(); // releases the lock (the JDK invalidates it) and closes the descriptor
        } catch (IOException e) {
            // the descriptor is gone either way, and with it the fcntl lock
        } finally {
            lock = null;
            channel = null;
            registry.release(claimKey);
            claimKey = null;
        }
    }

    private boolean tryLockOnce(Object key) throws StateStoreException {
        if (!registry.tryClaim(key)) {
            return false; // another store of this JVM holds or is taking it
        }
        claimKey = key;
        try {
            channel = FileChannel.open(dir.resolve(StateFileNames.LOCK_FILE), OPEN_OPTIONS,
                    PosixFilePermissions.asFileAttribute(FileModes.toPermissions(LOCK_FILE_MODE)));
        } catch (IOException | UnsupportedOperationException e) {
            registry.release(key);
            claimKey = null;
            String reason = e instanceof IOException io ? IoErrors.strerror(io) : e.getMessage();
            throw new StateStoreException(StoreResults.FAIL, OPEN_FAILED_PREFIX + reason, e);
        }
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            unlock();
            return false;
        }
        return true;
    }

    /** Identifies the directory across different spellings of its path (device + inode). */
    private Object directoryKey() throws StateStoreException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(dir, BasicFileAttributes.class);
            Object fileKey = attributes.fileKey();
            return fileKey != null ? fileKey : dir.toRealPath();
        } catch (IOException e) {
            throw new StateStoreException(StoreResults.FAIL, OPEN_FAILED_PREFIX + IoErrors.strerror(e), e);
        }
    }

    private static void sleepBetweenAttempts() throws StateStoreException {
        try {
            Thread.sleep(RETRY_INTERVAL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreException(StoreResults.FAIL, LOCKED_MESSAGE, e);
        }
    }
}
