package org.swtpmjava.store.dir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;

/**
 * Crash-atomic replacement of a file (swtpm-protocol.md §5.1.2, plus the fsyncs swtpm 0.11 does
 * with {@code fsync}): temp file opened O_WRONLY|O_CREAT|O_TRUNC|O_NOFOLLOW, write, fsync,
 * rename onto the final name, fsync the directory. A failure removes the temp file. A crash at
 * any instant leaves either the old or the new complete file under the final name.
 */
final class AtomicFileWriter {
    private static final Set<OpenOption> TEMP_OPEN_OPTIONS = Set.of(StandardOpenOption.WRITE,
            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);

    private AtomicFileWriter() {
    }

    /**
     * Writes {@code data} to {@code target} through {@code temp} (same directory).
     * {@code mode} is the permission bits; {@code exactMode} applies them regardless of the umask
     * (an explicit {@code --tpmstate mode=}), otherwise they are subject to the umask like open(2).
     */
    static void write(Path temp, Path target, byte[] data, int mode, boolean exactMode) throws StateStoreException {
        FileChannel channel;
        try {
            channel = FileChannel.open(temp, TEMP_OPEN_OPTIONS,
                    PosixFilePermissions.asFileAttribute(FileModes.toPermissions(mode)));
        } catch (IOException | RuntimeException e) {
            // Nothing of ours to clean up; a symlink planted as temp file stays untouched.
            throw failure("opening " + temp + " for write failed", e);
        }
        try {
            try (channel) {
                if (exactMode) {
                    Files.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .setPermissions(FileModes.toPermissions(mode));
                }
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw failure("writing " + target, e);
        }
        syncDirectory(target.getParent());
    }

    private static StateStoreException failure(String what, Exception e) {
        String reason = e instanceof IOException io ? IoErrors.strerror(io) : String.valueOf(e.getMessage());
        return new StateStoreException(StoreResults.FAIL, "SWTPM_NVRAM_StoreData: Error (fatal) " + what + ", " + reason, e);
    }

    /**
     * Makes the rename durable. Failing to open the directory (e.g. a confining AppArmor profile)
     * is not fatal, as in swtpm, which then continues without the directory sync.
     */
    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // best effort, see above
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // the original failure is what gets reported
        }
    }
}
