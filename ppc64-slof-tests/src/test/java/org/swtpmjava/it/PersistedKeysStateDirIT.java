package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.swtpmjava.it.Launchers.Emulator;
import org.swtpmjava.it.StateDirInteropIT.Protection;
import org.swtpmjava.it.StateDirInteropIT.Step;

/**
 * Keys persisted with tpm2_evictcontrol live in the state directory's NV: one implementation
 * manufactures a TPM, persists a primary, a signing key under it and an endorsement primary, and
 * stops; the other implementation starts on that directory (plain and with swtpm's --key variants)
 * and must find the keys at their handles and use them as the writer itself does when it restarts
 * on a copy: the same handles, public keys, Names, and RSASSA signatures (deterministic), which are
 * also the signatures the writer made before it stopped.
 */
class PersistedKeysStateDirIT {

    private static final String SIGN = "0x81000001";

    @ParameterizedTest
    @MethodSource("org.swtpmjava.it.StateDirInteropIT#writersAndProtections")
    void keysPersistedByOneImplementationWorkInTheOther(Emulator writer, Protection protection, @TempDir Path tmp)
            throws Exception {
        Emulator reader = writer == Emulator.C ? Emulator.JAVA : Emulator.C;
        List<String> key = StateDirInteropIT.keyOptions(protection, tmp);
        Path msg = tmp.resolve("msg");
        Files.writeString(msg, "hello\n");
        Path files = Files.createDirectories(tmp.resolve("files"));

        Path written = tmp.resolve("written");
        List<Step> persisting = StateDirInteropIT.run(writer, written, key, "startup-clear",
                persist(files, msg.toString()));
        assertThat(persisting).as("%s persisting keys (%s)", writer, protection)
                .allSatisfy(s -> assertThat(s.status()).as("%s\n%s", s.command(), s.stdout()).isZero());

        Path copy = tmp.resolve("copy");
        StateDirInteropIT.copyStateDir(written.resolve("state"), copy.resolve("state"));
        Path byWriterOut = Files.createDirectories(tmp.resolve("by-writer"));
        Path byReaderOut = Files.createDirectories(tmp.resolve("by-reader"));
        List<Step> byWriter = StateDirInteropIT.run(writer, copy, key, "startup-clear",
                use(files, byWriterOut, msg.toString()));
        List<Step> byReader = StateDirInteropIT.run(reader, written, key, "startup-clear",
                use(files, byReaderOut, msg.toString()));

        assertThat(byWriter).as("%s using the keys it persisted, after a restart", writer)
                .allSatisfy(s -> assertThat(s.status()).as("%s\n%s", s.command(), s.stdout()).isZero());
        assertThat(byWriter.get(1).stdout()).as("the persistent handles").contains("0x81000000", SIGN, "0x81010001");
        assertThat(outcomes(byReader)).as("%s using the keys %s persisted (%s)", reader, writer, protection)
                .containsExactlyElementsOf(outcomes(byWriter));
        for (String name : List.of("sig", "sign.pem", "child.pem")) {
            assertThat(byReaderOut.resolve(name)).as("%s: %s by %s from %s's state", protection, name, reader, writer)
                    .hasSameBinaryContentAs(byWriterOut.resolve(name));
        }
        assertThat(byReaderOut.resolve("sig")).as("the RSASSA signature the persisted key made before the move")
                .hasSameBinaryContentAs(files.resolve("sig.before"));
    }

    /** Persists a storage primary, a signing key and an endorsement primary, signs, and shuts down. */
    private static List<List<String>> persist(Path files, String msg) {
        String prim = files.resolve("prim.ctx").toString();
        String sign = files.resolve("sign.ctx").toString();
        String eprim = files.resolve("eprim.ctx").toString();
        return List.of(
                List.of("tpm2_createprimary", "-C", "o", "-G", "rsa2048", "-g", "sha256", "-c", prim),
                List.of("tpm2_evictcontrol", "-C", "o", "-c", prim, "0x81000000"),
                List.of("tpm2_flushcontext", "-t"),
                List.of("tpm2_create", "-C", "0x81000000", "-G", "rsa2048", "-u", files.resolve("sign.pub").toString(),
                        "-r", files.resolve("sign.priv").toString()),
                List.of("tpm2_load", "-C", "0x81000000", "-u", files.resolve("sign.pub").toString(),
                        "-r", files.resolve("sign.priv").toString(), "-c", sign),
                List.of("tpm2_evictcontrol", "-C", "o", "-c", sign, SIGN),
                List.of("tpm2_flushcontext", "-t"),
                List.of("tpm2_create", "-C", "0x81000000", "-G", "ecc256", "-u", files.resolve("child.pub").toString(),
                        "-r", files.resolve("child.priv").toString()),
                List.of("tpm2_createprimary", "-C", "e", "-G", "ecc256", "-c", eprim),
                List.of("tpm2_evictcontrol", "-C", "o", "-c", eprim, "0x81010001"),
                List.of("tpm2_flushcontext", "-t"),
                List.of("tpm2_sign", "-c", SIGN, "-g", "sha256", "-s", "rsassa", "-o",
                        files.resolve("sig.before").toString(), msg),
                List.of("tpm2_shutdown", "-c"));
    }

    /** Uses the persisted keys by handle, writing what is compared to {@code out}. */
    private static List<List<String>> use(Path files, Path out, String msg) {
        String child = out.resolve("child.ctx").toString();
        return List.of(
                List.of("tpm2_flushcontext", "-t"),
                List.of("tpm2_getcap", "handles-persistent"),
                List.of("tpm2_getcap", "properties-variable"),
                List.of("tpm2_readpublic", "-c", SIGN, "-f", "pem", "-o", out.resolve("sign.pem").toString()),
                List.of("tpm2_readpublic", "-c", "0x81000000"),
                List.of("tpm2_readpublic", "-c", "0x81010001"),
                List.of("tpm2_sign", "-c", SIGN, "-g", "sha256", "-s", "rsassa", "-o", out.resolve("sig").toString(), msg),
                List.of("tpm2_verifysignature", "-c", SIGN, "-g", "sha256", "-s", files.resolve("sig.before").toString(),
                        "-m", msg),
                List.of("tpm2_load", "-C", "0x81000000", "-u", files.resolve("child.pub").toString(),
                        "-r", files.resolve("child.priv").toString(), "-c", child),
                List.of("tpm2_readpublic", "-c", child, "-f", "pem", "-o", out.resolve("child.pem").toString()),
                List.of("tpm2_flushcontext", "-t"),
                List.of("tpm2_evictcontrol", "-C", "o", "-c", SIGN),
                List.of("tpm2_getcap", "handles-persistent"),
                List.of("tpm2_getcap", "properties-variable"));
    }

    /** Exit status and stdout of each step (the command lines differ in their output paths). */
    private static List<String> outcomes(List<Step> steps) {
        return steps.stream().map(s -> s.status() + "\n" + s.stdout()).toList();
    }
}
