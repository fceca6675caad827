package org.swtpmjava.tpm.tpm2.exec;

/**
 * A command without parameters: the handle area (if any) is checked by the executor and the
 * body needs only the context.
 */
public abstract class ParameterlessCommand implements TpmCommand<CommandArguments> {

    @Override
    public final CommandArguments unmarshal(CommandArguments arguments) {
        return arguments;
    }

    @Override
    public final CommandOutput execute(CommandArguments arguments, CommandContext context) {
        return execute(context);
    }

    /** Runs the command. */
    protected abstract CommandOutput execute(CommandContext context);
}
