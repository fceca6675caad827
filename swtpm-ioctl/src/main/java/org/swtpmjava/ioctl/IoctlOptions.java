package org.swtpmjava.ioctl;

import java.io.PrintStream;
import java.util.List;
import java.util.OptionalLong;

import org.swtpmjava.ioctl.GetoptLongOnly.Arg;
import org.swtpmjava.ioctl.GetoptLongOnly.LongOption;

/**
 * swtpm_ioctl's option loop (swtpm-protocol.md §6): the same option table, the same order of
 * checks and the same messages, so that every command line is accepted or refused as the C
 * tool does. The quirks kept on purpose, because the C tool has them:
 * <ul>
 *   <li>the command is the argv element that selected it, compared by identity: a command
 *       given twice ("-c -c") is "Only one command may be given.";</li>
 *   <li>option arguments are read from argv[optind - 1], the element before optind, not from
 *       getopt's optarg (this only differs for "-l=3" style arguments);</li>
 *   <li>an unrecognised option is reported by getopt and otherwise ignored;</li>
 *   <li>--save/--load take their file from the next argv element, which must not start with '-'.</li>
 * </ul>
 */
final class IoctlOptions {

    static final String DEFAULT_TCP_HOST = "127.0.0.1";
    /** The C code's default (its man page says 6545). */
    static final int DEFAULT_TCP_PORT = 6546;

    /** The long option table, in the C tool's order (the order shows in "ambiguous" messages). */
    static final List<LongOption> OPTIONS = List.of(
            new LongOption("tpm-device", true, 'D'),
            new LongOption("tcp", true, 'T'),
            new LongOption("unix", true, 'U'),
            new LongOption("c", false, 'c'),
            new LongOption("i", false, 'i'),
            new LongOption("stop", false, 't'),
            new LongOption("s", false, 's'),
            new LongOption("e", false, 'e'),
            new LongOption("r", true, 'r'),
            new LongOption("v", false, 'v'),
            new LongOption("C", false, 'C'),
            new LongOption("l", true, 'l'),
            new LongOption("h", true, 'h'),
            new LongOption("g", false, 'g'),
            new LongOption("b", true, 'b'),
            new LongOption("save", true, 'S'),
            new LongOption("load", true, 'L'),
            new LongOption("version", false, 'V'),
            new LongOption("info", true, 'I'),
            new LongOption("lock-storage", true, 'o'),
            new LongOption("help", false, 'H'));

    /** Either an invocation to run, or the exit status of a run that already ended (messages printed). */
    record Parsed(Invocation invocation, int exitStatus) {
        static Parsed exit(int status) {
            return new Parsed(null, status);
        }
    }

    private final GetoptLongOnly getopt;
    private final String program;
    private final PrintStream out;
    private final PrintStream err;

    private Arg command;
    private String hashData;
    private String blobType;
    private String blobFile;
    private String tpmDevice;
    private String unixPath;
    private String tcpHost;
    private int tcpPort;
    private long locality;
    private long bufferSize;
    private long infoFlags;

    private IoctlOptions(String program, List<String> args, PrintStream out, PrintStream err, boolean posixlyCorrect) {
        this.getopt = new GetoptLongOnly(program, args, OPTIONS, err, posixlyCorrect);
        this.program = program;
        this.out = out;
        this.err = err;
    }

    static Parsed parse(String program, List<String> args, PrintStream out, PrintStream err, boolean posixlyCorrect) {
        return new IoctlOptions(program, args, out, err, posixlyCorrect).parse();
    }

    private Parsed parse() {
        Arg previousCommand = null;
        int opt;
        while ((opt = getopt.next()) != GetoptLongOnly.END) {
            Integer status = handle(opt);
            if (status != null) {
                return Parsed.exit(status);
            }
            if (previousCommand == null) {
                previousCommand = command;
            } else if (command != previousCommand) {
                err.println("Only one command may be given.");
                return Parsed.exit(1);
            }
        }
        if (command == null) {
            err.println("No valid command.");
            return Parsed.exit(1);
        }
        Transport transport;
        if (tpmDevice == null && tcpHost == null && unixPath == null) {
            if (getopt.optind == getopt.argc()) {
                err.println("Error: Missing device name.");
                return Parsed.exit(1);
            }
            tpmDevice = getopt.argv[getopt.optind].text;
        }
        if (tpmDevice != null) {
            transport = new Transport.Device(tpmDevice);
        } else if (tcpHost != null) {
            transport = new Transport.Tcp(tcpHost, tcpPort & 0xFFFF);
        } else {
            transport = new Transport.Unix(unixPath);
        }
        return new Parsed(new Invocation(command.text, transport, (int) locality, hashData, blobType, blobFile,
                (int) bufferSize, infoFlags), 0);
    }

