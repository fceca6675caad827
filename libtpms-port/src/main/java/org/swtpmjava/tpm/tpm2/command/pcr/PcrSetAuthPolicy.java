package org.swtpmjava.tpm.tpm2.command.pcr;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PcrAttributes;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmiAlgHash;

/**
 * TPM2_PCR_SetAuthPolicy (Part 3 §22.6), authHandle TPMI_RH_PLATFORM (USER): sets the policy of
 * the policy group pcrNum belongs to. libtpms has one group, PCRs 20-22; any other PCR is
 * TPM_RC_VALUE (parameter 3). The policy must have hashAlg's digest size (empty for
 * TPM_ALG_NULL), else TPM_RC_SIZE (parameter 1). The policy is persistent data.
 */
public final class PcrSetAuthPolicy implements TpmCommand<PcrSetAuthPolicy.In> {

    /**
     * @param authPolicy TPM2B_DIGEST
     * @param hashAlg    TPMI_ALG_HASH+
     * @param pcrNum     TPMI_DH_PCR (a parameter here, not a handle)
     */
    public record In(byte[] authPolicy, int hashAlg, int pcrNum) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] policy = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        int hashAlg = arguments.parameters().next(reader -> TpmiAlgHash.unmarshal(reader, true));
        int pcrNum = arguments.parameters().next(PcrSetAuthPolicy::readPcr);
        return new In(policy, hashAlg, pcrNum);
    }

    /** TPMI_DH_PCR without TPM_RH_NULL: PCR 0..23, else TPM_RC_VALUE. */
    private static int readPcr(TpmReader reader) {
        int pcr = reader.readU32();
        if (Integer.compareUnsigned(pcr, PcrAllocation.PCR_COUNT) >= 0) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return pcr;
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        int size = in.hashAlg() == TpmAlgId.NULL ? 0 : Hashes.digestSize(in.hashAlg());
        if (in.authPolicy().length != size) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        if (!PcrAttributes.inPolicyGroup(in.pcrNum())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 3));
        }
        context.state().persistent().setPcrPolicy(new PersistentData.PcrPolicy(in.hashAlg(), in.authPolicy()));
        context.requestNvCommit();
        return CommandOutput.NONE;
    }
}
