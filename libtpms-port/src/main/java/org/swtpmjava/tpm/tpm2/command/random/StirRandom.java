package org.swtpmjava.tpm.tpm2.command.random;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;

/** TPM2_StirRandom (Part 3 §16.2): reseed the DRBG with fresh entropy and the caller's data. */
public final class StirRandom implements TpmCommand<StirRandom.In> {
    /** MAX_SYM_DATA: the maximum of TPM2B_SENSITIVE_DATA. */
    public static final int MAX_IN_DATA = 128;

    /** @param inData TPM2B_SENSITIVE_DATA */
    public record In(byte[] inData) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.parameters().next(reader -> reader.readSized(MAX_IN_DATA)));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        context.random().stir(in.inData());
        return CommandOutput.NONE;
    }
}
