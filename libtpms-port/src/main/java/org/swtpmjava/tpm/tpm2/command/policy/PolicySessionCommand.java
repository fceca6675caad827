package org.swtpmjava.tpm.tpm2.command.policy;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.state.AuthSession;

/**
 * A policy command whose only input is the policy session handle (TPMI_SH_POLICY, checked by the
 * executor): PolicyRestart, PolicyAuthValue, PolicyPassword, PolicyGetDigest.
 */
abstract class PolicySessionCommand implements TpmCommand<Integer> {
    @Override
    public final Integer unmarshal(CommandArguments arguments) {
        return arguments.handle(0);
    }

    @Override
    public final CommandOutput execute(Integer policySession, CommandContext context) {
        return execute(context.state().session(policySession));
    }

    abstract CommandOutput execute(AuthSession session);
}
