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
 * tpm2-tools' object commands (tpm2_createprimary with its default templates and the EK-like
 * ones, tpm2_readpublic, tpm2_sign, tpm2_verifysignature, tpm2_flushcontext; and flows through
 * context files: tpm2_createprimary -c, tpm2_create -C, tpm2_load, tpm2_sign, tpm2_unseal) against
 * the C swtpm with the RAND_bytes preload and against the engine with the same entropy: the
 * printed public areas and Names must be the same, signatures must verify on the side that made
 * them. Tools whose output shows an RSA or ECC key made by TPM2_Create (OpenSSL-generated in
 * libtpms, so not reproducible) are compared by exit code only ("EXIT-ONLY"); "HEX file" prints a
 * file the tools wrote. Skipped without tpm2-tools or a C compiler.
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

    /** Flows through context files; PRIMARY, KEY... name files in the scenario's directory. */
    private static final List<List<String>> CONTEXT_FILE_TOOLS = withFlushes(List.of(
            List.of("tpm2_createprimary", "-C", "o", "-c", "FILE:primary.ctx"),
            List.of("tpm2_create", "-C", "FILE:primary.ctx", "-G", "hmac", "-u", "FILE:hmac.pub", "-r",
                    "FILE:hmac.priv"),
            List.of("tpm2_load", "-C", "FILE:primary.ctx", "-u", "FILE:hmac.pub", "-r", "FILE:hmac.priv", "-c",
                    "FILE:hmac.ctx"),
            List.of("tpm2_sign", "-c", "FILE:hmac.ctx", "-g", "sha256", "-o", "FILE:hmac.sig", "MESSAGE"),
            List.of("HEX", "FILE:hmac.sig"),
            List.of("tpm2_readpublic", "-c", "FILE:hmac.ctx"),
            List.of("tpm2_create", "-C", "FILE:primary.ctx", "-i", "MESSAGE", "-u", "FILE:seal.pub", "-r",
                    "FILE:seal.priv"),
            List.of("tpm2_load", "-C", "FILE:primary.ctx", "-u", "FILE:seal.pub", "-r", "FILE:seal.priv", "-c",
                    "FILE:seal.ctx"),
            List.of("tpm2_unseal", "-c", "FILE:seal.ctx"),
            List.of("tpm2_load", "-C", "FILE:primary.ctx", "-u", "FILE:hmac.pub", "-r", "FILE:seal.priv", "-c",
                    "FILE:bad.ctx"),
            List.of("tpm2_create", "-C", "FILE:primary.ctx", "-G", "ecc256:ecdsa-sha256", "-u", "FILE:ecc.pub", "-r",
                    "FILE:ecc.priv", "EXIT-ONLY"),
            List.of("tpm2_load", "-C", "FILE:primary.ctx", "-u", "FILE:ecc.pub", "-r", "FILE:ecc.priv", "-c",
                    "FILE:ecc.ctx", "EXIT-ONLY"),
            List.of("tpm2_sign", "-c", "FILE:ecc.ctx", "-g", "sha256", "-o", "FILE:ecc.sig", "MESSAGE"),
            List.of("tpm2_verifysignature", "-c", "FILE:ecc.ctx", "-g", "sha256", "-m", "MESSAGE", "-s",
                    "FILE:ecc.sig"),
            List.of("tpm2_create", "-C", "FILE:primary.ctx", "-G", "rsa2048:rsassa-sha256", "-u", "FILE:rsa.pub",
                    "-r", "FILE:rsa.priv", "EXIT-ONLY"),
            List.of("tpm2_load", "-C", "FILE:primary.ctx", "-u", "FILE:rsa.pub", "-r", "FILE:rsa.priv", "-c",
                    "FILE:rsa.ctx", "EXIT-ONLY"),
            List.of("tpm2_sign", "-c", "FILE:rsa.ctx", "-g", "sha256", "-o", "FILE:rsa.sig", "MESSAGE"),
            List.of("tpm2_verifysignature", "-c", "FILE:rsa.ctx", "-g", "sha256", "-m", "MESSAGE", "-s",
                    "FILE:rsa.sig"),
            List.of("tpm2_getcap", "handles-transient")));

    /**
     * Sessions kept in context files between tools (each tool loads the session context, uses the
     * session and saves it again): HMAC and policy sessions, the policy digest going on across
     * tools, sessions used for authorization, saved-session handles, flushes of saved sessions.
     */
    private static final List<List<String>> SESSION_FILE_TOOLS = List.of(
            List.of("tpm2_startauthsession", "--hmac-session", "-S", "FILE:hmac.ctx"),
            List.of("tpm2_startauthsession", "--policy-session", "-S", "FILE:policy.ctx"),
            List.of("tpm2_getcap", "handles-saved-session"),
            List.of("tpm2_getcap", "handles-loaded-session"),
            List.of("tpm2_policycommandcode", "-S", "FILE:policy.ctx", "-L", "FILE:cc.digest", "0x129"),
            List.of("tpm2_policypassword", "-S", "FILE:policy.ctx", "-L", "FILE:password.digest"),
            List.of("HEX", "FILE:password.digest"),
            List.of("tpm2_sessionconfig", "FILE:policy.ctx"),
            List.of("tpm2_changeauth", "-c", "owner", "-p", "session:FILE:hmac.ctx", "newpass"),
            List.of("tpm2_changeauth", "-c", "owner", "-p", "session:FILE:hmac.ctx+newpass", ""),
            List.of("tpm2_getcap", "handles-saved-session"),
            List.of("tpm2_policyrestart", "-S", "FILE:policy.ctx"),
            List.of("tpm2_policypassword", "-S", "FILE:policy.ctx"),
            List.of("tpm2_changeauth", "-c", "owner", "-p", "session:FILE:policy.ctx+", "x"),
            List.of("tpm2_flushcontext", "FILE:policy.ctx"),
            List.of("tpm2_policyrestart", "-S", "FILE:policy.ctx"),
            List.of("tpm2_getcap", "handles-saved-session"),
            List.of("tpm2_startauthsession", "-S", "FILE:second.ctx"),
            List.of("tpm2_flushcontext", "-s"),
            List.of("tpm2_getcap", "handles-saved-session"),
            List.of("tpm2_getcap", "properties-variable"));

    /** Without a resource manager the tools leave what they load in the TPM: a flush after each. */
    static List<List<String>> withFlushes(List<List<String>> tools) {
        List<List<String>> flushed = new ArrayList<>();
        for (List<String> tool : tools) {
            flushed.add(tool);
            if (!tool.get(0).equals("HEX")) {
                flushed.add(List.of("tpm2_flushcontext", "-t"));
            }
        }
        return flushed;
    }

    @TempDir
    Path dir;

    /** Runs {@code tools} against both sides with {@code workDir} as this test's directory (for other tool tests). */
    static void compareTools(Path workDir, List<List<String>> tools) throws Exception {
        Tpm2ToolsObjectsDifferentialTest runner = new Tpm2ToolsObjectsDifferentialTest();
        runner.dir = workDir;
        runner.compareTools(tools);
    }

    @Test
    void toolsSeeTheSameObjects() throws Exception {
        compareTools(TOOLS);
    }

    @Test
    void contextFileFlowsGiveTheSameResults() throws Exception {
        compareTools(CONTEXT_FILE_TOOLS);
    }

    @Test
    void sessionContextFilesGiveTheSameResults() throws Exception {
        compareTools(SESSION_FILE_TOOLS);
    }

    private void compareTools(List<List<String>> tools) throws Exception {
        assumeTrue(onPath("tpm2_createprimary"), "tpm2-tools not installed");
        Path preload = RandBytesPreload.shared();
        Path message = dir.resolve("message");
        Files.writeString(message, "message to sign\n");
        List<String> reference;
        try (TcpSwtpm swtpm = TcpSwtpm.start(dir, preload)) {
            reference = runAll(tools, swtpm.tcti(), message, "c");
        }
        List<String> actual;
        try (JavaTpm engine = new JavaTpm(new FixedEntropy()); EngineTcpServer server = new EngineTcpServer(engine)) {
            engine.command(TestBytes.command(0x8001, 0x144, "0000"));
            actual = runAll(tools, "swtpm:host=127.0.0.1,port=" + server.dataPort(), message, "java");
        }
        if (Boolean.getBoolean("differential.verbose")) {
            reference.forEach(System.out::println);
        }
        assertThat(actual).containsExactlyElementsOf(reference);
    }

    private List<String> runAll(List<List<String>> tools, String tcti, Path message, String side)
            throws IOException, InterruptedException {
        List<String> results = new ArrayList<>();
        Path signature = dir.resolve("signature-" + side);
        // the same path on both sides, as the tools print it in their errors
        Path files = dir.resolve("files");
        // the previous side's files stay in files-previous (for offline cross-checks after the run)
        Path previous = dir.resolve("files-previous");
        if (Files.exists(previous)) {
            try (var old = Files.list(previous)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(previous);
        }
        if (Files.exists(files)) {
            Files.move(files, previous);
        }
        Files.createDirectories(files);
        for (List<String> tool : tools) {
            List<String> args = new ArrayList<>();
            boolean exitOnly = false;
            for (String arg : tool) {
                if (arg.equals("EXIT-ONLY")) {
                    exitOnly = true;
                } else if (arg.startsWith("FILE:")) {
                    args.add(files.resolve(arg.substring(5)).toString());
                } else if (arg.startsWith("HEXFILE:")) {
                    args.add(TestBytes.hex(Files.readAllBytes(files.resolve(arg.substring(8)))));
                } else if (arg.startsWith("session:FILE:")) {
                    args.add("session:" + files.resolve(arg.substring(13)));
                } else {
                    args.add(switch (arg) {
                        case "MESSAGE" -> message.toString();
                        case "SIG" -> signature.toString();
                        // a list of files inside one argument (tpm2_policyor)
                        default -> arg.replace("FILES/", files + "/");
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
            results.add(String.join(" ", tool) + " -> exit " + process.exitValue() + "\n"
                    + (exitOnly ? "" : output));
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
