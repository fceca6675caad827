package org.swtpmjava.tpm.tpm2.command.nv;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
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
 * TPM2_NV_Extend (Part 3 §31.9): after NvWriteAccessChecks, only an extend index (else
 * TPM_RC_ATTRIBUTES on handle 2); the value becomes H_nameAlg(value || data), from a zero
 * digest before the first write.
 */
public final class NvExtend implements TpmCommand<NvExtend.In> {
    public record In(int authHandle, int nvIndex, byte[] data) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] data = arguments.parameters().next(reader -> reader.readSized(NvDefineSpace.MAX_NV_BUFFER_SIZE));
        return new In(arguments.handle(0), arguments.handle(1), data);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        NvIndices.Index index = NvAccess.index(context, in.nvIndex());
        NvAccess.checkWrite(in.authHandle(), index);
        TpmsNvPublic p = index.publicArea();
        if (p.type() != TpmsNvPublic.NT_EXTEND) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 2));
        }
        int size = Hashes.digestSize(p.nameAlg());
        byte[] old = p.has(TpmsNvPublic.WRITTEN) ? java.util.Arrays.copyOf(index.data(), size) : new byte[size];
        NvAccess.writeData(context, index, 0, Hashes.digest(p.nameAlg(), old, in.data()));
        return CommandOutput.NONE;
    }
}
