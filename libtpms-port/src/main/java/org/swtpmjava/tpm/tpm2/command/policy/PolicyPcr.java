package org.swtpmjava.tpm.tpm2.command.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.Digest;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PcrBanks;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmlPcrSelection;
import org.swtpmjava.tpm.tpm2.types.TpmsPcrSelection;

/**
 * TPM2_PolicyPCR (Part 3 §23.7): binds the policy to PCR values. The selection is first filtered
 * to the allocated PCRs (reference FilterPcr); the digest of the selected values, in selection
 * order, with the session's hash, must equal a non-empty pcrDigest (TPM_RC_VALUE, parameter 1)
 * and the PCRs must not have changed since an earlier PolicyPCR (TPM_RC_PCR_CHANGED). A trial
 * session takes pcrDigest as given, or the current digest if it is empty. The policy digest is
 * extended with the filtered selection and the PCR digest; a policy session remembers the PCR
 * update counter, which authorization checks again.
 */
public final class PolicyPcr implements TpmCommand<PolicyPcr.In> {
    private static final int CODE = 0x17F;

    /**
     * @param policySession TPMI_SH_POLICY
     * @param pcrDigest     TPM2B_DIGEST
     * @param pcrs          TPML_PCR_SELECTION
     */
    public record In(int policySession, byte[] pcrDigest, TpmlPcrSelection pcrs) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] pcrDigest = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        TpmlPcrSelection pcrs = arguments.parameters().next(TpmlPcrSelection::unmarshal);
        return new In(arguments.handle(0), pcrDigest, pcrs);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmState state = context.state();
        AuthSession session = state.session(in.policySession());
        TpmlPcrSelection filtered = filter(in.pcrs(), state.pcrs().allocation());
        byte[] pcrDigest = currentDigest(session.authHashAlg(), filtered, state.pcrs());
        int counter = state.resetData().pcrCounter();
        if (!session.isTrial()) {
            if (session.pcrCounter() != 0 && session.pcrCounter() != counter) {
                throw new TpmRcException(TpmRc.PCR_CHANGED);
            }
            if (in.pcrDigest().length != 0 && !Arrays.equals(in.pcrDigest(), pcrDigest)) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
            }
        } else if (in.pcrDigest().length != 0) {
            pcrDigest = in.pcrDigest();
        }
        TpmWriter selection = new TpmWriter(64);
        filtered.marshal(selection);
        PolicyDigest.extend(session, CODE, selection.toByteArray(), pcrDigest);
        if (!session.isTrial()) {
            session.setPcrCounter(counter);
        }
        return CommandOutput.NONE;
    }

    /** FilterPcr on each selection: only allocated PCRs stay selected (also used by creation data). */
    public static TpmlPcrSelection filter(TpmlPcrSelection pcrs, PcrAllocation allocation) {
        List<TpmsPcrSelection> out = new ArrayList<>();
        for (TpmsPcrSelection selection : pcrs.selections()) {
            out.add(selection.withMask(selection.mask() & allocation.maskOf(selection.hashAlg())));
        }
        return new TpmlPcrSelection(out);
    }

    /** PCRComputeCurrentDigest: H(selected PCR values, bank by bank in selection order). */
    public static byte[] currentDigest(int hashAlg, TpmlPcrSelection selections, PcrBanks banks) {
        Digest digest = Hashes.newDigest(hashAlg);
        for (TpmsPcrSelection selection : selections.selections()) {
            int mask = selection.mask();
            for (int pcr = 0; pcr < PcrAllocation.PCR_COUNT; pcr++) {
                if ((mask & (1 << pcr)) != 0) {
                    byte[] value = banks.value(pcr, selection.hashAlg());
                    digest.update(value, 0, value.length);
                }
            }
        }
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }
}
