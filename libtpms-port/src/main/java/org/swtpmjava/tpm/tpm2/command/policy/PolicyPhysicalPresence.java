package org.swtpmjava.tpm.tpm2.command.policy;

import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.SessionFields;

/**
 * TPM2_PolicyPhysicalPresence (Part 3 §23.13): the authorized command needs physical presence
 * (isPPRequired), which swtpm never signals, so such a policy fails with TPM_RC_PP.
 */
public final class PolicyPhysicalPresence extends PolicySessionCommand {
    private static final int CODE = 0x187;

    @Override
    CommandOutput execute(AuthSession session) {
        PolicyDigest.extend(session, CODE);
        session.setPolicyFlag(SessionFields.IS_PP_REQUIRED, true);
        return CommandOutput.NONE;
    }
}
