package org.swtpmjava.ioctl;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The behaviour of glibc's {@code getopt_long_only(argc, argv, "", longopts, ...)}, which
 * swtpm_ioctl parses its command line with (swtpm-protocol.md §6). Picocli cannot be bent into
 * this shape: swtpm_ioctl identifies its command by the argv element it came from (so
 * {@code -c -c} is two commands and {@code --sto}, an accepted abbreviation, is an unknown
 * command), prints getopt's own messages and carries on after an unrecognised option, and
 * reads arguments straight out of the permuted argv. So this class reproduces getopt itself:
 *
 * <ul>
 *   <li>Every argument starting with '-' (other than "-" and "--") names a long option, with
 *       one or two dashes; an unambiguous prefix is accepted; "name=value" attaches a value.</li>
 *   <li>Non-options are permuted to the end (unless POSIXLY_CORRECT is set, which stops at the
 *       first one); "--" ends the options.</li>
 *   <li>Errors print glibc's messages to stderr and return {@link #ERROR}.</li>
 * </ul>
 *
 * The argv array is mutated as glibc does, and {@link #optind} may be moved by the caller
 * (swtpm_ioctl consumes a second argument of --save/--load that way).
 */
final class GetoptLongOnly {

    /** Returned for any parse error, like getopt's '?'. */
    static final int ERROR = '?';
    /** Returned when the options are exhausted. */
    static final int END = -1;

    /** One entry of the long option table; {@code val} is what {@link #next()} returns for it. */
    record LongOption(String name, boolean hasArgument, int val) {
    }

    /**
     * One argv element. Identity matters: swtpm_ioctl compares argv pointers, not strings,
     * so two equal strings at different positions are different elements.
     */
    static final class Arg {
        final String text;

        Arg(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    final Arg[] argv;
    /** Index of the next argv element to look at; the caller may advance it. */
    int optind = 1;
    /** The argument of the option just returned, or null. */
    String optarg;

    private final List<LongOption> options;
    private final PrintStream err;
    private final boolean requireOrder;
    private int firstNonopt = 1;
    private int lastNonopt = 1;

    /**
     * @param args         the arguments without the program name
     * @param programName  argv[0], used in error messages
     * @param posixlyCorrect whether POSIXLY_CORRECT is set in the environment
     */
    GetoptLongOnly(String programName, List<String> args, List<LongOption> options, PrintStream err,
                   boolean posixlyCorrect) {
        List<Arg> all = new ArrayList<>();
        all.add(new Arg(programName));
        for (String a : args) {
            all.add(new Arg(a));
        }
        this.argv = all.toArray(new Arg[0]);
        this.options = List.copyOf(options);
        this.err = err;
        this.requireOrder = posixlyCorrect;
    }

    int argc() {
        return argv.length;
    }

    private boolean isNonOption(int index) {
        String a = argv[index].text;
        return !a.startsWith("-") || a.length() == 1;
    }

    /** The next option's value, {@link #ERROR}, or {@link #END}. */
    int next() {
        optarg = null;
        if (lastNonopt > optind) {
            lastNonopt = optind;
        }
        if (firstNonopt > optind) {
            firstNonopt = optind;
        }
        if (!requireOrder) {
            if (firstNonopt != lastNonopt && lastNonopt != optind) {
                exchange();
            } else if (lastNonopt != optind) {
                firstNonopt = optind;
            }
            while (optind < argc() && isNonOption(optind)) {
                optind++;
            }
            lastNonopt = optind;
        }
        if (optind != argc() && argv[optind].text.equals("--")) {
            optind++;
            if (firstNonopt != lastNonopt && lastNonopt != optind) {
                exchange();
            } else if (firstNonopt == lastNonopt) {
                firstNonopt = optind;
            }
            lastNonopt = argc();
            optind = argc();
        }
        if (optind == argc()) {
            if (firstNonopt != lastNonopt) {
                optind = firstNonopt;
            }
            return END;
        }
        if (isNonOption(optind)) {
            // Only reachable with POSIXLY_CORRECT (REQUIRE_ORDER): the first non-option ends parsing.
            return END;
        }
        String element = argv[optind].text;
        boolean twoDashes = element.charAt(1) == '-';
        return longOption(element.substring(twoDashes ? 2 : 1), twoDashes ? "--" : "-");
    }

    private int longOption(String text, String prefix) {
        int eq = text.indexOf('=');
        String name = eq < 0 ? text : text.substring(0, eq);
        LongOption found = null;
        for (LongOption o : options) {
            if (o.name().equals(name)) {
                found = o;
                break;
            }
        }
        if (found == null) {
            List<LongOption> prefixed = new ArrayList<>();
            for (LongOption o : options) {
                if (o.name().startsWith(name)) {
                    prefixed.add(o);
                }
            }
            // getopt_long_only treats any second prefix match as ambiguous.
            if (prefixed.size() > 1) {
                StringBuilder msg = new StringBuilder();
                msg.append(argv[0]).append(": option '").append(prefix).append(text)
                        .append("' is ambiguous; possibilities:");
                for (LongOption o : prefixed) {
                    msg.append(" '").append(prefix).append(o.name()).append('\'');
                }
                err.println(msg);
                optind++;
                return ERROR;
            }
            if (prefixed.isEmpty()) {
                err.println(argv[0] + ": unrecognized option '" + prefix + text + "'");
                optind++;
                return ERROR;
            }
            found = prefixed.get(0);
        }
        optind++;
        if (eq >= 0) {
            if (!found.hasArgument()) {
                err.println(argv[0] + ": option '" + prefix + found.name() + "' doesn't allow an argument");
                return ERROR;
            }
            optarg = text.substring(eq + 1);
        } else if (found.hasArgument()) {
            if (optind >= argc()) {
                err.println(argv[0] + ": option '" + prefix + found.name() + "' requires an argument");
                return ERROR;
            }
            optarg = argv[optind++].text;
        }
        return found.val();
    }

    /**
     * Moves the block of skipped non-options [firstNonopt, lastNonopt) behind the options
     * processed since [lastNonopt, optind), as glibc's exchange() does.
     */
    private void exchange() {
        int bottom = firstNonopt;
        int middle = lastNonopt;
        int top = optind;
        Arg[] rotated = new Arg[top - bottom];
        int n = 0;
        for (int i = middle; i < top; i++) {
            rotated[n++] = argv[i];
        }
        for (int i = bottom; i < middle; i++) {
            rotated[n++] = argv[i];
        }
        System.arraycopy(rotated, 0, argv, bottom, rotated.length);
        firstNonopt += optind - lastNonopt;
        lastNonopt = optind;
    }
}
