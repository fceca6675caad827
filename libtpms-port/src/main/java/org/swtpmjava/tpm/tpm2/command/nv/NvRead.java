package org.swtpmjava.tpm.tpm2.command.nv;

import java.util.Arrays;
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
 * TPM2_NV_Read (Part 3 §31.13): after NvReadAccessChecks, a size above MAX_NV_BUFFER_SIZE is
 * TPM_RC_VALUE (parameter 1), an offset beyond the index TPM_RC_VALUE (parameter 2), a range
 * beyond its end TPM_RC_NV_RANGE.
 */
public final class NvRead implements TpmCommand<NvRead.In> {
    public record In(int authHandle, int nvIndex, int size, int offset) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        int size = arguments.parameters().next(reader -> reader.readU16());
        int offset = arguments.parameters().next(reader -> reader.readU16());
        return new In(arguments.handle(0), arguments.handle(1), size, offset);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        NvIndices.Index index = NvAccess.index(context, in.nvIndex());
        NvAccess.checkRead(in.authHandle(), index);
        TpmsNvPublic p = index.publicArea();
        if (in.size() > NvDefineSpace.MAX_NV_BUFFER_SIZE) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
        }
        if (in.offset() > p.dataSize()) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 2));
        }
        if (in.size() > p.dataSize() - in.offset()) {
            throw new TpmRcException(TpmRc.NV_RANGE);
        }
        byte[] data = Arrays.copyOfRange(index.data(), in.offset(), in.offset() + in.size());
        return writer -> writer.writeSized(data);
    }
}
