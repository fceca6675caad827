package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real tpm2-tools (5.4, swtpm TCTI over TCP) run a fixed sequence against the C swtpm (oracle) and
 * against swtpm-java's {@code bin/swtpm}; exit status, stdout and stderr of every step must be the same.
 *
 * <p>The tools that open an HMAC session with parameter encryption (tpm2_pcrevent,
 * tpm2_changeauth, tpm2_dictionarylockout, tpm2_clear) run too, and every tpm2_getcap listing,
 * including {@code commands} and {@code properties-fixed}: the engine has libtpms 0.9.2's 110
 * commands.
 */
class Tpm2ToolsIT {

    private static final String SHA1_HELLO = "f572d396fae9206628714fb2ce00f72e94f2258f";
    private static final String SHA256_HELLO = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
    private static final String SHA256_ABC = "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c";

    /** Steps that fail against the C swtpm too, with tpm2-tools' exit status (1: TPM error, 3: auth error). */
    private static final Map<String, Integer> EXPECTED_FAILURES = Map.of(
            "tpm2_pcrreset 0", 1, // TPM_RC_LOCALITY: PCR 0 cannot be reset from locality 0
            "tpm2_changeauth -c owner other", 1, // the owner auth is "ownerpass" by then: TPM_RC_BAD_AUTH
            "tpm2_clear wrongpass", 3); // lockout auth: TPM_RC_AUTH_FAIL, locks the lockout auth

    /** One step's outcome, with the working directory replaced by {@code <dir>}. */
    record Step(String command, int status, String stdout, String stderr) {
    }

    @Test
    void tpm2ToolsSeeTheSameTpm(@TempDir Path tmp) throws Exception {
        List<Step> c = runSequence(Launchers.Emulator.C, tmp.resolve("c"));
        List<Step> java = runSequence(Launchers.Emulator.JAVA, tmp.resolve("java"));

        // The oracle really ran the tools: everything succeeds except what must fail.
        for (Step s : c) {
            assertThat(s.status()).as("C swtpm: %s\n%s", s.command(), s.stderr())
                    .isEqualTo(EXPECTED_FAILURES.getOrDefault(s.command(), 0));
        }
        assertThat(c).filteredOn(s -> s.command().contains("tpm2_hash -g sha256 --hex"))
                .singleElement().extracting(Step::stdout).isEqualTo(SHA256_HELLO);

        assertThat(java).hasSameSizeAs(c);
        for (int i = 0; i < c.size(); i++) {
            assertThat(java.get(i)).as("step %d: %s", i, c.get(i).command()).isEqualTo(c.get(i));
        }
    }

