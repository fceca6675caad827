package org.swtpmjava.tpm.tpm2.exec;

/**
 * One TPM command: unmarshal its typed input, then act on it. Authorization, sessions, response
 * codes' numbering and the response framing are done around it by {@link CommandExecutor}.
 *
 * @param <I> the command's input (handles and parameters)
 */
public interface TpmCommand<I> {

    /** Reads the handles and parameters; failures are numbered by {@link ParameterReader}. */
    I unmarshal(CommandArguments arguments);

    /** Runs the command; a {@code TpmRcException} becomes the error response. */
    CommandOutput execute(I input, CommandContext context);
}
