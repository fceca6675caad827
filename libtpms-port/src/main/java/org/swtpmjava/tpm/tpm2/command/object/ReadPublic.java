package org.swtpmjava.tpm.tpm2.command.object;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_ReadPublic (Part 3 §12.4): the public area, Name and qualified Name of a loaded object;
 * a sequence object has none (TPM_RC_SEQUENCE, not numbered).
 */
public final class ReadPublic implements TpmCommand<Integer> {

    @Override
    public Integer unmarshal(CommandArguments arguments) {
        return arguments.handle(0);
    }

    @Override
    public CommandOutput execute(Integer objectHandle, CommandContext context) {
        LoadedObject object = context.state().objects().object(objectHandle);
        if (object == null) {
            throw new TpmRcException(TpmRc.SEQUENCE);
        }
        return writer -> {
            object.publicArea().marshalSized(writer);
            writer.writeSized(object.name()).writeSized(object.qualifiedName());
        };
    }
}
