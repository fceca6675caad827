package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * tpm2-tools' object commands (tpm2_createprimary with its default templates and the EK-like
 * ones, tpm2_readpublic, tpm2_sign, tpm2_verifysignature, tpm2_flushcontext; no context files, as
 * ContextSave is not implemented yet) against the C
 * swtpm with the RAND_bytes preload and against the engine with the same entropy: the printed
 * public areas and Names must be the same, signatures must verify on the side that made them.
 * Skipped without tpm2-tools or a C compiler.
 */
class Tpm2ToolsObjectsDifferentialTest {
    private static final List<List<String>> TOOLS = List.of(
            List.of("tpm2_createprimary", "-C", "o"),
            List.of("tpm2_readpublic", "-c", "0x80000000"),
            List.of("tpm2_createprimary", "-C", "e", "-G", "ecc256"),
            List.of("tpm2_createprimary", "-C", "p", "-G", "hmac", "-a",
                    "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign"),
            List.of("tpm2_getcap", "handles-transient"),
            List.of("tpm2_createprimary", "-C", "n", "-G", "aes"),
            List.of("tpm2_flushcontext", "-t"),
            List.of("tpm2_createprimary", "-C", "o", "-G", "rsa2048:rsassa-sha256", "-a",
                    "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign"),
            List.of("tpm2_sign", "-c", "0x80000000", "-g", "sha256", "-o", "SIG", "MESSAGE"),
            List.of("tpm2_verifysignature", "-c", "0x80000000", "-g", "sha256", "-m", "MESSAGE", "-s", "SIG"),
            List.of("tpm2_createprimary", "-C", "o", "-G", "ecc384:ecdsa-sha384", "-a",
                    "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign"),
            List.of("tpm2_sign", "-c", "0x80000001", "-g", "sha384", "-o", "SIG", "MESSAGE"),
            List.of("tpm2_verifysignature", "-c", "0x80000001", "-g", "sha384", "-m", "MESSAGE", "-s", "SIG"),
            List.of("tpm2_verifysignature", "-c", "0x80000000", "-g", "sha384", "-m", "MESSAGE", "-s", "SIG"),
            List.of("tpm2_createprimary", "-C", "o", "-G", "hmac"),
            List.of("tpm2_flushcontext", "-t"),
            List.of("tpm2_createprimary", "-C", "o", "-G", "rsa1024", "-g", "sha1"),
            List.of("tpm2_createprimary", "-C", "o", "-G", "ecc_nist_p999"),
            List.of("tpm2_getcap", "handles-transient"));

    @TempDir
    Path dir;
    private int swtpmPort;

    @Test
    void toolsSeeTheSameObjects() throws Exception {
        assumeTrue(onPath("tpm2_createprimary"), "tpm2-tools not installed");
        Path preload = RandBytesPreload.build(Files.createDirectory(dir.resolve("preload")));
        assumeTrue(preload != null, "no C compiler (cc) to build the RAND_bytes preload library");
        Path message = dir.resolve("message");
        Files.writeString(message, "message to sign\n");
        List<String> reference;
        Process swtpm = startSwtpm(preload);
        try {
            reference = runAll("swtpm:host=127.0.0.1,port=" + swtpmPort, message, "c");
        } finally {
            swtpm.destroy();
            swtpm.waitFor(10, TimeUnit.SECONDS);
        }
        List<String> actual;
        try (JavaTpm engine = new JavaTpm(new FixedEntropy()); EngineTcpServer server = new EngineTcpServer(engine)) {
            engine.command(TestBytes.command(0x8001, 0x144, "0000"));
            actual = runAll("swtpm:host=127.0.0.1,port=" + server.dataPort(), message, "java");
        }
        if (Boolean.getBoolean("differential.verbose")) {
            reference.forEach(System.out::println);
        }
        assertThat(actual).containsExactlyElementsOf(reference);
    }

    /** swtpm with the preload and startup-clear, as a TSS sees a booted TPM. */
    private Process startSwtpm(Path preload) throws IOException, InterruptedException {
        Path state = Files.createDirectory(dir.resolve("swtpm-state"));
        for (int attempt = 0; attempt < 10; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            ProcessBuilder builder = new ProcessBuilder("swtpm", "socket", "--tpm2", "--tpmstate", "dir=" + state,
                    "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
                    "--ctrl", "type=tcp,port=" + (port + 1) + ",bindaddr=127.0.0.1",
                    "--flags", "not-need-init,startup-clear")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("swtpm.log").toFile());
            builder.environment().put("LD_PRELOAD", preload.toString());
            Process process = builder.start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (process.isAlive() && System.currentTimeMillis() < deadline) {
                try (Socket probe = new Socket("127.0.0.1", port + 1)) {
                    swtpmPort = port;
                    return process;
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            process.destroyForcibly();
        }
        throw new IOException("swtpm did not start");
    }

    private List<String> runAll(String tcti, Path message, String side) throws IOException, InterruptedException {
        List<String> results = new ArrayList<>();
        Path signature = dir.resolve("signature-" + side);
        for (List<String> tool : TOOLS) {
            List<String> args = new ArrayList<>();
            for (String arg : tool) {
                args.add(switch (arg) {
                    case "MESSAGE" -> message.toString();
                    case "SIG" -> signature.toString();
                    default -> arg;
                });
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
