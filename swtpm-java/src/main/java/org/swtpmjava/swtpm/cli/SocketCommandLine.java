package org.swtpmjava.swtpm.cli;

import static org.swtpmjava.swtpm.cli.Getopt.Arg.NONE;
import static org.swtpmjava.swtpm.cli.Getopt.Arg.REQUIRED;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.swtpmjava.swtpm.cli.Getopt.Option;
import org.swtpmjava.swtpm.cli.SocketConfig.Channel;
import org.swtpmjava.swtpm.cli.SocketConfig.Transport;

/**
 * {@code swtpm socket [options]}: options parsed with getopt_long and swtpm's {@code key=value}
 * rules into a {@link SocketConfig}, with swtpm's messages (swtpm-protocol.md §1).
 * As in swtpm, a repeated option's last occurrence wins.
 */
public final class SocketCommandLine {

    /** The long options in swtpm's table order (the order shows in "ambiguous" messages). */
    static final List<Option> OPTIONS = List.of(
            new Option("port", 'p', REQUIRED),
            new Option("fd", 'f', REQUIRED),
            new Option("server", '\0', REQUIRED),
            new Option("terminate", 't', NONE),
            new Option("locality", '\0', REQUIRED),
            new Option("log", '\0', REQUIRED),
            new Option("key", '\0', REQUIRED),
            new Option("migration-key", '\0', REQUIRED),
            new Option("pid", '\0', REQUIRED),
            new Option("tpmstate", '\0', REQUIRED),
            new Option("tpm2", '\0', NONE),
            new Option("help", 'h', NONE),
            new Option("daemon", 'd', NONE),
            new Option("ctrl", '\0', REQUIRED),
            new Option("flags", '\0', REQUIRED),
            new Option("runas", 'r', REQUIRED),
            new Option("seccomp", '\0', REQUIRED),
            new Option("migration", '\0', REQUIRED),
            new Option("print-capabilities", '\0', NONE),
            new Option("print-states", '\0', NONE));

    /** The outcome: a configuration to run, or help to print. */
    public record Result(SocketConfig config, boolean help) {
    }

    private final Map<String, String> env;

    public SocketCommandLine(Map<String, String> env) {
        this.env = env;
    }

    /**
     * @throws Getopt.GetoptException a getopt error (print it, then the usage, exit 1)
     * @throws OptionException        a swtpm option error (print "swtpm: " + message, exit 1)
     */
    public Result parse(String[] args) throws Getopt.GetoptException, OptionException {
        Map<String, String> last = new HashMap<>();
        for (Getopt.Parsed p : new Getopt("socket", OPTIONS).parse(args)) {
            if (p.option() == null) {
                throw new OptionException("Unknown parameter '" + p.value() + "'");
            }
            last.put(p.option().longName(), p.value() == null ? "" : p.value());
        }
        if (last.containsKey("help")) {
            return new Result(null, true);
        }
        boolean tpm2 = last.containsKey("tpm2");
        Channel server = serverChannel(last);
        if (last.containsKey("fd")) {
            server = fdChannel(last.get("fd"));
        } else if (last.containsKey("port")) {
            server = portChannel(last.get("port"));
        }
        String seccomp = last.get("seccomp");
        if (seccomp != null) {
            checkSeccomp(seccomp);
        }
        SocketConfig config = new SocketConfig(
                tpm2,
                StateOptionParsers.tpmState(last.get("tpmstate"), env),
                ctrlChannel(last.get("ctrl")),
                server,
                StateOptionParsers.log(last.get("log")),
                StateOptionParsers.key(last.get("key"), "key"),
                StateOptionParsers.key(last.get("migration-key"), "migration-key"),
                StateOptionParsers.pid(last.get("pid")),
                StateOptionParsers.locality(last.get("locality")),
                StateOptionParsers.flags(last.get("flags")),
                StateOptionParsers.migration(last.get("migration")),
                last.containsKey("terminate"),
                last.containsKey("daemon"),
                last.get("runas"),
                last.containsKey("print-capabilities"),
                last.containsKey("print-states"));
        if (config.printStates() && config.tpmState() == null) {
            throw new OptionException("Error: --tpmstate option is required for --print-states");
        }
        return new Result(config, false);
    }

    private static void checkSeccomp(String text) throws OptionException {
        KeyValueOptions kv = parseKv(text, "seccomp", Set.of("action"));
        String action = kv.string("action");
        if (action != null && !Set.of("none", "kill", "log").contains(action)) {
            throw new OptionException("Unsupported seccomp log action " + action);
        }
    }

    static KeyValueOptions parseKv(String text, String what, Set<String> names) throws OptionException {
        try {
            return KeyValueOptions.parse(text, names);
        } catch (OptionException e) {
            throw new OptionException("Error parsing " + what + " options: " + e.getMessage());
        }
    }

