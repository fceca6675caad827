package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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
 * tpm2_encryptdecrypt (EncryptDecrypt2, a 3000-byte file in chained calls through ivOut) and
 * tpm2_hmac (TPM2_MAC for a short file, MAC_Start / SequenceUpdate / SequenceComplete for a long
 * one) against the C swtpm with the RAND_bytes preload and against the engine with the same
 * entropy: exit codes, printed output and the files written must be the same. Without a resource
 * manager every tool leaves its loaded context behind, hence a flush after each. Skipped without
 * tpm2-tools or a C compiler.
 */
class SymmetricTpm2ToolsDifferentialTest {
    private static final String SIGN_DECRYPT = "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|decrypt|sign";
    private static final String SIGN = "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign";
    private static final List<List<String>> TOOLS = withFlushes(List.of(
            List.of("tpm2_createprimary", "-C", "o", "-G", "aes128cfb", "-a", SIGN_DECRYPT, "-c", "FILE:aes.ctx"),
            List.of("tpm2_encryptdecrypt", "-c", "FILE:aes.ctx", "-o", "FILE:short.enc", "SHORT"),
            List.of("HEX", "FILE:short.enc"),
            List.of("tpm2_encryptdecrypt", "-d", "-c", "FILE:aes.ctx", "-o", "FILE:short.dec", "FILE:short.enc"),
            List.of("HEX", "FILE:short.dec"),
            List.of("tpm2_encryptdecrypt", "-c", "FILE:aes.ctx", "-o", "FILE:long.enc", "LONG"),
            List.of("HEX", "FILE:long.enc"),
            List.of("tpm2_encryptdecrypt", "-d", "-c", "FILE:aes.ctx", "-o", "FILE:long.dec", "FILE:long.enc"),
            List.of("HEX", "FILE:long.dec"),
            List.of("tpm2_createprimary", "-C", "o", "-G", "camellia256", "-a", SIGN_DECRYPT, "-c", "FILE:cam.ctx"),
            List.of("tpm2_encryptdecrypt", "-c", "FILE:cam.ctx", "-G", "ctr", "-o", "FILE:cam.enc", "LONG"),
            List.of("HEX", "FILE:cam.enc"),
            List.of("tpm2_encryptdecrypt", "-c", "FILE:cam.ctx", "-G", "ecb", "-o", "FILE:ecb.enc", "SHORT"),
            List.of("tpm2_createprimary", "-C", "o", "-G", "hmac", "-a", SIGN, "-c", "FILE:hmac.ctx"),
            List.of("tpm2_hmac", "-c", "FILE:hmac.ctx", "--hex", "SHORT"),
            List.of("tpm2_hmac", "-c", "FILE:hmac.ctx", "--hex", "LONG"),
            List.of("tpm2_hmac", "-c", "FILE:hmac.ctx", "-g", "sha1", "--hex", "SHORT"),
            List.of("tpm2_createprimary", "-C", "o", "-G", "hmac:sha512", "-a", SIGN, "-c", "FILE:hmac5.ctx"),
            List.of("tpm2_hmac", "-c", "FILE:hmac5.ctx", "-o", "FILE:hmac5.out", "LONG"),
            List.of("HEX", "FILE:hmac5.out"),
            List.of("tpm2_getcap", "handles-transient")));

    @TempDir
    Path dir;
    private static List<List<String>> withFlushes(List<List<String>> tools) {
        List<List<String>> flushed = new ArrayList<>();
        for (List<String> tool : tools) {
            flushed.add(tool);
            if (!tool.get(0).equals("HEX")) {
                flushed.add(List.of("tpm2_flushcontext", "-t"));
            }
        }
        return flushed;
    }

    @Test
    void encryptDecryptAndHmacToolsGiveTheSameResults() throws Exception {
        assumeTrue(onPath("tpm2_encryptdecrypt") && onPath("tpm2_hmac"), "tpm2-tools not installed");
        Path preload = RandBytesPreload.shared();
        Path shortFile = dir.resolve("short");
        Files.writeString(shortFile, "hello world, 16b\n");
        Path longFile = dir.resolve("long");
        Files.write(longFile, "a".repeat(3000).getBytes(StandardCharsets.US_ASCII));
        List<String> reference;
        try (TcpSwtpm swtpm = TcpSwtpm.start(dir, preload)) {
            reference = runAll(swtpm.tcti(), shortFile, longFile);
        }
        List<String> actual;
        try (JavaTpm engine = new JavaTpm(new FixedEntropy()); EngineTcpServer server = new EngineTcpServer(engine)) {
            engine.command(TestBytes.command(0x8001, 0x144, "0000"));
            actual = runAll("swtpm:host=127.0.0.1,port=" + server.dataPort(), shortFile, longFile);
        }
        if (Boolean.getBoolean("differential.verbose")) {
            reference.forEach(System.out::println);
        }
        assertThat(reference).as("the tools work on the C swtpm").anyMatch(line -> line.startsWith("tpm2_hmac")
                && line.contains("exit 0"));
        assertThat(actual).containsExactlyElementsOf(reference);
    }

    private List<String> runAll(String tcti, Path shortFile, Path longFile) throws IOException, InterruptedException {
        List<String> results = new ArrayList<>();
        // the same paths on both sides, as the tools print them in their errors
        Path files = dir.resolve("files");
        if (Files.exists(files)) {
            try (var old = Files.list(files)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(files);
        for (List<String> tool : TOOLS) {
            List<String> args = new ArrayList<>();
            for (String arg : tool) {
                if (arg.startsWith("FILE:")) {
                    args.add(files.resolve(arg.substring(5)).toString());
                } else {
                    args.add(switch (arg) {
                        case "SHORT" -> shortFile.toString();
                        case "LONG" -> longFile.toString();
                        default -> arg;
                    });
                }
            }
            if (args.get(0).equals("HEX")) {
                Path file = Path.of(args.get(1));
                results.add(String.join(" ", tool) + " -> "
                        + (Files.exists(file) ? TestBytes.hex(Files.readAllBytes(file)) : "missing"));
                continue;
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
