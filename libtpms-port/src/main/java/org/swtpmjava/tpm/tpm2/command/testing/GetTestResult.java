package org.swtpmjava.tpm.tpm2.command.testing;

import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ParameterlessCommand;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_GetTestResult (Part 3 §10.4) outside failure mode: libtpms runs its self tests at start,
 * so it reports no data and TPM_RC_SUCCESS. The failure-mode answer comes from the executor.
 */
public final class GetTestResult extends ParameterlessCommand {

    @Override
    protected CommandOutput execute(CommandContext context) {
        return writer -> writer.writeSized(new byte[0]).writeU32(TpmRc.SUCCESS);
    }
}
