package org.swtpmjava.swtpm;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** {@code --pid file=|fd=}: the decimal pid without a newline, removed at exit (swtpm-protocol.md §1.2). */
final class PidFile {

    private final Path path;

    private PidFile(Path path) {
        this.path = path;
    }

    /** Writes the pid to a new file (mode 0644, truncated, links not followed). */
    static PidFile write(String file) throws IOException {
        Path p = Path.of(file);
        if (Files.isSymbolicLink(p)) {
            throw new IOException("Could not open pidfile " + file + ": Too many levels of symbolic links");
        }
        // Truncated in place, never replaced: swtpm_setup creates the file with mkstemp and
        // waits on its own descriptor until the pid appears in it.
        try (SeekableByteChannel out = Files.newByteChannel(p,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                        LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))) {
            out.write(ByteBuffer.wrap(pid()));
        }
        return new PidFile(p);
    }

    /** Writes the pid to an inherited fd, which must be a regular file. */
    static void writeFd(int fd) throws IOException {
        Path proc = Path.of("/proc/self/fd/" + fd);
        if (!Files.isRegularFile(proc)) {
            throw new IOException("Bad filedescriptor " + fd + " for pid file");
        }
        try (FileOutputStream out = new FileOutputStream(proc.toFile())) {
            out.write(pid());
        }
    }

    private static byte[] pid() {
        return Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
    }

    void remove() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // nothing left to do at exit
        }
    }
}
