package org.swtpmjava.tpm.tpm2.command.da;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ParameterReader;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.PersistentData;

/**
 * TPM2_DictionaryAttackParameters (Part 3 §25.3): lockHandle (TPMI_RH_LOCKOUT, USER auth) sets
 * maxTries, recoveryTime (seconds) and lockoutRecovery (seconds), in NV; visible as
 * TPM_PT_MAX_AUTH_FAIL, TPM_PT_LOCKOUT_INTERVAL and TPM_PT_LOCKOUT_RECOVERY. failedTries is left
 * as it is (the errata the reference follows).
 */
public final class DictionaryAttackParameters implements TpmCommand<DictionaryAttackParameters.In> {

    /**
     * @param newMaxTries     UINT32
     * @param newRecoveryTime UINT32
     * @param lockoutRecovery UINT32
     */
    public record In(int newMaxTries, int newRecoveryTime, int lockoutRecovery) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        ParameterReader parameters = arguments.parameters();
        return new In(parameters.next(TpmReader::readU32), parameters.next(TpmReader::readU32),
                parameters.next(TpmReader::readU32));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        PersistentData persistent = context.state().persistent();
        persistent.setMaxTries(in.newMaxTries());
        persistent.setRecoveryTime(in.newRecoveryTime());
        persistent.setLockoutRecovery(in.lockoutRecovery());
        context.requestNvCommit();
        return CommandOutput.NONE;
    }
}
