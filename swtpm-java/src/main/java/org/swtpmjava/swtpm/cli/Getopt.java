package org.swtpmjava.swtpm.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A getopt_long parser with glibc's rules and messages, because swtpm's command line is
 * parsed by getopt_long and scripts see its exact diagnostics: unique prefixes of long
 * options are accepted, {@code --opt=value} and {@code --opt value} both work, short
 * options may be bundled, and errors read e.g. {@code socket: unrecognized option '--foo'}.
 */
public final class Getopt {

    /** Whether an option takes an argument. */
    public enum Arg { NONE, REQUIRED }

    /** One option: its long name, its short letter (0 if none), its argument kind. */
    public record Option(String longName, char shortName, Arg arg) {
    }

    /** A recognised option and its argument (null for {@link Arg#NONE}). */
    public record Parsed(Option option, String value) {
    }

    /** A getopt diagnostic, already worded as glibc words it. */
    public static final class GetoptException extends Exception {
        GetoptException(String message) {
            super(message);
        }
    }

    private final String programName;
    private final List<Option> options;

    /** @param programName what glibc prints before each message (swtpm's is the sub-command, "socket") */
    public Getopt(String programName, List<Option> options) {
        this.programName = programName;
        this.options = List.copyOf(options);
    }

    /**
     * Parses all arguments in order. Stops at "--"; non-option arguments are returned as
     * {@code Parsed(null, arg)} so the caller can reject them as swtpm does.
     */
    public List<Parsed> parse(String[] args) throws GetoptException {
        List<Parsed> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                for (int j = i + 1; j < args.length; j++) {
                    out.add(new Parsed(null, args[j]));
                }
                break;
            } else if (a.startsWith("--")) {
                i = parseLong(args, i, out);
            } else if (a.startsWith("-") && a.length() > 1) {
                i = parseShort(args, i, out);
            } else {
                out.add(new Parsed(null, a));
            }
        }
        return out;
    }

    private int parseLong(String[] args, int i, List<Parsed> out) throws GetoptException {
        String body = args[i].substring(2);
        int eq = body.indexOf('=');
        String name = eq < 0 ? body : body.substring(0, eq);
        Option option = findLong(name);
        if (option.arg() == Arg.NONE) {
            if (eq >= 0) {
                throw error("option '--" + option.longName() + "' doesn't allow an argument");
            }
            out.add(new Parsed(option, null));
            return i;
        }
        if (eq >= 0) {
            out.add(new Parsed(option, body.substring(eq + 1)));
            return i;
        }
        if (i + 1 >= args.length) {
            throw error("option '--" + option.longName() + "' requires an argument");
        }
        out.add(new Parsed(option, args[i + 1]));
        return i + 1;
    }

    private Option findLong(String name) throws GetoptException {
        List<Option> matches = new ArrayList<>();
        for (Option o : options) {
            if (o.longName().equals(name)) {
                return o;
            }
            if (o.longName().startsWith(name)) {
                matches.add(o);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw error("unrecognized option '--" + name + "'");
        }
        StringBuilder s = new StringBuilder("option '--" + name + "' is ambiguous; possibilities:");
        for (Option o : matches) {
            s.append(" '--").append(o.longName()).append('\'');
        }
        throw error(s.toString());
    }

    private int parseShort(String[] args, int i, List<Parsed> out) throws GetoptException {
        String group = args[i];
        for (int k = 1; k < group.length(); k++) {
            char c = group.charAt(k);
            Option option = options.stream().filter(o -> o.shortName() == c).findFirst()
                    .orElseThrow(() -> error("invalid option -- '" + c + "'"));
            if (option.arg() == Arg.NONE) {
                out.add(new Parsed(option, null));
                continue;
            }
            if (k + 1 < group.length()) {
                out.add(new Parsed(option, group.substring(k + 1)));
                return i;
            }
            if (i + 1 >= args.length) {
                throw error("option requires an argument -- '" + c + "'");
            }
            out.add(new Parsed(option, args[i + 1]));
            return i + 1;
        }
        return i;
    }

    private GetoptException error(String message) {
        return new GetoptException(programName + ": " + message);
    }
}
