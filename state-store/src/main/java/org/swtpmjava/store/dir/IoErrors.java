package org.swtpmjava.store.dir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns Java I/O exceptions back into the strerror() text swtpm prints. */
public final class IoErrors {
    private static final String NOFOLLOW_NOTE = " (NOFOLLOW_LINKS specified)";

    private IoErrors() {
    }

    public static String strerror(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        // The JDK puts strerror(errno) into the reason (or, for ELOOP under O_NOFOLLOW, into the
        // message of a plain IOException) and appends a note of its own.
        String text = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
        return String.valueOf(text).replace(NOFOLLOW_NOTE, "");
    }
}
