package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.differential.Tpm2ToolsObjectsDifferentialTest.withFlushes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.tpm.TestBytes;

/**
 * tpm2-tools' audit commands against the C swtpm (with the RAND_bytes preload) and the engine
 * (same entropy): tpm2_setcommandauditstatus (algorithm and list, then clearing), the audit
 * counter in tpm2_getcap, tpm2_getcommandauditdigest and tpm2_getsessionauditdigest signed by a
 * primary key, an audit session from tpm2_startauthsession --audit-session. The attestations carry
 * the clock, so the tools are compared by exit code and output; afterwards the audit-specific part
 * at the end of each side's TPMS_ATTEST (counter, algorithm, audit digest and command digest;
 * exclusivity and session digest) must be byte-identical. Skipped without tpm2-tools or a C
 * compiler.
 */
class Tpm2ToolsAuditDifferentialTest {
    private static final List<List<String>> AUDIT_FLOW = withFlushes(List.of(
            List.of("tpm2_setcommandauditstatus", "-g", "sha256", "TPM2_CC_GetRandom"),
            List.of("tpm2_getcap", "properties-variable"),
            List.of("tpm2_getrandom", "--hex", "8"),
            List.of("tpm2_createprimary", "-C", "o", "-G", "ecc256:ecdsa-sha256:null", "-a",
                    "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|restricted|sign", "-c", "FILE:key.ctx"),
            List.of("tpm2_getcommandauditdigest", "-c", "FILE:key.ctx", "-g", "sha256", "-m", "FILE:cad.msg", "-s",
                    "FILE:cad.sig", "EXIT-ONLY"),
            List.of("tpm2_startauthsession", "-S", "FILE:session.ctx", "--audit-session"),
            List.of("tpm2_getrandom", "--hex", "8", "-S", "FILE:session.ctx"),
            List.of("tpm2_getsessionauditdigest", "-c", "FILE:key.ctx", "-g", "sha256", "-m", "FILE:sad.msg", "-s",
                    "FILE:sad.sig", "-S", "FILE:session.ctx", "EXIT-ONLY"),
            List.of("tpm2_flushcontext", "FILE:session.ctx"),
            List.of("tpm2_setcommandauditstatus", "-c", "TPM2_CC_GetRandom"),
            List.of("tpm2_getcap", "properties-variable"),
            List.of("tpm2_setcommandauditstatus", "-c", "TPM2_CC_SetCommandCodeAuditStatus")));

    @TempDir
    Path dir;

    @Test
    void auditDigestsOfTheToolsMatch() throws Exception {
        Tpm2ToolsObjectsDifferentialTest.compareTools(dir, AUDIT_FLOW);
        Path c = dir.resolve("files-previous");
        Path java = dir.resolve("files");
        // TPMS_COMMAND_AUDIT_INFO with SHA-256: 8 + 2 + 34 + 34 bytes
        assertThat(tail(java.resolve("cad.msg"), 78)).isEqualTo(tail(c.resolve("cad.msg"), 78));
        // TPMS_SESSION_AUDIT_INFO with SHA-256: 1 + 34 bytes
        assertThat(tail(java.resolve("sad.msg"), 35)).isEqualTo(tail(c.resolve("sad.msg"), 35));
    }

    private static String tail(Path file, int length) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return TestBytes.hex(Arrays.copyOfRange(bytes, bytes.length - length, bytes.length));
    }
}
