package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.differential.Tpm2ToolsObjectsDifferentialTest.withFlushes;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tpm2-tools' policy flows against the C swtpm (with the RAND_bytes preload) and the engine (with
 * the same entropy), through the runner of {@link Tpm2ToolsObjectsDifferentialTest}: the TCG EK
 * flow (tpm2_createek, tpm2_createak under the EK, tpm2_makecredential offline,
 * tpm2_policysecret, tpm2_activatecredential), tpm2_policyor authorizing tpm2_unseal,
 * tpm2_policysigned with a signature tpm2_sign made over its raw data, and tpm2_policyauthorize
 * with tpm2_verifysignature's ticket. Keys that OpenSSL makes in libtpms (tpm2_createak's) are
 * compared by exit code only. Skipped without tpm2-tools or a C compiler.
 */
class Tpm2ToolsPolicyDifferentialTest {
    private static final List<List<String>> EK_FLOW = withFlushes(List.of(
            List.of("tpm2_createek", "-c", "FILE:ek.ctx", "-G", "rsa", "-u", "FILE:ek.pub"),
            List.of("tpm2_createak", "-C", "FILE:ek.ctx", "-c", "FILE:ak.ctx", "-G", "rsa", "-g", "sha256", "-s",
                    "rsassa", "-u", "FILE:ak.pub", "-n", "FILE:ak.name", "-r", "FILE:ak.priv", "EXIT-ONLY"),
            List.of("tpm2_makecredential", "-Q", "-T", "none", "-u", "FILE:ek.pub", "-s", "MESSAGE", "-n",
                    "HEXFILE:ak.name", "-o", "FILE:mkcred.out", "EXIT-ONLY"),
            List.of("tpm2_startauthsession", "--policy-session", "-S", "FILE:session.ctx"),
            List.of("tpm2_activatecredential", "-c", "FILE:ak.ctx", "-C", "FILE:ek.ctx", "-i", "FILE:mkcred.out",
                    "-o", "FILE:actcred.out", "-P", "session:FILE:session.ctx"),
            List.of("tpm2_policysecret", "-S", "FILE:session.ctx", "-c", "e"),
            List.of("tpm2_activatecredential", "-c", "FILE:ak.ctx", "-C", "FILE:ek.ctx", "-i", "FILE:mkcred.out",
                    "-o", "FILE:actcred.out", "-P", "session:FILE:session.ctx"),
            List.of("HEX", "FILE:actcred.out"),
            List.of("tpm2_flushcontext", "FILE:session.ctx"),
            List.of("tpm2_createek", "-c", "FILE:ekecc.ctx", "-G", "ecc", "-u", "FILE:ekecc.pub"),
            List.of("tpm2_startauthsession", "--policy-session", "-S", "FILE:session.ctx"),
            List.of("tpm2_policysecret", "-S", "FILE:session.ctx", "-c", "o"),
            List.of("tpm2_readpublic", "-c", "FILE:ekecc.ctx", "-n", "FILE:ekecc.name"),
            List.of("tpm2_flushcontext", "FILE:session.ctx")));

