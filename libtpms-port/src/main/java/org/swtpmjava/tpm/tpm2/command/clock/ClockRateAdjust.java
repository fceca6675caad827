package org.swtpmjava.tpm.tpm2.command.clock;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_ClockRateAdjust (Part 3 §29.3): auth (TPMI_RH_PROVISION, USER) changes the rate of the
 * TPM's clock by a TPM_CLOCK_ADJUST step (-3..3, else TPM_RC_VALUE).
 */
public final class ClockRateAdjust implements TpmCommand<Integer> {
    private static final int MAX_ADJUST = 3;

    @Override
    public Integer unmarshal(CommandArguments arguments) {
        return arguments.parameters().next(ClockRateAdjust::readClockAdjust);
    }

    @Override
    public CommandOutput execute(Integer rateAdjust, CommandContext context) {
        context.time().adjustRate(rateAdjust);
        return CommandOutput.NONE;
    }

    /** TPM_CLOCK_ADJUST: an INT8 from TPM_CLOCK_COARSE_FASTER (-3) to TPM_CLOCK_COARSE_SLOWER (3). */
    private static int readClockAdjust(TpmReader reader) {
        int value = (byte) reader.readU8();
        if (Math.abs(value) > MAX_ADJUST) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return value;
    }
}
