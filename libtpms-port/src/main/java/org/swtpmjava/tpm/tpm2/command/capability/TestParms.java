package org.swtpmjava.tpm.tpm2.command.capability;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.types.TpmtPublicParms;

/**
 * TPM2_TestParms (Part 3 §30.3): whether the TPM supports a set of public parameters. As in the
 * reference, all checking is done by unmarshalling TPMT_PUBLIC_PARMS (an unsupported algorithm,
 * curve, key size or mode is a parameter-1 code); the command body has nothing left to do.
 */
public final class TestParms implements TpmCommand<TpmtPublicParms> {

    @Override
    public TpmtPublicParms unmarshal(CommandArguments arguments) {
        return arguments.parameters().next(TpmtPublicParms::unmarshal);
    }

    @Override
    public CommandOutput execute(TpmtPublicParms parameters, CommandContext context) {
        return CommandOutput.NONE;
    }
}
