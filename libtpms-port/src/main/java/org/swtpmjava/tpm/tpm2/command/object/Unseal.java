package org.swtpmjava.tpm.tpm2.command.object;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;

/**
 * TPM2_Unseal (Part 3 §12.7): the data of a sealed data object, a KEYEDHASH object with sign,
 * decrypt and restricted all clear; another type (a sequence object too) is TPM_RC_TYPE, a
 * KEYEDHASH key TPM_RC_ATTRIBUTES, both on handle 1.
 */
public final class Unseal implements TpmCommand<Integer> {

    @Override
    public Integer unmarshal(CommandArguments arguments) {
        return arguments.handle(0);
    }

    @Override
    public CommandOutput execute(Integer itemHandle, CommandContext context) {
        LoadedObject object = context.state().objects().object(itemHandle);
        if (object == null || object.publicArea().type() != TpmAlgId.KEYEDHASH) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 1));
        }
        if (object.has(TpmaObject.DECRYPT) || object.has(TpmaObject.SIGN) || object.has(TpmaObject.RESTRICTED)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 1));
        }
        byte[] data = object.sensitive();
        return writer -> writer.writeSized(data);
    }
}
