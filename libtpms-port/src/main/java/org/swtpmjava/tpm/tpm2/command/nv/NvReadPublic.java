package org.swtpmjava.tpm.tpm2.command.nv;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/** TPM2_NV_ReadPublic (Part 3 §31.6): the public area as it stands (with WRITTEN) and the Name. */
public final class NvReadPublic implements TpmCommand<Integer> {
    @Override
    public Integer unmarshal(CommandArguments arguments) {
        return arguments.handle(0);
    }

    @Override
    public CommandOutput execute(Integer nvIndex, CommandContext context) {
        TpmsNvPublic p = NvAccess.index(context, nvIndex).publicArea();
        return writer -> writer.writeSized(p.toBytes()).writeSized(p.name());
    }
}