    /** Applies one getopt result; returns an exit status when the run ends here. */
    private Integer handle(int opt) {
        Arg[] argv = getopt.argv;
        int optind = getopt.optind;
        switch (opt) {
            case 'D':
                tpmDevice = getopt.optarg;
                return null;
            case 'T':
                return parseTcp(getopt.optarg) ? null : 1;
            case 'U':
                unixPath = getopt.optarg;
                return null;
            case 'c': case 'i': case 't': case 's': case 'e': case 'v': case 'C': case 'g':
                command = argv[optind - 1];
                return null;
            case 'h':
                command = argv[optind - 2];
                hashData = argv[optind - 1].text;
                return null;
            case 'r': case 'l':
                command = argv[optind - 2];
                return parseLocality(argv[optind - 1].text);
            case 'S': case 'L':
                return takeBlobArguments(opt == 'S' ? "--save" : "--load");
            case 'b':
                command = argv[optind - 2];
                return scanInto(argv[optind - 1].text, "Could not get buffersize from %s.", v -> bufferSize = v);
            case 'I':
                command = argv[optind - 2];
                CNumbers.Strtoul flags = CNumbers.strtoul(argv[optind - 1].text);
                if (!flags.valid()) {
                    err.println("Cannot parse info flags.");
                    return 1;
                }
                infoFlags = flags.value();
                return null;
            case 'o':
                // swtpm HEAD parses the retry count but always sends 0 (§6).
                command = argv[optind - 2];
                return scanInto(argv[optind - 1].text, "Could not parse lock retries from %s.", v -> { });
            case 'V':
                UsageText.printVersion(out);
                return 0;
            case 'H':
                UsageText.printUsage(out, program);
                return 0;
            default:
                // getopt already reported the problem; the C tool carries on.
                return null;
        }
    }

    private Integer parseLocality(String text) {
        OptionalLong value = CNumbers.scanUnsigned(text);
        if (value.isEmpty()) {
            err.println("Could not get locality number from " + text + ".");
            return 1;
        }
        if (value.getAsLong() > 4) {
            err.println("Locality outside valid range of [0..4].");
            return 1;
        }
        locality = value.getAsLong();
        return null;
    }

    private Integer takeBlobArguments(String option) {
        Arg[] argv = getopt.argv;
        int optind = getopt.optind;
        if (optind == getopt.argc() || argv[optind].text.startsWith("-")) {
            err.println("Missing filename argument for " + option + " option");
            return 1;
        }
        command = argv[optind - 2];
        blobType = argv[optind - 1].text;
        blobFile = argv[optind].text;
        getopt.optind++;
        return null;
    }

    private Integer scanInto(String text, String failure, java.util.function.LongConsumer target) {
        OptionalLong value = CNumbers.scanUnsigned(text);
        if (value.isEmpty()) {
            err.println(String.format(failure, text));
            return 1;
        }
        target.accept(value.getAsLong());
        return null;
    }

    /** {@code [host][:port]}: the last ':' splits; an empty host means 127.0.0.1 only in ":port" form. */
    private boolean parseTcp(String arg) {
        tcpPort = DEFAULT_TCP_PORT;
        int colon = arg.lastIndexOf(':');
        if (colon < 0) {
            tcpHost = arg;
            return true;
        }
        String port = arg.substring(colon + 1);
        if (colon > 0 || !port.isEmpty()) {
            OptionalLong value = CNumbers.scanUnsigned(port);
            if (value.isEmpty()) {
                err.println("Invalid port '" + port + "'");
                return false;
            }
            // The C code stores the u32 in an int, compares it signed and later truncates it to
            // 16 bits; its message shows the argument without its first character.
            int asInt = (int) value.getAsLong();
            if (asInt >= 65536) {
                err.println("Port '" + arg.substring(1) + "' outside valid range.");
                return false;
            }
            tcpPort = asInt;
        }
        tcpHost = colon == 0 ? DEFAULT_TCP_HOST : arg.substring(0, colon);
        return true;
    }
}
