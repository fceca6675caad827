package org.swtpmjava.tpm.tpm2.command.policy;

import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.state.AuthSession;

/** TPM2_PolicyGetDigest (Part 3 §23.19): the current policyDigest, of a trial session too. */
public final class PolicyGetDigest extends PolicySessionCommand {
    @Override
    CommandOutput execute(AuthSession session) {
        byte[] digest = session.policyDigest();
        return writer -> writer.writeSized(digest);
    }
}
