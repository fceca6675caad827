package org.swtpmjava.tpm.tpm2.command.nv;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.state.libtpms.OrderlyIndexRam;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/**
 * TPM2_NV_Increment (Part 3 §31.8): after NvWriteAccessChecks, only a counter index (else
 * TPM_RC_ATTRIBUTES on handle 2); its first increment starts from maxCount, the highest value a
 * deleted counter had.
 */
public final class NvIncrement implements TpmCommand<NvAccess.Handles> {
    @Override
    public NvAccess.Handles unmarshal(CommandArguments arguments) {
        return NvAccess.Handles.of(arguments);
    }

    @Override
    public CommandOutput execute(NvAccess.Handles in, CommandContext context) {
        NvIndices.Index index = NvAccess.index(context, in.nvIndex());
        NvAccess.checkWrite(in.authHandle(), index);
        if (index.publicArea().type() != TpmsNvPublic.NT_COUNTER) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 2));
        }
        long count = index.publicArea().has(TpmsNvPublic.WRITTEN) ? NvAccess.readU64(index)
                : NvIndices.maxCount(context.state().nv().unmodeled());
        NvAccess.writeU64(context, index, count + 1);
        // An orderly counter reaching a multiple of MAX_ORDERLY_COUNT + 1 is saved to NV (UT_ORDERLY),
        // so that after a non-orderly shutdown it can resume from the next block.
        if (index.publicArea().has(TpmsNvPublic.ORDERLY) && ((count + 1) & OrderlyIndexRam.MAX_ORDERLY_COUNT) == 0) {
            context.requestOrderlyRamUpdate();
        }
        return CommandOutput.NONE;
    }
}
