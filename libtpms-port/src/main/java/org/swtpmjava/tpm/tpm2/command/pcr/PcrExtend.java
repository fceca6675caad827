package org.swtpmjava.tpm.tpm2.command.pcr;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.PcrAttributes;
import org.swtpmjava.tpm.tpm2.state.PcrBanks;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmlDigestValues;

/**
 * TPM2_PCR_Extend (Part 3 §22.2): pcrHandle (TPMI_DH_PCR+, USER auth) is extended with each
 * digest of its bank; digests of unallocated banks are ignored; TPM_RH_NULL is a successful
 * no-op. The locality table of {@link PcrAttributes} decides (TPM_RC_LOCALITY). Each extend of an
 * allocated bank counts as a pcrUpdateCounter change (except the no-increment group).
 */
public final class PcrExtend implements TpmCommand<PcrExtend.In> {

    /**
     * @param pcrHandle TPMI_DH_PCR+
     * @param digests   TPML_DIGEST_VALUES
     */
    public record In(int pcrHandle, TpmlDigestValues digests) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.parameters().next(TpmlDigestValues::unmarshal));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        if (in.pcrHandle() == TpmHandles.RH_NULL) {
            return CommandOutput.NONE;
        }
        requireExtendAllowed(in.pcrHandle(), context);
        TpmState state = context.state();
        for (TpmlDigestValues.Digest digest : in.digests().digests()) {
            extend(state, in.pcrHandle(), digest.hashAlg(), digest.digest());
        }
        return CommandOutput.NONE;
    }

    /** PCRIsExtendAllowed for the command's locality. */
    public static void requireExtendAllowed(int pcr, CommandContext context) {
        if (!PcrAttributes.of(pcr).extendAllowed(context.locality())) {
            throw new TpmRcException(TpmRc.LOCALITY);
        }
    }

    /** PCRExtend: hashing with the bank's algorithm first runs that algorithm's self-test. */
    public static void extend(TpmState state, int pcr, int hashAlg, byte[] data) {
        PcrBanks pcrs = state.pcrs();
        if (pcrs.allocation().isAllocated(pcr, hashAlg)) {
            state.selfTests().test(hashAlg);
            pcrs.extend(pcr, hashAlg, data, state.resetData());
        }
    }
}
