package org.swtpmjava.ioctl;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The C tool prints {@code strerror(errno)} after its messages. The JDK and junixsocket carry
 * the same text in their exception messages, except for the cases mapped here.
 */
final class Errno {

    private Errno() {
    }

    static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "Connection timed out";
        }
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
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        String message = e.getMessage();
        if (message == null) {
            return "Input/output error";
        }
        if (message.equals("Connection reset")) {
            return "Connection reset by peer";
        }
        return message;
    }
}
