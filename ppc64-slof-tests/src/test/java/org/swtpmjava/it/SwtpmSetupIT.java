package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.swtpmjava.it.Launchers.Emulator;
import org.swtpmjava.it.StateDirInteropIT.Protection;
import org.swtpmjava.it.StateDirInteropIT.Step;

/**
 * libvirt manufactures every new vTPM with swtpm_setup (ecosystem.md §3.3): swtpm_setup starts
 * the swtpm it is given with a pid file and two inherited socketpair ends ({@code --server
 * type=tcp,fd=} and {@code --ctrl type=unixio,clientfd=}), creates the RSA and ECC EKs, has
 * swtpm_localca certify them, stores the certificates in NV indices, locks them, and activates
 * the PCR banks; on every later start libvirt runs it again with {@code --reconfigure}. The real
 * swtpm_setup 0.7.1 does this once with the C swtpm and once with {@code bin/swtpm}; each state
 * is then read by both implementations with tpm2-tools.
 */
class SwtpmSetupIT {

    private static final String RSA_EK = "0x81010001";
    private static final String ECC_EK = "0x81010016";
    private static final String RSA_EK_CERT = "0x1c00002";
    private static final String ECC_EK_CERT = "0x1c00016";
    private static final String PLATFORM_CERT = "0x1c08000";

    @ParameterizedTest
    @EnumSource(value = Protection.class, names = {"PLAIN", "PASSPHRASE"})
    void swtpmSetupManufacturesTheSameTpmWithEitherImplementation(Protection protection, @TempDir Path tmp)
            throws Exception {
        List<String> readerKey = StateDirInteropIT.keyOptions(protection, tmp);
        List<String> setupKey = protection == Protection.PASSPHRASE
                ? List.of("--pwdfile", tmp.resolve("state.pwd").toString(), "--cipher", "aes-256-cbc")
                : List.of();

        List<List<Step>> readings = new ArrayList<>();
        List<String> logsByWriter = new ArrayList<>();
        for (Emulator writer : Emulator.values()) {
            Path state = tmp.resolve(writer + "/state");
            Files.createDirectories(state);
            Path log = tmp.resolve(writer + "-setup.log");
            Path config = localCaConfig(Files.createDirectories(tmp.resolve(writer + "-config")));
            Launchers.Result made = swtpmSetup(writer, config, log, setupKey, "--tpm-state", state.toString(),
                    "--vmid", "vm1:2bd3a9b5-8c4e-4f8d-9a51-0d3c0ef3b6aa", "--createek", "--create-ek-cert",
                    "--create-platform-cert", "--lock-nvram", "--not-overwrite");
            assertThat(made.status()).as("swtpm_setup with %s (%s): %s", writer, protection,
                    Files.readString(log, StandardCharsets.UTF_8)).isZero();
            Launchers.Result reconfigured = swtpmSetup(writer, config, log, setupKey, "--tpm-state",
                    state.toString(), "--pcr-banks", "sha1,sha256", "--reconfigure");
            assertThat(reconfigured.status()).as("swtpm_setup --reconfigure with %s: %s", writer,
                    Files.readString(log, StandardCharsets.UTF_8)).isZero();
            logsByWriter.add(withoutTimesAndKeys(Files.readString(log, StandardCharsets.UTF_8)));

            List<Step> byC = null;
            for (Emulator reader : Emulator.values()) {
                Path copy = tmp.resolve(writer + "-read-by-" + reader);
                StateDirInteropIT.copyStateDir(state, copy.resolve("state"));
                Path files = Files.createDirectories(copy.resolve("files"));
                List<Step> steps = StateDirInteropIT.run(reader, copy, readerKey, "startup-clear", checks(files))
                        .stream()
                        .map(st -> new Step(st.command().replace(files.toString(), "<files>"), st.status(), st.stdout()))
                        .toList();
                assertThat(steps.subList(0, steps.size() - 1))
                        .as("%s reading the TPM swtpm_setup made with %s (%s)", reader, writer, protection)
                        .allSatisfy(s -> assertThat(s.status()).as("%s\n%s", s.command(), s.stdout()).isZero());
                assertThat(steps.get(steps.size() - 1).status()).as("writing the locked EK certificate index")
                        .isNotZero();
                for (String key : List.of("rsa", "ecc")) {
                    assertThat(publicKeyOfCertificate(files.resolve(key + "-ek.der")))
                            .as("%s's %s EK certificate (%s made it) certifies the EK at its handle", reader, key,
                                    writer)
                            .isEqualTo(Files.readString(files.resolve(key + "-ek.pem"), StandardCharsets.UTF_8));
                }
                if (byC == null) {
                    byC = steps;
                } else {
                    assertThat(steps).as("swtpm-java and C reading the TPM %s made (%s)", writer, protection)
                            .containsExactlyElementsOf(byC);
                    for (String f : List.of("rsa-ek.der", "ecc-ek.der", "platform.der", "rsa-ek.pem", "ecc-ek.pem")) {
                        assertThat(files.resolve(f)).as(f).hasSameBinaryContentAs(
                                tmp.resolve(writer + "-read-by-" + Emulator.C + "/files/" + f));
                    }
                }
            }
            readings.add(byC);
        }
        assertThat(logsByWriter.get(1)).as("swtpm_setup's log with swtpm-java, as with C")
                .isEqualTo(logsByWriter.get(0));
        // Across writers the keys differ; the handles, indices, banks and the lock do not.
        for (int step : List.of(0, 1, 5, 9)) {
            assertThat(readings.get(1).get(step)).as("the TPM swtpm-java manufactured, as the C one")
                    .isEqualTo(readings.get(0).get(step));
        }
        assertThat(readings.get(0).get(0).stdout()).contains(RSA_EK, ECC_EK);
        assertThat(readings.get(0).get(1).stdout()).containsIgnoringCase(RSA_EK_CERT)
                .containsIgnoringCase(ECC_EK_CERT).containsIgnoringCase(PLATFORM_CERT);
        // Banks sha1 and sha256 active after --reconfigure; sha384 listed without values (not active).
        assertThat(readings.get(0).get(5).stdout()).contains("sha1:\n    0 : ", "sha256:\n    0 : ")
                .endsWith("sha384:\n");
    }