    private static List<Step> runSequence(Launchers.Emulator e, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path data = dir.resolve("data.txt");
        Files.writeString(data, "hello\n");
        Path ticket = dir.resolve("ticket.bin");
        Path hash = dir.resolve("hash.bin");

        int[] port = new int[1];
        Process p = TcpEmulator.start(e, dir, List.of("--flags", "not-need-init"), port);
        List<Step> steps = new ArrayList<>();
        try {
            String tcti = "swtpm:host=127.0.0.1,port=" + port[0];
            List<List<String>> seq = new ArrayList<>();
            seq.add(List.of("tpm2_startup", "-c"));
            for (String cap : List.of("algorithms", "commands", "pcrs", "properties-fixed", "properties-variable",
                    "ecc-curves",
                    "handles-transient", "handles-persistent", "handles-permanent", "handles-pcr",
                    "handles-nv-index", "handles-loaded-session", "handles-saved-session")) {
                seq.add(List.of("tpm2_getcap", cap));
            }
            seq.add(List.of("tpm2_getcap", "-l"));
            seq.add(List.of("tpm2_pcrread"));
            seq.add(List.of("tpm2_pcrextend", "16:sha256=" + SHA256_ABC));
            seq.add(List.of("tpm2_pcrread", "sha256:16"));
            seq.add(List.of("tpm2_pcrextend", "16:sha1=" + SHA1_HELLO + ",sha256=" + SHA256_HELLO));
            seq.add(List.of("tpm2_pcrextend", "23:sha256=" + SHA256_ABC));
            seq.add(List.of("tpm2_pcrread", "sha1:16,23+sha256:16,23"));
            seq.add(List.of("tpm2_pcrreset", "16"));
            seq.add(List.of("tpm2_pcrreset", "23"));
            seq.add(List.of("tpm2_pcrread", "sha1:16,23+sha256:16,23"));
            seq.add(List.of("tpm2_pcrreset", "0")); // TPM_RC_LOCALITY (0x907), exit status 1
            seq.add(List.of("tpm2_getrandom", "16", "--hex"));
            seq.add(List.of("tpm2_stirrandom", data.toString()));
            seq.add(List.of("tpm2_hash", "-g", "sha1", "--hex", data.toString()));
            seq.add(List.of("tpm2_hash", "-g", "sha256", "--hex", data.toString()));
            seq.add(List.of("tpm2_hash", "-g", "sha256", "-t", ticket.toString(), "-o", hash.toString(),
                    data.toString()));
            seq.add(List.of("tpm2_selftest", "--fulltest"));
            seq.add(List.of("tpm2_gettestresult"));
            seq.add(List.of("tpm2_incrementalselftest", "rsa", "aes"));
            seq.add(List.of("tpm2_readclock"));
            seq.add(List.of("tpm2_pcrevent", "16", data.toString()));
            seq.add(List.of("tpm2_pcrread", "sha1:16+sha256:16"));
            for (String parms : List.of("rsa1024", "rsa3072", "ecc256", "ecc521", "aes128cfb", "camellia256cfb")) {
                seq.add(List.of("tpm2_testparms", parms));
            }
            seq.add(List.of("tpm2_changeauth", "-c", "owner", "ownerpass"));
            seq.add(List.of("tpm2_changeauth", "-c", "owner", "other"));
            seq.add(List.of("tpm2_changeauth", "-c", "endorsement", "endorsepass"));
            seq.add(List.of("tpm2_changeauth", "-c", "lockout", "lockpass"));
            seq.add(List.of("tpm2_dictionarylockout", "-s", "-n", "5", "-t", "6", "-l", "7", "-p", "lockpass"));
            seq.add(List.of("tpm2_getcap", "properties-variable"));
            seq.add(List.of("tpm2_dictionarylockout", "-c", "-p", "lockpass"));
            seq.add(List.of("tpm2_clear", "lockpass"));
            seq.add(List.of("tpm2_changeauth", "-c", "owner", "afterclear"));
            seq.add(List.of("tpm2_getcap", "properties-variable"));
            // The lockout auth is empty after the clear; a wrong one locks it for lockoutRecovery (7 s).
            seq.add(List.of("tpm2_clear", "wrongpass"));
            seq.add(List.of("tpm2_getcap", "properties-variable"));
            seq.add(List.of("tpm2_shutdown", "-c"));

            for (List<String> args : seq) {
                List<String> cmd = new ArrayList<>(args);
                cmd.add(1, "-T");
                cmd.add(2, tcti);
                Launchers.Result r = Launchers.run(cmd);
                String shown = String.join(" ", args).replace(dir.toString(), "<dir>");
                String out = r.stdout().replace(dir.toString(), "<dir>");
                String err = r.stderr().replace(dir.toString(), "<dir>");
                if (args.get(0).equals("tpm2_getrandom")) {
                    // Random bytes: only their form (16 bytes in hex) is compared.
                    out = out.replaceAll("^[0-9a-f]{32}$", "<16 random bytes>");
                }
                if (args.get(0).equals("tpm2_readclock")) {
                    // time and clock are milliseconds since start / since manufacture: time-based.
                    out = out.replaceAll("(?m)^(time|  clock): \\d+$", "$1: <ms>");
                }
                steps.add(new Step(shown, r.status(), out, err));
                if (args.get(0).equals("tpm2_hash") && args.contains("-t")) {
                    steps.add(new Step("hash file", 0, hex(Files.readAllBytes(hash)), ""));
                    // TPMT_TK_HASHCHECK: tag, hierarchy, digest size are compared; the digest is an
                    // HMAC under the hierarchy's proof value, which is random per TPM.
                    byte[] tk = Files.readAllBytes(ticket);
                    steps.add(new Step("ticket file", 0,
                            hex(Arrays.copyOf(tk, Math.min(8, tk.length))) + " +" + (tk.length - 8), ""));
                }
            }
        } finally {
            Launchers.stop(p);
        }
        return steps;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
