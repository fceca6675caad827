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
 * TPM2_NV_WriteLock (Part 3 §31.11): NvWriteAccessChecks, where only TPM_RC_NV_AUTHORIZATION is
 * an error (an index already locked succeeds); an index with neither WRITEDEFINE nor
 * WRITE_STCLEAR cannot be locked (TPM_RC_ATTRIBUTES on handle 2); else WRITELOCKED is set.
 */
public final class NvWriteLock implements TpmCommand<NvAccess.Handles> {
    @Override
    public NvAccess.Handles unmarshal(CommandArguments arguments) {
        return NvAccess.Handles.of(arguments);
    }

    @Override
    public CommandOutput execute(NvAccess.Handles in, CommandContext context) {
        NvIndices.Index index = NvAccess.index(context, in.nvIndex());
        TpmsNvPublic p = index.publicArea();
        try {
            NvAccess.checkWrite(in.authHandle(), index);
        } catch (TpmRcException e) {
            if (e.responseCode() == TpmRc.NV_AUTHORIZATION) {
                throw e;
            }
            return CommandOutput.NONE;
        }
        if (!p.has(TpmsNvPublic.WRITEDEFINE) && !p.has(TpmsNvPublic.WRITE_STCLEAR)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 2));
        }
        NvAccess.writeAttributes(context, index, p.attributes() | TpmsNvPublic.WRITELOCKED);
        return CommandOutput.NONE;
    }
}
