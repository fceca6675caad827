package org.swtpmjava.store.linear;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;
import org.swtpmjava.store.dir.FileModes;
import org.swtpmjava.store.dir.IoErrors;

/**
 * The file or block device under a linear store (swtpm-protocol.md §5.4): opened
 * O_RDWR|O_CREAT|O_NOFOLLOW, a regular file grows and shrinks with the layout, a block device has
 * its fixed size. Positional reads and writes replace swtpm's shared mapping; {@link #force()}
 * replaces its msync(MS_SYNC). Failures carry swtpm's messages.
 */
final class LinearDevice implements AutoCloseable {
    /** TPM_SIZE: a block device is too small for the layout (swtpm's resize result). */
    static final int TPM_SIZE = 0x17;
    /** Offsets are u32: nothing may end beyond 4 GiB. */
    static final long MAX_END = 0xffffffffL;
    private static final long LOCK_RETRY_MILLIS = 10;
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    private static final Set<OpenOption> OPEN_OPTIONS = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS);

    private final FileChannel channel;
    private final boolean resizable;
    private long size;
    private FileLock lock;

    private LinearDevice(FileChannel channel, boolean resizable, long size) {
        this.channel = channel;
        this.resizable = resizable;
        this.size = size;
    }

    /**
     * Opens (creating with {@code createMode} minus umask), applies an explicit mode exactly (swtpm
     * 0.8+ fchmods; 0.7.1 ignores {@code mode} for this backend), and extends a regular file shorter
     * than the header to the header's size.
     */
    static LinearDevice open(Path path, int createMode, boolean exactMode) throws StateStoreException {
        if (path.toString().isEmpty()) {
            // open("") fails with ENOENT; Java would resolve the empty path to the working directory
            throw fail("SWTPM_NVRAM_LinearFile_Open: Could not open file: No such file or directory", null);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, OPEN_OPTIONS,
                    PosixFilePermissions.asFileAttribute(FileModes.toPermissions(createMode)));
        } catch (IOException | RuntimeException e) {
            throw fail("SWTPM_NVRAM_LinearFile_Open: Could not open file: " + reason(e), e);
        }
        try {
            if (exactMode) {
                changeMode(path, createMode);
            }
            return describe(path, channel);
        } catch (StateStoreException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void changeMode(Path path, int mode) throws StateStoreException {
        try {
            Files.setPosixFilePermissions(path, FileModes.toPermissions(mode));
        } catch (IOException | RuntimeException e) {
            throw fail("SWTPM_NVRAM_LinearFile_Open: Could not change mode bits: " + reason(e), e);
        }
    }

    /** swtpm's SWTPM_NVRAM_LinearFile_Mmap: decides regular file vs block device and the usable size. */
    private static LinearDevice describe(Path path, FileChannel channel) throws StateStoreException {
        int mode;
        long size;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            size = channel.size();
        } catch (IOException | RuntimeException e) {
            throw fail("SWTPM_NVRAM_LinearFile_Mmap: Could not stat file: " + reason(e), e);
        }
        if ((mode & S_IFMT) == S_IFBLK) {
            // The JDK reports a block device's size (BLKGETSIZE64) as the channel size.
            if (size < LinearHeader.SIZE) {
                throw fail("SWTPM_NVRAM_LinearFile_Mmap: block device too small, cannot resize", null);
            }
            return new LinearDevice(channel, false, size);
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw fail("SWTPM_NVRAM_LinearFile_Mmap: invalid stat", null);
        }
        LinearDevice device = new LinearDevice(channel, true, size);
        if (size < LinearHeader.SIZE) {
            try {
                device.extendTo(LinearHeader.SIZE);
            } catch (IOException e) {
                throw fail("SWTPM_NVRAM_LinearFile_Mmap: Could not ftruncate file (too small): " + reason(e), e);
            }
        }
        return device;
    }

    boolean resizable() {
        return resizable;
    }

    long size() {
        return size;
    }

    /** Re-reads the size of a regular file, which another process sharing it may have changed. */
    void refreshSize() throws StateStoreException {
        if (!resizable) {
            return;
        }
        try {
            size = channel.size();
        } catch (IOException e) {
            throw fail("SWTPM_NVRAM_LinearFile_Mmap: Could not stat file: " + reason(e), e);
        }
    }

    byte[] read(long offset, int length) throws StateStoreException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw fail("Linear state file ended early at " + (offset + buffer.position()), null);
                }
            }
        } catch (IOException e) {
            throw fail("Could not read linear state: " + reason(e), e);
        }
        return buffer.array();
    }

    void write(long offset, byte[] data) throws StateStoreException {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + buffer.position());
            }
        } catch (IOException e) {
            throw fail("Could not write linear state: " + reason(e), e);
        }
        size = Math.max(size, offset + data.length);
    }

    /** memmove within the device: copies {@code length} bytes from {@code from} to {@code to}. */
    void move(long from, long to, long length) throws StateStoreException {
        if (length <= 0 || from == to) {
            return;
        }
        write(to, read(from, Math.toIntExact(length)));
    }

    /**
     * swtpm's resize: a regular file gets exactly {@code newSize} bytes (a failing shrink is
     * ignored, a failing growth is an error); a block device keeps its size and fails with
     * TPM_SIZE if it is smaller than {@code newSize}.
     */
    void resize(long newSize) throws StateStoreException {
        requireFits(newSize);
        if (!resizable) {
            return;
        }
        try {
            if (newSize > size) {
                extendTo(newSize);
            } else if (newSize < size) {
                channel.truncate(newSize);
                size = newSize;
            }
        } catch (IOException e) {
            if (newSize > size) {
                throw fail("SWTPM_NVRAM_LinearFile_Resize: Error in ftruncate: " + reason(e), e);
            }
        }
    }

    /** Fails as swtpm does when the layout cannot reach {@code end} bytes. */
    void requireFits(long end) throws StateStoreException {
        if (end > MAX_END) {
            throw fail("Linear state layout would end beyond 4 GiB (" + end + ")", null);
        }
        if (!resizable && end > size) {
            throw new StateStoreException(TPM_SIZE,
                    "Block device too small for the linear state: needs " + end + " bytes, has " + size);
        }
    }

    void force() throws StateStoreException {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw fail("SWTPM_NVRAM_LinearFile_Flush: Error in msync: " + reason(e), e);
        }
    }

    /** An exclusive fcntl lock on the whole file, tried {@code retries + 1} times 10 ms apart. */
    boolean lock(int retries) {
        for (int attempt = 0; ; attempt++) {
            try {
                lock = channel.tryLock();
            } catch (IOException | OverlappingFileLockException e) {
                lock = null;
            }
            if (lock != null) {
                return true;
            }
            if (attempt >= retries) {
                return false;
            }
            try {
                Thread.sleep(LOCK_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** F_UNLCK on the descriptor, which stays open. */
    void unlock() {
        if (lock == null) {
            return;
        }
        try {
            lock.release();
        } catch (IOException e) {
            // the lock goes away with the descriptor at close at the latest
        }
        lock = null;
    }

    boolean isLocked() {
        return lock != null;
    }

    @Override
    public void close() {
        lock = null;
        closeQuietly(channel);
    }

    /** Grows the file like ftruncate: the new bytes read as zeros. */
    private void extendTo(long newSize) throws IOException {
        channel.write(ByteBuffer.allocate(1), newSize - 1);
        size = newSize;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to report it to
        }
    }

    private static String reason(Exception e) {
        return e instanceof IOException io ? IoErrors.strerror(io) : String.valueOf(e.getMessage());
    }

    static StateStoreException fail(String message, Throwable cause) {
        return new StateStoreException(StoreResults.FAIL, message, cause);
    }
}
