package org.swtpmjava.tpm.tpm2.command.policy;

import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.state.AuthSession;

/**
 * TPM2_PolicyPassword (Part 3 §23.18): the authValue is presented in clear in the session's hmac
 * field (isPasswordNeeded). The digest is extended with TPM_CC_PolicyAuthValue, not
 * TPM_CC_PolicyPassword, so that both policies are the same.
 */
public final class PolicyPassword extends PolicySessionCommand {
    @Override
    CommandOutput execute(AuthSession session) {
        PolicyDigest.extend(session, PolicyAuthValue.CODE);
        session.setPasswordNeeded(true);
        session.setAuthValueNeeded(false);
        return CommandOutput.NONE;
    }
}
