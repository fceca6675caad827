package org.swtpmjava.tpm.tpm2.command.pcr;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.PcrAttributes;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_PCR_Reset (Part 3 §22.8): sets the PCR to zero in every bank if the command's locality
 * may reset it (PCR 16 and 23 from localities 0-3, 20-22 from 2-3, never from locality 4 on a
 * DRTM TPM; PCRs 0-15 never), else TPM_RC_LOCALITY. pcrHandle is TPMI_DH_PCR without NULL.
 */
public final class PcrReset implements TpmCommand<PcrReset.In> {

    /** @param pcrHandle TPMI_DH_PCR */
    public record In(int pcrHandle) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        if (!PcrAttributes.of(in.pcrHandle()).resetAllowed(context.locality())) {
            throw new TpmRcException(TpmRc.LOCALITY);
        }
        context.state().pcrs().reset(in.pcrHandle(), context.state().resetData());
        return CommandOutput.NONE;
    }
}
