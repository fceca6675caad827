package org.swtpmjava.tpm.tpm2.command.testing;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/**
 * TPM2_SelfTest (Part 3 §10.2): libtpms runs the tests synchronously and they pass, so both
 * fullTest = YES and NO leave nothing to test and answer TPM_RC_SUCCESS (never TPM_RC_TESTING).
 */
public final class SelfTest implements TpmCommand<SelfTest.In> {

    /** @param fullTest TPMI_YES_NO */
    public record In(boolean fullTest) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.parameters().next(TpmReader::readBool));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        context.state().selfTests().testAll();
        return CommandOutput.NONE;
    }
}