    private static final List<List<String>> OR_SIGNED_AUTHORIZE = withFlushes(List.of(
            List.of("tpm2_startauthsession", "-S", "FILE:trial.ctx"),
            List.of("tpm2_policycommandcode", "-S", "FILE:trial.ctx", "-L", "FILE:cc.digest", "TPM2_CC_Unseal"),
            List.of("tpm2_flushcontext", "FILE:trial.ctx"),
            List.of("tpm2_startauthsession", "-S", "FILE:trial.ctx"),
            List.of("tpm2_policypassword", "-S", "FILE:trial.ctx", "-L", "FILE:pw.digest"),
            List.of("tpm2_flushcontext", "FILE:trial.ctx"),
            List.of("tpm2_startauthsession", "-S", "FILE:trial.ctx"),
            List.of("tpm2_policyor", "-S", "FILE:trial.ctx", "-L", "FILE:or.digest",
                    "sha256:FILES/cc.digest,FILES/pw.digest"),
            List.of("tpm2_flushcontext", "FILE:trial.ctx"),
            List.of("tpm2_createprimary", "-C", "o", "-c", "FILE:primary.ctx"),
            List.of("tpm2_create", "-C", "FILE:primary.ctx", "-L", "FILE:or.digest", "-i", "MESSAGE", "-a",
                    "fixedtpm|fixedparent|noda", "-u", "FILE:seal.pub", "-r", "FILE:seal.priv"),
            List.of("tpm2_load", "-C", "FILE:primary.ctx", "-u", "FILE:seal.pub", "-r", "FILE:seal.priv", "-c",
                    "FILE:seal.ctx"),
            List.of("tpm2_startauthsession", "--policy-session", "-S", "FILE:session.ctx"),
            List.of("tpm2_policypassword", "-S", "FILE:session.ctx"),
            List.of("tpm2_policyor", "-S", "FILE:session.ctx", "sha256:FILES/pw.digest,FILES/cc.digest"),
            List.of("tpm2_unseal", "-c", "FILE:seal.ctx", "-p", "session:FILE:session.ctx"),
            List.of("tpm2_policyrestart", "-S", "FILE:session.ctx"),
            List.of("tpm2_policypassword", "-S", "FILE:session.ctx"),
            List.of("tpm2_policyor", "-S", "FILE:session.ctx", "sha256:FILES/cc.digest,FILES/pw.digest"),
            List.of("tpm2_unseal", "-c", "FILE:seal.ctx", "-p", "session:FILE:session.ctx+"),
            List.of("tpm2_policycommandcode", "-S", "FILE:session.ctx", "TPM2_CC_Unseal"),
            List.of("tpm2_policyor", "-S", "FILE:session.ctx", "sha256:FILES/cc.digest,FILES/pw.digest"),
            List.of("tpm2_unseal", "-c", "FILE:seal.ctx", "-p", "session:FILE:session.ctx"),
            List.of("tpm2_unseal", "-c", "FILE:seal.ctx", "-p", "session:FILE:session.ctx"),
            List.of("tpm2_flushcontext", "FILE:session.ctx"),
            List.of("tpm2_createprimary", "-C", "o", "-G", "rsa2048:rsassa-sha256", "-a",
                    "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign", "-c", "FILE:key.ctx"),
            List.of("tpm2_startauthsession", "--policy-session", "-S", "FILE:session.ctx"),
            List.of("tpm2_policysigned", "-S", "FILE:session.ctx", "-g", "sha256", "-c", "FILE:key.ctx", "-x",
                    "--raw-data", "FILE:to.sign"),
            List.of("tpm2_sign", "-c", "FILE:key.ctx", "-g", "sha256", "-o", "FILE:signed.sig", "FILE:to.sign"),
            List.of("tpm2_policysigned", "-S", "FILE:session.ctx", "-g", "sha256", "-s", "FILE:signed.sig", "-c",
                    "FILE:key.ctx", "-x", "-L", "FILE:signed.digest"),
            List.of("tpm2_policysigned", "-S", "FILE:session.ctx", "-g", "sha256", "-s", "FILE:signed.sig", "-c",
                    "FILE:key.ctx", "-L", "FILE:unsigned.digest"),
            List.of("tpm2_flushcontext", "FILE:session.ctx"),
            List.of("tpm2_readpublic", "-c", "FILE:key.ctx", "-n", "FILE:key.name"),
            List.of("tpm2_startauthsession", "-S", "FILE:trial.ctx"),
            List.of("tpm2_policyauthorize", "-S", "FILE:trial.ctx", "-L", "FILE:authorize.digest", "-n",
                    "FILE:key.name"),
            List.of("tpm2_flushcontext", "FILE:trial.ctx"),
            List.of("tpm2_sign", "-c", "FILE:key.ctx", "-g", "sha256", "-o", "FILE:cc.sig", "FILE:cc.digest"),
            List.of("tpm2_verifysignature", "-c", "FILE:key.ctx", "-g", "sha256", "-m", "FILE:cc.digest", "-s",
                    "FILE:cc.sig", "-t", "FILE:verified.ticket"),
            List.of("HEX", "FILE:verified.ticket"),
            List.of("tpm2_startauthsession", "--policy-session", "-S", "FILE:session.ctx"),
            List.of("tpm2_policycommandcode", "-S", "FILE:session.ctx", "TPM2_CC_Unseal"),
            List.of("tpm2_policyauthorize", "-S", "FILE:session.ctx", "-L", "FILE:authorized.digest", "-i",
                    "FILE:cc.digest", "-n", "FILE:key.name", "-t", "FILE:verified.ticket"),
            List.of("tpm2_policyauthorize", "-S", "FILE:session.ctx", "-i", "FILE:cc.digest", "-n",
                    "FILE:key.name", "-t", "FILE:verified.ticket"),
            List.of("tpm2_flushcontext", "FILE:session.ctx")));

    @TempDir
    Path dir;

    @Test
    void ekFlowActivatesACredential() throws Exception {
        Tpm2ToolsObjectsDifferentialTest.compareTools(dir, EK_FLOW);
    }

    @Test
    void policyOrSignedAndAuthorize() throws Exception {
        Tpm2ToolsObjectsDifferentialTest.compareTools(dir, OR_SIGNED_AUTHORIZE);
    }
}
