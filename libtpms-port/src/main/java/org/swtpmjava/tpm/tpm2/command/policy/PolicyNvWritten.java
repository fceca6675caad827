package org.swtpmjava.tpm.tpm2.command.policy;

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
 * TPM2_PolicyNvWritten (Part 3 §23.20): the authorized NV index must (or must not) have been
 * written. A different setting than one made before is TPM_RC_VALUE (parameter 1). Only an NV
 * index can satisfy it when authorized (TPM_RC_POLICY_FAIL for anything else).
 */
public final class PolicyNvWritten implements TpmCommand<PolicyNvWritten.In> {
    private static final int CODE = 0x18F;

    /**
     * @param policySession TPMI_SH_POLICY
     * @param writtenSet    TPMI_YES_NO
     */
    public record In(int policySession, boolean writtenSet) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.parameters().next(reader -> reader.readBool()));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AuthSession session = context.state().session(in.policySession());
        if (session.policyFlag(SessionFields.CHECK_NV_WRITTEN)
                && session.policyFlag(SessionFields.NV_WRITTEN_STATE) != in.writtenSet()) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
        }
        session.setPolicyFlag(SessionFields.CHECK_NV_WRITTEN, true);
        session.setPolicyFlag(SessionFields.NV_WRITTEN_STATE, in.writtenSet());
        PolicyDigest.extend(session, CODE, new byte[] {(byte) (in.writtenSet() ? 1 : 0)});
        return CommandOutput.NONE;
    }
}
