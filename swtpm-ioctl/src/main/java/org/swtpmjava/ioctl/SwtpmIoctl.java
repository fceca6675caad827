package org.swtpmjava.ioctl;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code swtpm_ioctl}: sends one control-channel command to a running swtpm and prints the
 * answer, with the options, output, messages and exit status of swtpm_ioctl 0.7.1 (plus
 * HEAD's --lock-storage), swtpm-protocol.md §6.
 *
 * <p>The command line is parsed by a getopt_long_only emulation rather than Picocli, because
 * the C tool's behaviour depends on getopt's details (see {@link GetoptLongOnly}).
 */
public final class SwtpmIoctl {

    /** Name used in messages and the usage line when the launcher does not pass argv[0]. */
    public static final String DEFAULT_PROGRAM = "swtpm_ioctl";
    /** System property through which a launcher may pass the name it was invoked as. */
    public static final String PROGRAM_PROPERTY = "swtpm_ioctl.argv0";

    private SwtpmIoctl() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), false);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        String program = System.getProperty(PROGRAM_PROPERTY, DEFAULT_PROGRAM);
        int status = run(program, args, out, err, System.in, System.getenv("POSIXLY_CORRECT") != null,
                CtrlClient.DEFAULT_REPLY_TIMEOUT_MILLIS);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs one invocation as {@value #DEFAULT_PROGRAM}; returns the exit status. Never calls System.exit. */
    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
        return run(DEFAULT_PROGRAM, args, out, err, in, false, CtrlClient.DEFAULT_REPLY_TIMEOUT_MILLIS);
    }

    /**
     * @param program         argv[0] for messages
     * @param posixlyCorrect  getopt stops at the first non-option (POSIXLY_CORRECT set)
     * @param replyTimeoutMillis how long to wait for each reply
     */
    static int run(String program, String[] args, PrintStream out, PrintStream err, InputStream in,
                   boolean posixlyCorrect, int replyTimeoutMillis) {
        try {
            IoctlOptions.Parsed parsed = IoctlOptions.parse(program, Arrays.asList(args), out, err, posixlyCorrect);
            if (parsed.invocation() == null) {
                return parsed.exitStatus();
            }
            return new IoctlCommands(parsed.invocation(), program, out, err, in, replyTimeoutMillis).run();
        } finally {
            out.flush();
            err.flush();
        }
    }
}
