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
 * TPM2_NV_Write (Part 3 §31.7): after NvWriteAccessChecks, counter, bits and extend indices are
 * TPM_RC_ATTRIBUTES; an offset beyond the index TPM_RC_VALUE (parameter 2); data beyond its end,
 * or less than all of a WRITEALL index, TPM_RC_NV_RANGE.
 */
public final class NvWrite implements TpmCommand<NvWrite.In> {
    public record In(int authHandle, int nvIndex, byte[] data, int offset) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] data = arguments.parameters().next(reader -> reader.readSized(NvDefineSpace.MAX_NV_BUFFER_SIZE));
        int offset = arguments.parameters().next(reader -> reader.readU16());
        return new In(arguments.handle(0), arguments.handle(1), data, offset);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        NvIndices.Index index = NvAccess.index(context, in.nvIndex());
        NvAccess.checkWrite(in.authHandle(), index);
        TpmsNvPublic p = index.publicArea();
        int type = p.type();
        if (type == TpmsNvPublic.NT_COUNTER || type == TpmsNvPublic.NT_BITS || type == TpmsNvPublic.NT_EXTEND) {
            throw new TpmRcException(TpmRc.ATTRIBUTES);
        }
        if (in.offset() > p.dataSize()) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 2));
        }
        if (in.data().length > p.dataSize() - in.offset()) {
            throw new TpmRcException(TpmRc.NV_RANGE);
        }
        if (p.has(TpmsNvPublic.WRITEALL) && in.data().length < p.dataSize()) {
            throw new TpmRcException(TpmRc.NV_RANGE);
        }
        NvAccess.writeData(context, index, in.offset(), in.data());
        return CommandOutput.NONE;
    }
}
