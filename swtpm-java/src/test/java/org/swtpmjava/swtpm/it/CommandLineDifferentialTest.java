package org.swtpmjava.swtpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad command lines give the same exit status and the same first line of diagnostics from the
 * C swtpm and from swtpm-java (swtpm-protocol.md §1.1–1.2). The usage text that getopt errors
 * are followed by is this implementation's own wording and is not compared.
 */
class CommandLineDifferentialTest {

    record Outcome(int status, String firstErrorLine, String stdout) {
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--foo",
        "--tpm2 --ctrl",
        "--tpm",
        "--tpm2=1",
        "-x",
        "--tpm2 -p",
        "bla",
        "--tpm2 --ctrl type=foo",
        "--tpm2 --ctrl type=unixio",
        "--tpm2 --ctrl type=tcp",
        "--tpm2 --ctrl type=tcp,port=abc",
        "--tpm2 --ctrl type=unixio,path=/tmp/x.sock,mode=999",
        "--tpm2 --ctrl type=unixio,path=/tmp/x.sock,uid=nosuchuser",
        "--tpm2 --ctrl type=unixio,clientfd=77",
        // Inherited channel fds that are closed or not sockets (fd 0 is /dev/null here).
        "--tpm2 --ctrl type=unixio,clientfd=0",
        "--tpm2 --ctrl type=unixio,fd=77",
        "--tpm2 --ctrl type=unixio,fd=0",
        "--tpm2 --ctrl type=tcp,fd=77",
        "--tpm2 --ctrl type=tcp,fd=0",
        "--tpm2 --server type=tcp,fd=77",
        "--tpm2 --server type=tcp,fd=0",
        "--tpm2 --server type=unixio,fd=77",
        "--tpm2 --server type=unixio,fd=0",
        "--tpm2 --log level=abc",
        "--tpm2 --flags foo",
        "--tpm2 --server type=tcp,port=abc",
        "--tpm2 --server type=tcp,port=70000",
        "--tpm2 --server type=unixio",
        "--tpm2 --server type=foo",
        "--tpm2 --tpmstate foo=bar",
        "--tpm2 --tpmstate mode=0600",
        "--tpm2 --tpmstate dir=/tmp,mode=0999",
        "--tpm2 --locality xyz",
        "--tpm2 --pid file=",
        "--tpm2 --pid dir=/x",
        "--tpm2 --key mode=aes-cbc",
        "--tpm2 --key file=/nonexistent/key",
        "--tpm2 --key file=KEYFILE,mode=aes-999",
        "--tpm2 --key file=KEYFILE,format=foo",
        "--tpm2 --key file=KEYFILE,mode=aes-256-cbc",
        "--tpm2 --fd 1",
        "--tpm2 -p 99999",
        "--tpm2 --seccomp action=foo",
        "--tpm2 --print-states",
        "--tpm2 --ctrl type=unixio,path=/nonexistentdir/x.sock",
        "--tpm2 --tpmstate backend-uri=foo://x --print-states",
        "--tpm2 --tpmstate backend-uri=xyz --print-states",
        "--tpm2 --tpmstate backend-uri=file:// --print-states",
        "--tpm2 --tpmstate backend-uri=file:///nonexistentdir/x --print-states",
        "--tpm2 --tpmstate backend-uri=file:///tmp --print-states",
        "--tpm2 --tpmstate backend-uri=file:///tmp/x,mode=0999 --print-states",
        "--tpm2 --tpmstate backend-uri=file:///tmp/x,foo=1",
        "--tpm2 --tpmstate backend-uri=foo://x --flags not-need-init",
        "--tpm2 --tpmstate backend-uri=file:///nonexistentdir/x --flags not-need-init",
    })
    void sameStatusAndMessage(String line, @TempDir Path tmp) throws Exception {
        Path key = tmp.resolve("key");
        Files.writeString(key, "00112233445566778899aabbccddeeff\n");
        List<String> args = new ArrayList<>();
        for (String a : line.split(" ")) {
            args.add(a.replace("KEYFILE", key.toString()));
        }
        Outcome c = run(Emulator.Kind.C, args, tmp.resolve("c"));
        Outcome java = run(Emulator.Kind.JAVA, args, tmp.resolve("java"));
        assertThat(java.status()).as("exit status of swtpm socket " + line).isEqualTo(c.status());
        assertThat(java.firstErrorLine()).as("message of swtpm socket " + line).isEqualTo(c.firstErrorLine());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--tpm2 --print-capabilities", "--print-capabilities --tpm2 --tpmstate dir=/x"})
    void printCapabilitiesIsSwtpmShapedJson(String line, @TempDir Path tmp) throws Exception {
        Outcome java = run(Emulator.Kind.JAVA, Arrays.asList(line.split(" ")), tmp);
        assertThat(java.status()).isZero();
        // The shape swtpm's own tests match with regexes (swtpm-protocol.md §1.3).
        assertThat(java.stdout()).matches(
                "\\{ \"type\": \"swtpm\", \"features\": \\[ (\"[a-z0-9.-]+\", )*\"[a-z0-9.-]+\" \\], "
                        + "\"version\": \"[0-9.]+\" \\}\n");
        assertThat(java.stdout()).contains("\"tpm-2.0\"", "\"cmdarg-pwd-fd\"", "\"cmdarg-migration\"");
    }

    /**
     * swtpm_setup and libvirt choose what to ask of swtpm from these names (rsa-keysize-N for
     * --rsa-keysize): every feature the C swtpm prints is printed, except TPM 1.2 and seccomp,
     * and the others are features of newer swtpm releases.
     */
    @ParameterizedTest
    @ValueSource(strings = {"--print-capabilities", "--tpm2 --print-capabilities"})
    void printCapabilitiesNamesTheCSwtpmsFeatures(String line, @TempDir Path tmp) throws Exception {
        List<String> args = Arrays.asList(line.split(" "));
        Set<String> c = features(run(Emulator.Kind.C, args, tmp.resolve("c")).stdout());
        Set<String> java = features(run(Emulator.Kind.JAVA, args, tmp.resolve("java")).stdout());
        Set<String> missing = new TreeSet<>(c);
        missing.removeAll(java);
        assertThat(missing).as("C features swtpm-java does not print").containsOnly("tpm-1.2", "cmdarg-seccomp");
        Set<String> extra = new TreeSet<>(java);
        extra.removeAll(c);
        assertThat(extra).as("features of swtpm 0.8+").isSubsetOf("flags-opt-disable-auto-shutdown",
                "ctrl-opt-terminate", "cmdarg-migration", "tpmstate-opt-lock");
    }

    private static Set<String> features(String json) {
        Matcher list = Pattern.compile("\"features\": \\[ (.*) \\]").matcher(json);
        assertThat(list.find()).as(json).isTrue();
        Set<String> names = new TreeSet<>();
        for (String quoted : list.group(1).split(", ")) {
            names.add(quoted.replace("\"", ""));
        }
        return names;
    }

    static Outcome run(Emulator.Kind kind, List<String> args, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        File out = dir.resolve("out").toFile();
        File err = dir.resolve("err").toFile();
        Process p = new ProcessBuilder(Emulator.command(kind, args)).redirectOutput(out).redirectError(err)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return new Outcome(-1, "still running", "");
        }
        List<String> lines = Files.readAllLines(err.toPath(), StandardCharsets.UTF_8);
        return new Outcome(p.exitValue(), lines.isEmpty() ? "" : lines.get(0),
                Files.readString(out.toPath(), StandardCharsets.UTF_8));
    }
}
