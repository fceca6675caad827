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
 * TPM2_PolicyCpHash (Part 3 §23.9): binds the policy to one command's cpHash. cpHashA must have
 * the session digest's size (TPM_RC_SIZE, parameter 1); a nameHash or template already in the
 * session, or another cpHash, is TPM_RC_CPHASH.
 */
public final class PolicyCpHash implements TpmCommand<PolicyCpHash.In> {
    private static final int CODE = 0x16E;

    /**
     * @param policySession TPMI_SH_POLICY
     * @param cpHashA       TPM2B_DIGEST
     */
    public record In(int policySession, byte[] cpHashA) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0),
                arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE)));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AuthSession session = context.state().session(in.policySession());
        if (in.cpHashA().length != Hashes.digestSize(session.authHashAlg())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        byte[] current = session.policyHash();
        if (current.length != 0 && (!session.policyFlag(SessionFields.IS_CP_HASH_DEFINED)
                || !MessageDigest.isEqual(current, in.cpHashA()))) {
            throw new TpmRcException(TpmRc.CPHASH);
        }
        PolicyDigest.extend(session, CODE, in.cpHashA());
        session.setPolicyHash(in.cpHashA());
        session.setPolicyFlag(SessionFields.IS_CP_HASH_DEFINED, true);
        return CommandOutput.NONE;
    }
}
