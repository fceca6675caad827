package org.swtpmjava.store.oracle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Starts another JVM on the test class path, running a test class's main method. */
public final class ChildJvm {
    private ChildJvm() {
    }

    public static ProcessBuilder builder(Class<?> mainClass, String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    public static Process start(Class<?> mainClass, String... args) throws IOException {
        return builder(mainClass, args).redirectErrorStream(true).start();
    }

    /**
     * Runs {@code mainClass}, waits for its first line "writing", lets it write for up to
     * {@code maxMillis} more and kills it with SIGKILL: the crash tests' writer.
     */
    public static void killWhileWriting(Class<?> mainClass, Random random, int maxMillis, String... args)
            throws IOException, InterruptedException {
        Process writer = start(mainClass, args);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = out.readLine();
            if (!"writing".equals(first)) {
                throw new IllegalStateException(mainClass.getSimpleName() + " did not start writing: " + first);
            }
            Thread.sleep(random.nextInt(maxMillis));
        } finally {
            writer.destroyForcibly();
            if (!writer.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(mainClass.getSimpleName() + " survived SIGKILL");
            }
        }
    }
}
