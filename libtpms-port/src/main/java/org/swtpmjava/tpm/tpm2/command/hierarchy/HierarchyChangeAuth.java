package org.swtpmjava.tpm.tpm2.command.hierarchy;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.session.EntityAuth;
import org.swtpmjava.tpm.tpm2.state.HierarchyAuth;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_HierarchyChangeAuth (Part 3 §24.8): replaces the authValue of authHandle
 * (TPMI_RH_HIERARCHY_AUTH, USER auth, checked by the executor before the parameters). The new
 * value is stored without trailing zeros; it may not be longer than the context-integrity digest
 * (SHA-512, 64 bytes), which TPM2B_AUTH's own maximum already enforces (TPM_RC_SIZE, parameter 1).
 * ownerAuth, endorsementAuth and lockoutAuth are persistent (NV commit); platformAuth is
 * state-clear data, reset by Startup(CLEAR).
 */
public final class HierarchyChangeAuth implements TpmCommand<HierarchyChangeAuth.In> {
    /** CONTEXT_INTEGRITY_HASH_SIZE (SHA-512). */
    private static final int MAX_AUTH = Hashes.MAX_DIGEST_SIZE;

    /**
     * @param authHandle TPMI_RH_HIERARCHY_AUTH
     * @param newAuth    TPM2B_AUTH
     */
    public record In(int authHandle, byte[] newAuth) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.parameters().next(reader -> reader.readSized(MAX_AUTH)));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        byte[] newAuth = EntityAuth.removeTrailingZeros(in.newAuth());
        if (newAuth.length > MAX_AUTH) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        PersistentData persistent = context.state().persistent();
        switch (in.authHandle()) {
            case TpmHandles.RH_OWNER:
                persistent.setOwner(withAuth(persistent.owner(), newAuth));
                break;
            case TpmHandles.RH_ENDORSEMENT:
                persistent.setEndorsement(withAuth(persistent.endorsement(), newAuth));
                break;
            case TpmHandles.RH_LOCKOUT:
                persistent.setLockout(withAuth(persistent.lockout(), newAuth));
                break;
            case TpmHandles.RH_PLATFORM:
                context.state().clearData().setPlatformAuth(newAuth);
                return CommandOutput.NONE;
            default:
                throw new IllegalStateException("handle type checked by the executor");
        }
        context.requestNvCommit();
        return CommandOutput.NONE;
    }

    private static HierarchyAuth withAuth(HierarchyAuth old, byte[] authValue) {
        return new HierarchyAuth(old.policyAlg(), old.policy(), authValue);
    }
}
