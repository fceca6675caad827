package org.swtpmjava.tpm.tpm2.command.policy;

import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.state.AuthSession;

/** TPM2_PolicyRestart (Part 3 §11.2): the policy starts over (zero digest, no assertions). */
public final class PolicyRestart extends PolicySessionCommand {
    @Override
    CommandOutput execute(AuthSession session) {
        session.resetPolicy();
        return CommandOutput.NONE;
    }
}
