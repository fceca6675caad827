package org.swtpmjava.swtpm;

import org.swtpmjava.swtpm.cli.SocketConfig;
import org.swtpmjava.swtpm.log.Log4jSink;
import org.swtpmjava.swtpm.log.SwtpmLog;

/** Turns {@code --log} into a {@link SwtpmLog}. */
final class Logs {

    private Logs() {
    }

    /** The configured log, or {@code fallback} (stderr, level 1) without {@code --log}. */
    static SwtpmLog open(SocketConfig.Log option, SwtpmLog fallback) {
        if (option == null) {
            return fallback;
        }
        if ("-".equals(option.file())) {
            return SwtpmLog.none();
        }
        if (option.file() != null) {
            return new SwtpmLog(option.level(), option.prefix(), Log4jSink.toFile(option.file(), option.truncate()));
        }
        if (option.fd() != null) {
            return new SwtpmLog(option.level(), option.prefix(), Log4jSink.toFd(option.fd()));
        }
        // level= or prefix= alone: stderr at that level
        return new SwtpmLog(option.level(), option.prefix(), line -> {
            System.err.print(line);
            System.err.flush();
        });
    }
}
