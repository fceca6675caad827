package org.swtpmjava.tpm.tpm2.command.policy;

import java.security.MessageDigest;
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
 * TPM2_PolicyTemplate (Part 3 §23.21): binds the policy to the template of Create, CreatePrimary
 * or CreateLoaded. A template set before must be the same (TPM_RC_VALUE, parameter 1), a cpHash
 * or nameHash in the session is TPM_RC_CPHASH; then templateHash must have the session digest's
 * size (TPM_RC_SIZE, parameter 1).
 */
public final class PolicyTemplate implements TpmCommand<PolicyTemplate.In> {
    private static final int CODE = 0x190;

    /**
     * @param policySession TPMI_SH_POLICY
     * @param templateHash  TPM2B_DIGEST
     */
    public record In(int policySession, byte[] templateHash) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0),
                arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE)));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AuthSession session = context.state().session(in.policySession());
        if (session.policyFlag(SessionFields.IS_TEMPLATE_SET)) {
            if (!MessageDigest.isEqual(in.templateHash(), session.policyHash())) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
            }
        } else if (session.policyHash().length != 0) {
            throw new TpmRcException(TpmRc.CPHASH);
        }
        if (in.templateHash().length != Hashes.digestSize(session.authHashAlg())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        PolicyDigest.extend(session, CODE, in.templateHash());
        session.setPolicyHash(in.templateHash());
        session.setPolicyFlag(SessionFields.IS_TEMPLATE_SET, true);
        return CommandOutput.NONE;
    }
}