    private static Channel ctrlChannel(String text) throws OptionException {
        if (text == null) {
            return null;
        }
        KeyValueOptions kv = parseKv(text, "ctrl", Set.of("type", "path", "port", "bindaddr", "ifname", "fd",
                "clientfd", "mode", "uid", "gid", "terminate"));
        String type = kv.has("type") ? kv.string("type") : "";
        Integer fd = unsignedOrError(kv, "fd", "ctrl");
        Integer clientFd = unsignedOrError(kv, "clientfd", "ctrl");
        Integer mode = modeOrError(kv, "ctrl");
        Integer uid = Accounts.uid(kv.string("uid"), "ctrl");
        Integer gid = Accounts.gid(kv.string("gid"), "ctrl");
        boolean terminate = kv.bool("terminate", false);
        if (type.equals("unixio")) {
            if (kv.string("path") == null && fd == null && clientFd == null) {
                throw new OptionException("Missing path and fd options for UnixIO control channel");
            }
            return new Channel(Transport.UNIXIO, kv.string("path"), null, null, fd, clientFd,
                    mode == null ? 0770 : mode, uid, gid, false, terminate);
        }
        if (type.equals("tcp")) {
            Integer port = portOrError(kv, "ctrl");
            if (port == null && fd == null) {
                throw new OptionException("Missing port and fd options for TCP control channel");
            }
            return new Channel(Transport.TCP, null, port, bindAddress(kv), fd, null, 0, null, null, false,
                    terminate);
        }
        throw new OptionException("Unsupport control channel type: " + type);
    }

    private Channel serverChannel(Map<String, String> last) throws OptionException {
        String text = last.get("server");
        if (text == null) {
            return null;
        }
        KeyValueOptions kv = parseKv(text, "server", Set.of("type", "port", "bindaddr", "ifname", "fd",
                "disconnect", "path", "mode", "uid", "gid"));
        String type = kv.has("type") ? kv.string("type") : "tcp";
        Integer fd = unsignedOrError(kv, "fd", "server");
        boolean disconnect = kv.bool("disconnect", false);
        if (type.equals("unixio")) {
            Integer mode = modeOrError(kv, "server");
            if (kv.string("path") == null && fd == null) {
                throw new OptionException("Missing path and file descriptor option for UnixIO socket");
            }
            return new Channel(Transport.UNIXIO, kv.string("path"), null, null, fd, null,
                    mode == null ? 0770 : mode, Accounts.uid(kv.string("uid"), "server"),
                    Accounts.gid(kv.string("gid"), "server"), disconnect, false);
        }
        if (type.equals("tcp")) {
            if (fd != null) {
                // For tcp, fd= is an already connected socket (swtpm-protocol.md §1.2).
                return new Channel(Transport.TCP, null, null, null, null, fd, 0, null, null, disconnect, true);
            }
            Integer port = portOrError(kv, "server");
            if (port == null) {
                port = envPort();
            }
            return new Channel(Transport.TCP, null, port, bindAddress(kv), null, null, 0, null, null,
                    disconnect, false);
        }
        throw new OptionException("Unsupport socket type: " + type);
    }

    private Integer envPort() throws OptionException {
        String p = env.get("TPM_PORT");
        try {
            int port = Integer.parseInt(p == null ? "" : p);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to swtpm's message
        }
        throw new OptionException("No valid port number provided for TCP socket.");
    }

    /** {@code -p}: a TCP server that closes the connection after every response; strtol base 0. */
    private static Channel portChannel(String text) throws OptionException {
        long port;
        try {
            port = Long.decode(text);
        } catch (NumberFormatException e) {
            throw new OptionException("Port is outside valid range.");
        }
        if (port < 0 || port > 65535) {
            throw new OptionException("Port is outside valid range.");
        }
        return new Channel(Transport.TCP, null, (int) port, "127.0.0.1", null, null, 0, null, null, true, false);
    }

    /** {@code --fd}: an already connected data connection; implies terminate. */
    private static Channel fdChannel(String text) throws OptionException {
        int fd;
        try {
            fd = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new OptionException("Cannot stat file descriptor: Bad file descriptor");
        }
        checkDataFdType(fd);
        if (fd >= 0 && fd <= 2) {
            throw new OptionException("Error: Cannot accept file descriptors with values 0, 1, or 2");
        }
        return new Channel(Transport.UNIXIO, null, null, null, null, fd, 0, null, null, false, true);
    }

    /** swtpm refuses regular files, directories, block devices and symlinks as data connections. */
    private static void checkDataFdType(int fd) throws OptionException {
        Path proc = Path.of("/proc/self/fd/" + fd);
        try {
            BasicFileAttributes attrs = Files.readAttributes(proc, BasicFileAttributes.class);
            if (attrs.isRegularFile() || attrs.isDirectory() || attrs.isOther() && isBlockDevice(proc)) {
                throw new OptionException("Given file descriptor type is not supported.");
            }
        } catch (IOException e) {
            throw new OptionException("Cannot stat file descriptor: Bad file descriptor");
        }
    }

    private static boolean isBlockDevice(Path p) throws IOException {
        Object mode = Files.getAttribute(p, "unix:mode");
        return mode instanceof Integer m && (m & 0170000) == 0060000;
    }

    private static String bindAddress(KeyValueOptions kv) {
        return kv.has("bindaddr") ? kv.string("bindaddr") : "127.0.0.1";
    }

    private static Integer portOrError(KeyValueOptions kv, String what) throws OptionException {
        Integer port = unsignedOrError(kv, "port", what);
        if (port != null && port > 65535) {
            throw new OptionException("TCP socket port outside valid range");
        }
        return port;
    }

    private static Integer unsignedOrError(KeyValueOptions kv, String name, String what) throws OptionException {
        try {
            return kv.unsigned(name);
        } catch (OptionException e) {
            throw new OptionException("Error parsing " + what + " options: " + e.getMessage());
        }
    }

    private static Integer modeOrError(KeyValueOptions kv, String what) throws OptionException {
        try {
            return kv.mode("mode");
        } catch (OptionException e) {
            throw new OptionException("Error parsing " + what + " options: " + e.getMessage());
        }
    }
}
