package org.swtpmjava.tpm.tpm2.command.nv;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/** TPM2_NV_GlobalWriteLock (Part 3 §31.12): NvSetGlobalLock, WRITELOCKED on every GLOBALLOCK index. */
public final class NvGlobalWriteLock implements TpmCommand<Integer> {
    @Override
    public Integer unmarshal(CommandArguments arguments) {
        return arguments.handle(0);
    }

    @Override
    public CommandOutput execute(Integer authHandle, CommandContext context) {
        // NvSetGlobalLock: the indices in NV, then the orderly ones in the RAM area
        for (NvIndices.Index index : NvIndices.all(context.state())) {
            TpmsNvPublic p = index.publicArea();
            if (p.has(TpmsNvPublic.GLOBALLOCK)) {
                NvAccess.writeAttributes(context, index, p.attributes() | TpmsNvPublic.WRITELOCKED);
            }
        }
        return CommandOutput.NONE;
    }
}
