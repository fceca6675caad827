package org.swtpmjava.swtpm;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

import org.swtpmjava.store.StateStore;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.dir.StatesJson;
import org.swtpmjava.swtpm.cli.Getopt;
import org.swtpmjava.swtpm.cli.OptionException;
import org.swtpmjava.swtpm.cli.SocketCommandLine;
import org.swtpmjava.swtpm.cli.SocketConfig;
import org.swtpmjava.swtpm.log.SwtpmLog;

/** {@code swtpm socket [options]}: the entry point, with swtpm's outputs and exit statuses. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Netty would otherwise look for a logging framework, find Log4j and load it on the
        // path to the first reply; swtpm's log has no lines of Netty's anyway.
        io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                io.netty.util.internal.logging.JdkLoggerFactory.INSTANCE);
        int status = run(args, System.getenv(), System.out, System.err);
        System.out.flush();
        System.err.flush();
        // Everything is written and closed by now. halt() skips the JVM's exit sequence, which
        // took ~300 ms here (CMD_SHUTDOWN -> process gone; the C swtpm needs ~1 ms).
        Runtime.getRuntime().halt(status);
    }

    /** Runs the command; returns the exit status (after a graceful stop for a running daemon). */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("Missing TPM interface type.");
            return 1;
        }
        switch (args[0]) {
            case "-v", "--version" -> {
                out.println("TPM emulator version " + Capabilities.SWTPM_INTERFACE_VERSION
                        + " (swtpm-java), interface compatible with swtpm");
                return 0;
            }
            case "-h", "--help" -> {
                out.print(Usage.general());
                return 0;
            }
            case "socket" -> {
                return socket(java.util.Arrays.copyOfRange(args, 1, args.length), env, out, err);
            }
            default -> {
                err.println("Unsupported TPM interface type '" + args[0] + "'.");
                err.print(Usage.general());
                return 1;
            }
        }
    }

    private static int socket(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        SocketConfig config;
        try {
            SocketCommandLine.Result result = new SocketCommandLine(env).parse(args);
            if (result.help()) {
                out.print(Usage.socket());
                return 0;
            }
            config = result.config();
        } catch (Getopt.GetoptException e) {
            err.println(e.getMessage());
            err.print(Usage.socket());
            return 1;
        } catch (OptionException e) {
            err.println("swtpm: " + e.getMessage());
            return 1;
        }
        if (config.printCapabilities()) {
            out.println(Capabilities.json(config.tpm2()));
            return 0;
        }
        if (!config.tpm2()) {
            err.println("swtpm: TPM 1.2 is not supported by swtpm-java yet; use --tpm2");
            return 1;
        }
        if (config.flags().startup() == SocketConfig.Startup.DEACTIVATED) {
            // swtpm logs this and ends with status 0 (observed with 0.7.1).
            err.println("swtpm: TPM 2 does not support startup deactivated.");
            return 0;
        }
        if (config.printStates()) {
            return printStates(config, out, err);
        }
        if (config.daemon()) {
            return Daemonizer.detach(args, err);
        }
        return serve(config, err);
    }

    private static int printStates(SocketConfig config, PrintStream out, PrintStream err) {
        try (StateStore store = Stores.open(config, null, notice -> err.println("swtpm: " + notice))) {
            out.print(StatesJson.of(store));
            return 0;
        } catch (StateStoreException e) {
            err.println("swtpm: " + e.getMessage());
            return 1;
        }
    }

    private static int serve(SocketConfig config, PrintStream err) {
        Daemon daemon = new Daemon(config, SwtpmLog.stderr());
        // Before the pid file exists: whoever reads it may send SIGTERM at once.
        Signals.onTermination(daemon::exit);
        try {
            daemon.start();
        } catch (OptionException e) {
            err.println("swtpm: " + e.getMessage());
            daemon.exit();
            return 1;
        } catch (Startup.StartupFailure e) {
            if (e.getMessage() != null) {
                err.println("swtpm: " + e.getMessage());
            }
            daemon.exit();
            return e.status();
        } catch (IOException e) {
            err.println("swtpm: " + e.getMessage());
            daemon.exit();
            return 1;
        }
        Daemonizer.signalReady();
        try {
            daemon.awaitExit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
