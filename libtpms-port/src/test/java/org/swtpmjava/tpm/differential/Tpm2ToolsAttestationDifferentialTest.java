package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.differential.Tpm2ToolsObjectsDifferentialTest.withFlushes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote-attestation flow of tpm2-tools (Keylime's) against the C swtpm (with the RAND_bytes
 * preload) and the engine (same entropy): tpm2_createek, tpm2_createak under the EK, tpm2_quote
 * over sha256:0,1,2, tpm2_checkquote, tpm2_certify of a primary with the AK, tpm2_gettime, and a quote with the AK made persistent.
 * The AK comes from OpenSSL in libtpms and the attestations carry the clock, so quotes,
 * certifications and times are compared by exit code and the PCR values tpm2_quote writes byte
 * for byte; afterwards each side's quote is checked against the other side's PCR values with
 * tpm2_checkquote (offline), so the engine's PCR digest must be C's. Skipped without tpm2-tools
 * or a C compiler.
 */
class Tpm2ToolsAttestationDifferentialTest {
    private static final String NONCE = "0011223344556677";
    private static final List<List<String>> QUOTE_FLOW = withFlushes(List.of(
            List.of("tpm2_pcrextend", "1:sha256=" + "ab".repeat(32)),
            List.of("tpm2_createek", "-c", "FILE:ek.ctx", "-G", "rsa", "-u", "FILE:ek.pub"),
            List.of("tpm2_createak", "-C", "FILE:ek.ctx", "-c", "FILE:ak.ctx", "-G", "rsa", "-g", "sha256", "-s",
                    "rsassa", "-u", "FILE:ak.pub", "-n", "FILE:ak.name", "-r", "FILE:ak.priv", "EXIT-ONLY"),
            List.of("tpm2_quote", "-c", "FILE:ak.ctx", "-l", "sha256:0,1,2", "-q", NONCE, "-m", "FILE:quote.msg",
                    "-s", "FILE:quote.sig", "-o", "FILE:quote.pcrs", "-g", "sha256", "EXIT-ONLY"),
            List.of("HEX", "FILE:quote.pcrs"),
            List.of("tpm2_checkquote", "-u", "FILE:ak.pub", "-m", "FILE:quote.msg", "-s", "FILE:quote.sig", "-f",
                    "FILE:quote.pcrs", "-q", NONCE, "-g", "sha256", "EXIT-ONLY"),
            List.of("tpm2_checkquote", "-u", "FILE:ak.pub", "-m", "FILE:quote.msg", "-s", "FILE:quote.sig", "-f",
                    "FILE:quote.pcrs", "-q", "00", "-g", "sha256", "EXIT-ONLY"),
            List.of("tpm2_quote", "-c", "FILE:ak.ctx", "-l", "sha256:0,1,2", "-q", NONCE, "-m", "FILE:q2.msg",
                    "-s", "FILE:q2.sig", "-g", "sha384"),
            List.of("tpm2_createprimary", "-C", "o", "-c", "FILE:primary.ctx"),
            List.of("tpm2_certify", "-c", "FILE:primary.ctx", "-C", "FILE:ak.ctx", "-g", "sha256", "-o",
                    "FILE:certify.attest", "-s", "FILE:certify.sig", "EXIT-ONLY"),
            List.of("tpm2_gettime", "-c", "FILE:ak.ctx", "-o", "FILE:time.sig", "--attestation", "FILE:time.attest",
                    "EXIT-ONLY"),
            List.of("tpm2_evictcontrol", "-C", "o", "-c", "FILE:ak.ctx", "0x81010002", "EXIT-ONLY"),
            List.of("tpm2_quote", "-c", "0x81010002", "-l", "sha256:0,1,2", "-q", NONCE, "-m", "FILE:p.msg",
                    "-s", "FILE:p.sig", "-o", "FILE:p.pcrs", "-g", "sha256", "EXIT-ONLY"),
            List.of("tpm2_checkquote", "-u", "FILE:ak.pub", "-m", "FILE:p.msg", "-s", "FILE:p.sig", "-f",
                    "FILE:p.pcrs", "-q", NONCE, "-g", "sha256", "EXIT-ONLY")));

    @TempDir
    Path dir;

    @Test
    void quoteCertifyAndGetTimeWithAnAkUnderTheEk() throws Exception {
        Tpm2ToolsObjectsDifferentialTest.compareTools(dir, QUOTE_FLOW);
        Path c = dir.resolve("files-previous");
        Path java = dir.resolve("files");
        assertThat(checkQuote(java, java)).as("the engine's quote").isZero();
        assertThat(checkQuote(c, c)).as("C's quote").isZero();
        assertThat(checkQuote(java, c)).as("the engine's quote against C's PCR values").isZero();
        assertThat(checkQuote(c, java)).as("C's quote against the engine's PCR values").isZero();
    }

    /** tpm2_checkquote of the quote in {@code quote} against the PCR values in {@code pcrs}. */
    private static int checkQuote(Path quote, Path pcrs) throws Exception {
        List<String> args = new ArrayList<>(List.of("tpm2_checkquote", "-u", quote.resolve("ak.pub").toString(),
                "-m", quote.resolve("quote.msg").toString(), "-s", quote.resolve("quote.sig").toString(), "-f",
                pcrs.resolve("quote.pcrs").toString(), "-q", NONCE, "-g", "sha256"));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (process.exitValue() != 0) {
            System.err.println(output);
        }
        return process.exitValue();
    }
}
