package org.swtpmjava.tpm.tpm2.command.da;

import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ParameterlessCommand;

/**
 * TPM2_DictionaryAttackLockReset (Part 3 §25.2): lockHandle (TPMI_RH_LOCKOUT, USER auth) sets
 * failedTries to 0, in NV. It does not re-enable lockoutAuth after a failed lockout
 * authorization (that is lockoutRecovery's job).
 */
public final class DictionaryAttackLockReset extends ParameterlessCommand {

    @Override
    protected CommandOutput execute(CommandContext context) {
        context.state().persistent().setFailedTries(0);
        context.requestNvCommit();
        return CommandOutput.NONE;
    }
}
