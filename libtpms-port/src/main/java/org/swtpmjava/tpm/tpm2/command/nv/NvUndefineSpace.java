package org.swtpmjava.tpm.tpm2.command.nv;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/**
 * TPM2_NV_UndefineSpace (Part 3 §31.4): an index with POLICY_DELETE needs
 * NV_UndefineSpaceSpecial (TPM_RC_ATTRIBUTES on handle 2); the owner cannot remove a
 * platform-created index (TPM_RC_NV_AUTHORIZATION).
 */
public final class NvUndefineSpace implements TpmCommand<NvUndefineSpace.In> {
    public record In(int authHandle, int nvIndex) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.handle(1));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmsNvPublic p = NvAccess.index(context, in.nvIndex()).publicArea();
        if (p.has(TpmsNvPublic.POLICY_DELETE)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 2));
        }
        if (in.authHandle() == TpmHandles.RH_OWNER && p.has(TpmsNvPublic.PLATFORMCREATE)) {
            throw new TpmRcException(TpmRc.NV_AUTHORIZATION);
        }
        TpmState state = context.state();
        if (NvIndices.remove(state, in.nvIndex())) {
            context.requestOrderlyRamUpdate(); // NvDeleteRAM: SET_NV_UPDATE(UT_ORDERLY)
        }
        context.requestNvCommit();
        return CommandOutput.NONE;
    }
}
