package org.swtpmjava.tpm.tpm2.command.clock;

import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ParameterlessCommand;
import org.swtpmjava.tpm.tpm2.state.TpmState;

/**
 * TPM2_ReadClock (Part 3 §29.1): TPMS_TIME_INFO (TimeFillInfo): time, then TPMS_CLOCK_INFO of
 * clock, resetCount, restartCount and safe. Time and clock were brought up to date when the
 * command arrived.
 */
public final class ReadClock extends ParameterlessCommand {

    @Override
    protected CommandOutput execute(CommandContext context) {
        TpmState state = context.state();
        long time = state.flags().time();
        long clock = state.orderly().clock();
        int resetCount = state.persistent().resetCount();
        int restartCount = state.resetData().restartCount();
        int safe = state.orderly().clockSafe() ? 1 : 0;
        return writer -> writer.writeU64(time).writeU64(clock).writeU32(resetCount).writeU32(restartCount)
                .writeU8(safe);
    }
}
