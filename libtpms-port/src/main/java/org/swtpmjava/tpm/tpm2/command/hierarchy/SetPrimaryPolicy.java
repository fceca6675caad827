package org.swtpmjava.tpm.tpm2.command.hierarchy;

import org.swtpmjava.tpm.tpm2.command.hash.HashCheckTicket;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.HierarchyAuth;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.StateClearData;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_SetPrimaryPolicy (Part 3 §24.3): authHandle (TPMI_RH_HIERARCHY_POLICY, USER) gets
 * authPolicy under hashAlg; the policy must have hashAlg's digest size (empty for TPM_ALG_NULL),
 * else TPM_RC_SIZE (parameter 1). Owner, endorsement and lockout policies are persistent; the
 * platform policy is state-clear data and clears the orderly state.
 */
public final class SetPrimaryPolicy implements TpmCommand<SetPrimaryPolicy.In> {

    /**
     * @param authHandle TPMI_RH_HIERARCHY_POLICY
     * @param authPolicy TPM2B_DIGEST
     * @param hashAlg    TPMI_ALG_HASH+
     */
    public record In(int authHandle, byte[] authPolicy, int hashAlg) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] policy = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        int hashAlg = arguments.parameters().next(reader -> HashCheckTicket.readHashAlg(reader, true));
        return new In(arguments.handle(0), policy, hashAlg);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        int size = in.hashAlg() == TpmAlgId.NULL ? 0 : Hashes.digestSize(in.hashAlg());
        if (in.authPolicy().length != size) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        PersistentData persistent = context.state().persistent();
        switch (in.authHandle()) {
            case TpmHandles.RH_OWNER -> persistent.setOwner(withPolicy(persistent.owner(), in));
            case TpmHandles.RH_ENDORSEMENT -> persistent.setEndorsement(withPolicy(persistent.endorsement(), in));
            case TpmHandles.RH_LOCKOUT -> persistent.setLockout(withPolicy(persistent.lockout(), in));
            default -> {
                StateClearData clear = context.state().clearData();
                clear.setPlatformAlg(in.hashAlg());
                clear.setPlatformPolicy(in.authPolicy());
                context.clearOrderly();
                return CommandOutput.NONE;
            }
        }
        context.requestNvCommit();
        return CommandOutput.NONE;
    }

    private static HierarchyAuth withPolicy(HierarchyAuth old, In in) {
        return new HierarchyAuth(in.hashAlg(), in.authPolicy(), old.authValue());
    }
}
