package org.swtpmjava.swtpm.log;

import java.util.function.Consumer;

/**
 * swtpm's logging rules (swtpm-protocol.md §1.2 {@code --log}): a message whose text begins
 * with k spaces is written only if k &lt; level (default level 1, so hex dumps, which start with
 * one space, appear from level 2 on); {@code prefix} starts every line. Where the lines go is
 * the sink's business ({@link Log4jSink} for files and fds, stderr by default).
 */
public final class SwtpmLog {

    private final int level;
    private final String prefix;
    private final Consumer<String> sink;

    public SwtpmLog(int level, String prefix, Consumer<String> sink) {
        this.level = level;
        this.prefix = prefix == null ? "" : prefix;
        this.sink = sink;
    }

    /** Logging to stderr at level 1: errors only, as swtpm without {@code --log}. */
    public static SwtpmLog stderr() {
        return new SwtpmLog(1, "", line -> {
            System.err.print(line);
            System.err.flush();
        });
    }

    /** Logs nothing ({@code --log file=-}). */
    public static SwtpmLog none() {
        return new SwtpmLog(0, "", line -> { });
    }

    /** Flushes and closes the target (a log file); later messages are dropped by the closed sink. */
    public void close() {
        if (sink instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing left to report it to
            }
        }
    }

    /** Writes the message (which should end in a newline) if its indentation is below the level. */
    public void log(String message) {
        int spaces = 0;
        while (spaces < message.length() && message.charAt(spaces) == ' ') {
            spaces++;
        }
        if (spaces < level) {
            sink.accept(prefix + message);
        }
    }

    /** An error as swtpm prints it: "swtpm: " + text. */
    public void error(String text) {
        log("swtpm: " + text + "\n");
    }

    /** True if hex dumps (one leading space) are written. */
    public boolean dumpsEnabled() {
        return level > 1;
    }

    /** {@code " <title>: length N"} and the bytes, 16 a line, as swtpm's level-20 log. */
    public void hexDump(String title, byte[] data) {
        if (!dumpsEnabled()) {
            return;
        }
        StringBuilder s = new StringBuilder(32 + data.length * 3 + data.length / 16 * 2);
        s.append(' ').append(title).append(": length ").append(data.length).append('\n');
        for (int i = 0; i < data.length; i++) {
            if (i % 16 == 0) {
                s.append(' ');
            }
            s.append(Character.toUpperCase(Character.forDigit((data[i] >> 4) & 0xf, 16)))
                    .append(Character.toUpperCase(Character.forDigit(data[i] & 0xf, 16))).append(' ');
            if (i % 16 == 15 || i == data.length - 1) {
                s.append('\n');
            }
        }
        // One message per line, so prefix and level apply to each as in swtpm.
        for (String line : s.toString().split("(?<=\n)")) {
            log(line);
        }
    }
}
