package org.swtpmjava.tpm.tpm2.command.nv;

import org.swtpmjava.tpm.tpm2.state.TpmState;
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
 * TPM2_NV_UndefineSpaceSpecial (Part 3 §31.5): nvIndex (ADMIN role: its policy) and platform
 * (USER) remove an index with POLICY_DELETE; any other is TPM_RC_ATTRIBUTES on handle 1.
 */
public final class NvUndefineSpaceSpecial implements TpmCommand<Integer> {
    @Override
    public Integer unmarshal(CommandArguments arguments) {
        return arguments.handle(0);
    }

    @Override
    public CommandOutput execute(Integer nvIndex, CommandContext context) {
        NvIndices.Index index = NvAccess.index(context, nvIndex);
        if (!index.publicArea().has(TpmsNvPublic.POLICY_DELETE)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 1));
        }
        TpmState state = context.state();
        if (NvIndices.remove(state, nvIndex)) {
            context.requestOrderlyRamUpdate(); // NvDeleteRAM: SET_NV_UPDATE(UT_ORDERLY)
        }
        context.requestNvCommit();
        return CommandOutput.NONE;
    }
}
