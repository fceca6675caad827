package org.swtpmjava.swtpm.cli;

import static org.swtpmjava.swtpm.cli.SocketCommandLine.parseKv;

import java.util.Map;
import java.util.Set;

import org.swtpmjava.swtpm.cli.SocketConfig.Backend;
import org.swtpmjava.swtpm.cli.SocketConfig.Flags;
import org.swtpmjava.swtpm.cli.SocketConfig.Key;
import org.swtpmjava.swtpm.cli.SocketConfig.Locality;
import org.swtpmjava.swtpm.cli.SocketConfig.Log;
import org.swtpmjava.swtpm.cli.SocketConfig.Migration;
import org.swtpmjava.swtpm.cli.SocketConfig.Pid;
import org.swtpmjava.swtpm.cli.SocketConfig.Startup;
import org.swtpmjava.swtpm.cli.SocketConfig.TpmState;

/** Parsers for the option families that are not channels, with swtpm's messages. */
final class StateOptionParsers {

    private static final String DIR_SCHEME = "dir://";
    private static final String FILE_SCHEME = "file://";

    private StateOptionParsers() {
    }

    /**
     * {@code --tpmstate}; without it, {@code TPM_PATH} names the directory (§1.2). Like swtpm,
     * a backend URI of an unknown scheme is accepted here and fails when the store is opened.
     * {@code lock} defaults to on for {@code dir://} and off for {@code file://} (swtpm 0.10+).
     */
    static TpmState tpmState(String text, Map<String, String> env) throws OptionException {
        if (text == null) {
            String path = env.get("TPM_PATH");
            return path == null ? null : new TpmState(Backend.DIR, path, 0640, false, true);
        }
        KeyValueOptions kv = parseKv(text, "tpmstate", Set.of("dir", "backend-uri", "mode", "lock"));
        Integer mode;
        try {
            mode = kv.mode("mode");
        } catch (OptionException e) {
            throw new OptionException("Error parsing tpmstate options: " + e.getMessage());
        }
        String dir = kv.string("dir");
        String uri = kv.string("backend-uri");
        if (dir == null && uri == null) {
            throw new OptionException("The dir or backend-uri parameters is required for the tpmstate option.");
        }
        Backend backend = Backend.DIR;
        String location = dir;
        if (dir == null) {
            if (uri.startsWith(DIR_SCHEME)) {
                location = uri.substring(DIR_SCHEME.length());
            } else {
                backend = uri.startsWith(FILE_SCHEME) ? Backend.FILE : Backend.UNSUPPORTED;
                location = uri;
            }
        }
        return new TpmState(backend, location, mode == null ? 0640 : mode, mode != null,
                kv.bool("lock", backend == Backend.DIR));
    }

    static Log log(String text) throws OptionException {
        if (text == null) {
            return null;
        }
        KeyValueOptions kv = parseKv(text, "logging", Set.of("file", "fd", "level", "prefix", "truncate"));
        Integer level;
        Integer fd;
        try {
            level = kv.integer("level");
            fd = kv.unsigned("fd");
        } catch (OptionException e) {
            throw new OptionException("Error parsing logging options: " + e.getMessage());
        }
        return new Log(kv.string("file"), fd, level == null ? 1 : level, kv.string("prefix"),
                kv.bool("truncate", false));
    }

    static Key key(String text, String what) throws OptionException {
        if (text == null) {
            return null;
        }
        KeyValueOptions kv = parseKv(text, what, Set.of("file", "fd", "pwdfile", "pwdfd", "format", "mode",
                "remove", "kdf"));
        Integer fd;
        Integer pwdFd;
        try {
            fd = kv.unsigned("fd");
            pwdFd = kv.unsigned("pwdfd");
        } catch (OptionException e) {
            throw new OptionException("Error parsing " + what + " options: " + e.getMessage());
        }
        String format = kv.has("format") ? kv.string("format") : "hex";
        if (!format.equals("hex") && !format.equals("binary")) {
            throw new OptionException("Unknown key format '" + format + "'.");
        }
        String mode = kv.has("mode") ? kv.string("mode") : "aes-128-cbc";
        if (!Set.of("aes-cbc", "aes-128-cbc", "aes-256-cbc").contains(mode)) {
            throw new OptionException("Unknown encryption mode '" + mode + "'.");
        }
        String kdf = kv.has("kdf") ? kv.string("kdf") : "pbkdf2";
        if (!kdf.equals("pbkdf2") && !kdf.equals("sha512")) {
            throw new OptionException("Unknown key derivation function (kdf) '" + kdf + "'.");
        }
        if (kv.string("file") == null && fd == null && kv.string("pwdfile") == null && pwdFd == null) {
            throw new OptionException("Either file=, fd=, pwdfile=, or pwdfd= is required for key option");
        }
        return new Key(kv.string("file"), fd, kv.string("pwdfile"), pwdFd, format, mode, kdf,
                kv.bool("remove", false));
    }

    static Pid pid(String text) throws OptionException {
        if (text == null) {
            return null;
        }
        KeyValueOptions kv = parseKv(text, "pid", Set.of("file", "fd"));
        Integer fd;
        try {
            fd = kv.unsigned("fd");
        } catch (OptionException e) {
            throw new OptionException("Error parsing pid options: " + e.getMessage());
        }
        if (kv.string("file") == null && fd == null) {
            throw new OptionException("The file or fd parameter is required for the pid option.");
        }
        return new Pid(kv.string("file"), fd);
    }

    static Locality locality(String text) throws OptionException {
        if (text == null) {
            return Locality.DEFAULT;
        }
        KeyValueOptions kv = parseKv(text, "locality", Set.of("reject-locality-4", "allow-set-locality"));
        return new Locality(kv.bool("reject-locality-4", false), kv.bool("allow-set-locality", false));
    }

    /** {@code --flags}: precedence clear > state > deactivated > none (§1.2). */
    static Flags flags(String text) throws OptionException {
        if (text == null) {
            return Flags.DEFAULT;
        }
        KeyValueOptions kv = parseKv(text, "flags", Set.of("not-need-init", "startup-clear", "startup-state",
                "startup-deactivated", "startup-none", "disable-auto-shutdown"));
        Startup startup = Startup.NONE;
        if (kv.bool("startup-clear", false)) {
            startup = Startup.CLEAR;
        } else if (kv.bool("startup-state", false)) {
            startup = Startup.STATE;
        } else if (kv.bool("startup-deactivated", false)) {
            startup = Startup.DEACTIVATED;
        }
        return new Flags(kv.bool("not-need-init", false), startup, kv.bool("disable-auto-shutdown", false));
    }

    static Migration migration(String text) throws OptionException {
        if (text == null) {
            return Migration.DEFAULT;
        }
        KeyValueOptions kv = parseKv(text, "migration", Set.of("incoming", "release-lock-outgoing"));
        return new Migration(kv.bool("incoming", false), kv.bool("release-lock-outgoing", false));
    }
}