    /**
     * Other manufacturing options (RSA-3072 EK, which needs {@code rsa-keysize-3072} from swtpm's
     * capabilities; ECC EK and SPK with --display; decryption and signing EK): swtpm_setup
     * succeeds with either implementation and logs the same.
     */
    @ParameterizedTest
    @ValueSource(strings = {"--createek --rsa-keysize 3072 --create-ek-cert",
        "--createek --ecc --allow-signing --create-spk --display",
        "--createek --decryption --allow-signing --create-spk --rsa-keysize 3072"})
    void otherManufacturingOptionsWorkAsWithC(String options, @TempDir Path tmp) throws Exception {
        List<String> logs = new ArrayList<>();
        for (Emulator e : Emulator.values()) {
            Path state = Files.createDirectories(tmp.resolve(e + "/state"));
            Path log = tmp.resolve(e + "-setup.log");
            Path config = localCaConfig(Files.createDirectories(tmp.resolve(e + "-config")));
            List<String> args = new ArrayList<>(List.of("--tpm-state", state.toString()));
            args.addAll(Arrays.asList(options.split(" ")));
            Launchers.Result made = swtpmSetup(e, config, log, List.of(), args.toArray(new String[0]));
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(made.status()).as("swtpm_setup %s with %s: %s", options, e, text).isZero();
            logs.add(withoutTimesAndKeys(text));
        }
        assertThat(logs.get(1)).as("swtpm_setup's log with swtpm-java, as with C").isEqualTo(logs.get(0));
    }

    @Test
    void swtpmSetupSeesTheSameCapabilitiesButTpm12(@TempDir Path tmp) throws Exception {
        Set<String> c = features(swtpmSetup(Emulator.C, null, null, List.of(), "--print-capabilities").stdout());
        Set<String> java = features(swtpmSetup(Emulator.JAVA, null, null, List.of(), "--print-capabilities").stdout());
        c.remove("tpm-1.2");
        assertThat(java).as("swtpm_setup --print-capabilities with swtpm-java (the RSA key sizes come from swtpm)")
                .containsExactlyElementsOf(c);
        assertThat(java).contains("tpm2-rsa-keysize-2048", "tpm2-rsa-keysize-3072");
    }

