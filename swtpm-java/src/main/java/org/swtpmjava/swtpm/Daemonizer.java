package org.swtpmjava.swtpm;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -d/--daemon}. A JVM cannot fork, so the daemon is a new JVM running the same command
 * without the option, in its own session; this process exits 0 once that one reports that its
 * sockets listen and its pid file is written (swtpm's parent also waits for that), or with the
 * child's status if it fails first.
 */
final class Daemonizer {

    private static final String CHILD_MARK = "SWTPM_JAVA_DAEMON_CHILD";
    private static final String READY = "READY";

    private Daemonizer() {
    }

    static int detach(String[] socketArgs, PrintStream err) {
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("socket");
        for (String a : socketArgs) {
            if (!a.equals("-d") && !a.equals("--daemon")) {
                cmd.add(a);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put(CHILD_MARK, "1");
        try {
            Process child = pb.start();
            BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.US_ASCII));
            String line = r.readLine();
            if (READY.equals(line)) {
                return 0;
            }
            return child.waitFor();
        } catch (IOException e) {
            err.println("swtpm: Could not daemonize: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** In a daemon child: tell the parent that start-up is complete, then let go of its pipe. */
    static void signalReady() {
        if (System.getenv(CHILD_MARK) == null) {
            return;
        }
        System.out.println(READY);
        System.out.flush();
        System.out.close();
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    }
}
