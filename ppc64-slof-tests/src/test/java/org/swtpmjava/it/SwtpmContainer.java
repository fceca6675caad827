package org.swtpmjava.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The C swtpm of another Debian release, run once in a container on a state directory of this
 * host: it starts {@code swtpm socket} on {@code <dir>/state} (bind-mounted at the same path),
 * runs tpm2-tools commands (and swtpm_ioctl, on its control port) against it with that
 * release's tools, stops it with
 * {@code swtpm_ioctl -s} and ends. Each tool's exit status and stdout come back as
 * {@link StateDirInteropIT.Step}s, as {@link StateDirInteropIT#run} gives them for the host's emulators.
 */
final class SwtpmContainer {

    private SwtpmContainer() {
    }

    /**
     * Runs {@code tools} in {@code image} against its swtpm started with {@code swtpmOptions}
     * (e.g. {@code --flags not-need-init,startup-clear}); the swtpm's stderr and log end up in
     * {@code <dir>/container-swtpm.err} and {@code .log}.
     */
    static List<StateDirInteropIT.Step> run(String image, Path dir, List<String> swtpmOptions,
            List<List<String>> tools) throws IOException {
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        StringBuilder script = new StringBuilder("cd '" + dir + "'\n")
                .append("swtpm socket --tpm2 --tpmstate dir=").append(state)
                .append(" --server type=tcp,port=2321 --ctrl type=tcp,port=2322 ")
                .append(String.join(" ", swtpmOptions))
                .append(" --log file=").append(dir.resolve("container-swtpm.log"))
                .append(" --pid file=").append(dir.resolve("container-swtpm.pid"))
                .append(" --daemon 2>container-swtpm.err\n")
                .append("for i in $(seq 100); do (: </dev/tcp/127.0.0.1/2321) 2>/dev/null && break; sleep 0.1; done\n");
        for (int i = 0; i < tools.size(); i++) {
            List<String> tool = new ArrayList<>(tools.get(i));
            if (tool.get(0).startsWith("tpm2_")) {
                tool.addAll(1, List.of("-T", "swtpm:host=127.0.0.1,port=2321"));
            } else if (tool.get(0).equals("swtpm_ioctl")) {
                tool.addAll(1, List.of("--tcp", "127.0.0.1:2322"));
            }
            script.append(shellWords(tool)).append(" >tool-").append(i).append(".out 2>tool-").append(i)
                    .append(".err; echo $? >tool-").append(i).append(".rc\n");
        }
        script.append("swtpm_ioctl --tcp 127.0.0.1:2322 -s\n")
                .append("for i in $(seq 100); do [ -e container-swtpm.pid ] && kill -0 $(cat container-swtpm.pid)"
                        + " 2>/dev/null || break; sleep 0.1; done\n")
                // the files belong to root in the container; the host side may be another user
                .append("chmod -R a+rwX '").append(dir).append("'\n");
        try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image))
                .withCommand("bash", "-c", script.toString())
                .withNetworkMode("none")
                .withFileSystemBind(dir.toString(), dir.toString(), BindMode.READ_WRITE)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(3)))) {
            c.start();
        }
        List<StateDirInteropIT.Step> steps = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            Path rc = dir.resolve("tool-" + i + ".rc");
            if (!Files.exists(rc)) {
                throw new IOException("the container did not run " + tools.get(i) + "; its swtpm said:\n"
                        + readIfExists(dir.resolve("container-swtpm.err"))
                        + readIfExists(dir.resolve("container-swtpm.log")));
            }
            steps.add(new StateDirInteropIT.Step(String.join(" ", tools.get(i)),
                    Integer.parseInt(Files.readString(rc).trim()),
                    Files.readString(dir.resolve("tool-" + i + ".out"), StandardCharsets.UTF_8)));
        }
        return steps;
    }

    private static String readIfExists(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    private static String shellWords(List<String> words) {
        StringBuilder s = new StringBuilder();
        for (String w : words) {
            s.append(s.length() == 0 ? "" : " ").append('\'').append(w.replace("'", "'\\''")).append('\'');
        }
        return s.toString();
    }
}
