package org.swtpmjava.tpm.tpm2.command.clock;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_ClockSet (Part 3 §29.2): auth (TPMI_RH_PROVISION, USER) sets clock forward to newTime;
 * a value below the current clock or above 0xFFFF000000000000 is TPM_RC_VALUE (parameter 1).
 * Crossing an NV update boundary saves the clock and makes it safe (TimeClockUpdate).
 */
public final class ClockSet implements TpmCommand<Long> {
    private static final long MAX_CLOCK = 0xFFFF000000000000L;

    @Override
    public Long unmarshal(CommandArguments arguments) {
        return arguments.parameters().next(reader -> reader.readU64());
    }

    @Override
    public CommandOutput execute(Long newTime, CommandContext context) {
        long clock = context.state().orderly().clock();
        if (Long.compareUnsigned(newTime, MAX_CLOCK) > 0 || Long.compareUnsigned(newTime, clock) < 0) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
        }
        context.time().setClock(context.state(), newTime);
        return CommandOutput.NONE;
    }
}
