package org.swtpmjava.tpm.tpm2.command.hierarchy;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_ClearControl (Part 3 §24.7): auth (TPMI_RH_CLEAR, USER) sets disableClear, in NV;
 * lockoutAuth may only set it (clearing it with lockout is a bare TPM_RC_AUTH_FAIL).
 */
public final class ClearControl implements TpmCommand<ClearControl.In> {

    /**
     * @param auth    TPMI_RH_CLEAR
     * @param disable TPMI_YES_NO
     */
    public record In(int auth, boolean disable) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.parameters().next(HierarchyControl::readYesNo));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        if (in.auth() == TpmHandles.RH_LOCKOUT && !in.disable()) {
            throw new TpmRcException(TpmRc.AUTH_FAIL);
        }
        context.state().persistent().setDisableClear(in.disable());
        context.requestNvCommit();
        return CommandOutput.NONE;
    }
}
