package org.swtpmjava.tpm.tpm2.command.policy;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.SessionFields;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_PolicyNameHash (Part 3 §23.10): binds the policy to the Names of the authorized command's
 * handles, H(Name 1 || Name 2 ...). nameHash must have the session digest's size (TPM_RC_SIZE,
 * parameter 1); any cpHash, nameHash or template already in the session is TPM_RC_CPHASH.
 */
public final class PolicyNameHash implements TpmCommand<PolicyNameHash.In> {
    private static final int CODE = 0x170;

    /**
     * @param policySession TPMI_SH_POLICY
     * @param nameHash      TPM2B_DIGEST
     */
    public record In(int policySession, byte[] nameHash) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0),
                arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE)));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AuthSession session = context.state().session(in.policySession());
        if (in.nameHash().length != Hashes.digestSize(session.authHashAlg())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        if (session.policyHash().length != 0 || session.policyFlag(SessionFields.IS_CP_HASH_DEFINED)
                || session.policyFlag(SessionFields.IS_TEMPLATE_SET)) {
            throw new TpmRcException(TpmRc.CPHASH);
        }
        PolicyDigest.extend(session, CODE, in.nameHash());
        session.setPolicyHash(in.nameHash());
        return CommandOutput.NONE;
    }
}
