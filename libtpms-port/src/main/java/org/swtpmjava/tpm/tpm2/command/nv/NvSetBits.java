package org.swtpmjava.tpm.tpm2.command.nv;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/**
 * TPM2_NV_SetBits (Part 3 §31.10): after NvWriteAccessChecks, only a bit field (else
 * TPM_RC_ATTRIBUTES on handle 2); ORs bits into its value (0 before the first write).
 */
public final class NvSetBits implements TpmCommand<NvSetBits.In> {
    public record In(int authHandle, int nvIndex, long bits) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        long bits = arguments.parameters().next(reader -> reader.readU64());
        return new In(arguments.handle(0), arguments.handle(1), bits);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        NvIndices.Index index = NvAccess.index(context, in.nvIndex());
        NvAccess.checkWrite(in.authHandle(), index);
        if (index.publicArea().type() != TpmsNvPublic.NT_BITS) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 2));
        }
        long old = index.publicArea().has(TpmsNvPublic.WRITTEN) ? NvAccess.readU64(index) : 0;
        NvAccess.writeU64(context, index, old | in.bits());
        return CommandOutput.NONE;
    }
}