    /** The tool runs whose results are compared; the last one is expected to fail. */
    private static List<List<String>> checks(Path files) {
        String f = files.toString() + "/";
        return List.of(
                List.of("tpm2_getcap", "handles-persistent"),
                List.of("tpm2_getcap", "handles-nv-index"),
                List.of("tpm2_nvread", "-o", f + "rsa-ek.der", RSA_EK_CERT),
                List.of("tpm2_nvread", "-o", f + "ecc-ek.der", ECC_EK_CERT),
                List.of("tpm2_nvread", "-o", f + "platform.der", PLATFORM_CERT),
                List.of("tpm2_pcrread", "sha1:0,7+sha256:0,7+sha384:0"),
                List.of("tpm2_readpublic", "-c", RSA_EK, "-f", "pem", "-o", f + "rsa-ek.pem"),
                List.of("tpm2_readpublic", "-c", ECC_EK, "-f", "pem", "-o", f + "ecc-ek.pem"),
                List.of("tpm2_nvreadpublic", RSA_EK_CERT),
                List.of("tpm2_nvwrite", "-C", "o", "-i", f + "platform.der", RSA_EK_CERT));
    }

    private static Launchers.Result swtpmSetup(Emulator e, Path config, Path log, List<String> key, String... args)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Launchers.onPath("swtpm_setup"), "--tpm",
                Launchers.swtpm(e) + " socket"));
        if (config != null) {
            cmd.addAll(List.of("--tpm2", "--config", config.toString(), "--logfile", log.toString()));
        }
        cmd.addAll(key);
        cmd.addAll(Arrays.asList(args));
        return Launchers.run(cmd);
    }

    /** swtpm_setup's configuration with a new local CA in {@code dir} (not /var/lib/swtpm-localca). */
    private static Path localCaConfig(Path dir) throws Exception {
        Path ca = Files.createDirectories(dir.resolve("localca"));
        Path caConf = dir.resolve("swtpm-localca.conf");
        Files.writeString(caConf, "statedir = " + ca + "\nsigningkey = " + ca + "/signkey.pem\n"
                + "issuercert = " + ca + "/issuercert.pem\ncertserial = " + ca + "/certserial\n");
        Path options = dir.resolve("swtpm-localca.options");
        Files.writeString(options, "--platform-manufacturer swtpm-java-test\n--platform-version 2.1\n"
                + "--platform-model QEMU\n");
        Path setupConf = dir.resolve("swtpm_setup.conf");
        Files.writeString(setupConf, "create_certs_tool = " + Launchers.onPath("swtpm_localca") + "\n"
                + "create_certs_tool_config = " + caConf + "\ncreate_certs_tool_options = " + options + "\n"
                + "active_pcr_banks = sha256\n");
        return setupConf;
    }

    /** The log without timestamps and the local CA's command lines (which carry the EK and temp dirs). */
    private static String withoutTimesAndKeys(String log) {
        StringBuilder kept = new StringBuilder();
        for (String line : log.split("\n")) {
            if (!line.contains("Invoking ")) {
                kept.append(line.replaceAll(" @ .*", "")).append('\n');
            }
        }
        return kept.toString();
    }

    private static String publicKeyOfCertificate(Path der) throws Exception {
        Launchers.Result r = Launchers.run(List.of("openssl", "x509", "-inform", "der", "-in", der.toString(),
                "-noout", "-pubkey"));
        assertThat(r.status()).as("openssl x509 %s: %s", der, r.stderr()).isZero();
        return r.stdout();
    }

    private static Set<String> features(String json) {
        int open = json.indexOf("\"features\": [");
        int close = json.indexOf(']', open);
        assertThat(open).as(json).isNotNegative();
        Set<String> names = new LinkedHashSet<>();
        Stream.of(json.substring(open + 14, close).split(","))
                .map(s -> s.trim().replace("\"", ""))
                .filter(s -> !s.isEmpty())
                .forEach(names::add);
        return names;
    }
}
