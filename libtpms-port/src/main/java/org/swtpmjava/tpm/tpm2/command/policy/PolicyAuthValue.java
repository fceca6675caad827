package org.swtpmjava.tpm.tpm2.command.policy;

import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.state.AuthSession;

/**
 * TPM2_PolicyAuthValue (Part 3 §23.17): the authorized entity's authValue must be used in the
 * session's HMAC (isAuthValueNeeded); it replaces a preceding PolicyPassword.
 */
public final class PolicyAuthValue extends PolicySessionCommand {
    static final int CODE = 0x16B;

    @Override
    CommandOutput execute(AuthSession session) {
        PolicyDigest.extend(session, CODE);
        session.setAuthValueNeeded(true);
        session.setPasswordNeeded(false);
        return CommandOutput.NONE;
    }
}
