package org.swtpmjava.tpm.tpm2.command.attestation;

import java.security.SecureRandom;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyPcr;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmlPcrSelection;
import org.swtpmjava.tpm.tpm2.types.TpmtSigScheme;

/**
 * TPM2_Quote (Part 3 §18.4): TPMS_QUOTE_INFO, the PCR selection filtered to the allocated PCRs
 * and the digest of their values with the scheme's hash. The PCRs can only be digested with a
 * hash, so a scheme without one, as TPM_RH_NULL's always is, is TPM_RC_SCHEME (after the common
 * fields are filled in, as in the reference).
 */
public final class Quote implements TpmCommand<Quote.In> {
    /** TPM_ST_ATTEST_QUOTE. */
    private static final int ST_ATTEST_QUOTE = 0x8018;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param signHandle     TPMI_DH_OBJECT+
     * @param qualifyingData TPM2B_DATA
     * @param inScheme       TPMT_SIG_SCHEME+
     * @param pcrSelect      TPML_PCR_SELECTION
     */
    public record In(int signHandle, byte[] qualifyingData, TpmtSigScheme inScheme, TpmlPcrSelection pcrSelect) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] qualifyingData = arguments.parameters().next(AttestParameters::readData);
        TpmtSigScheme scheme = arguments.parameters().next(reader -> TpmtSigScheme.unmarshal(reader, true));
        TpmlPcrSelection pcrs = arguments.parameters().next(TpmlPcrSelection::unmarshal);
        return new In(arguments.handle(0), qualifyingData, scheme, pcrs);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AttestSigner signer = AttestSigner.select(context, in.signHandle(), in.inScheme(), 1, 2);
        TpmsAttest attest = TpmsAttest.fill(context, signer, in.qualifyingData());
        int hashAlg = signer.scheme().hashAlg();
        if (hashAlg == TpmAlgId.NULL) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SCHEME, 2));
        }
        context.state().selfTests().test(hashAlg);
        TpmlPcrSelection selection = PolicyPcr.filter(in.pcrSelect(), context.state().pcrs().allocation());
        byte[] pcrDigest = PolicyPcr.currentDigest(hashAlg, selection, context.state().pcrs());
        TpmWriter quoted = new TpmWriter(128);
        selection.marshal(quoted);
        quoted.writeSized(pcrDigest);
        return attest.sign(context, random, ST_ATTEST_QUOTE, quoted.toByteArray());
    }
}
