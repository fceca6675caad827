package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.tpm.TestBytes;

/**
 * tpm2-tools commands that use HMAC sessions with parameter encryption (tpm2_changeauth,
 * tpm2_clear, tpm2_dictionarylockout, tpm2_pcrevent), run through the swtpm TCTI against the C
 * swtpm and against the engine behind {@link EngineTcpServer}; exit codes and outputs must match.
 * Skipped when tpm2-tools is not installed.
 */
class Tpm2ToolsSessionsDifferentialTest {
    private static final List<List<String>> TOOLS = List.of(
            List.of("tpm2_changeauth", "-c", "owner", "newpass"),
            List.of("tpm2_changeauth", "-c", "owner", "-p", "wrongpass", "other"),
            List.of("tpm2_changeauth", "-c", "owner", "-p", "newpass", ""),
            List.of("tpm2_clear"),
            List.of("tpm2_dictionarylockout", "-s", "-n", "5", "-t", "6", "-l", "7"),
            List.of("tpm2_pcrevent", "16", "EVENT_FILE"),
            List.of("tpm2_pcrread", "sha256:16"),
            List.of("tpm2_getcap", "properties-variable"),
            List.of("tpm2_changeauth", "-c", "lockout", "lockpass"),
            List.of("tpm2_clear", "-c", "lockout", "lockpass"),
            List.of("tpm2_changeauth", "-c", "endorsement", "e"),
            List.of("tpm2_changeauth", "-c", "endorsement", "-p", "e", "f"),
            List.of("tpm2_changeauth", "-c", "platform", "p"),
            List.of("tpm2_changeauth", "-c", "lockout", "lockpass"),
            List.of("tpm2_clear", "-c", "lockout"),
            List.of("tpm2_clear", "-c", "lockout", "lockpass"),
            List.of("tpm2_dictionarylockout", "-c", "-p", "lockpass"),
            List.of("tpm2_getcap", "properties-variable"),
            List.of("tpm2_getcap", "handles-loaded-session"),
            List.of("tpm2_getcap", "handles-saved-session"));

    @TempDir
    Path dir;

    @Test
    void toolsBehaveTheSame() throws Exception {
        assumeTrue(onPath("tpm2_changeauth"), "tpm2-tools not installed");
        Path event = dir.resolve("event");
        Files.writeString(event, "data\n");
        List<String> reference;
        try (TcpSwtpm swtpm = TcpSwtpm.start(dir, null)) {
            reference = runAll(swtpm.tcti(), event);
        }
        List<String> actual;
        SecureRandom random = new SecureRandom();
        try (JavaTpm engine = new JavaTpm(random::nextBytes); EngineTcpServer server = new EngineTcpServer(engine)) {
            engine.command(TestBytes.command(0x8001, 0x144, "0000"));
            actual = runAll("swtpm:host=127.0.0.1,port=" + server.dataPort(), event);
        }
        if (Boolean.getBoolean("differential.verbose")) {
            reference.forEach(System.out::println);
        }
        assertThat(actual).containsExactlyElementsOf(reference);
    }

    private List<String> runAll(String tcti, Path event) throws IOException, InterruptedException {
        List<String> results = new ArrayList<>();
        for (List<String> tool : TOOLS) {
            List<String> args = new ArrayList<>();
            for (String arg : tool) {
                args.add(arg.equals("EVENT_FILE") ? event.toString() : arg);
            }
            ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
            builder.environment().put("TPM2TOOLS_TCTI", tcti);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            results.add(String.join(" ", tool) + " -> exit " + process.exitValue() + "\n" + output);
        }
        return results;
    }

    private static boolean onPath(String executable) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(entry, executable))) {
                return true;
            }
        }
        return false;
    }
}
