package org.swtpmjava.tpm.tpm2.command.context;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.platform.TpmFailure;
import org.swtpmjava.tpm.tpm2.state.HashSequence;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.StateResetData;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.TransientObject;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;

/**
 * TPM2_ContextSave (Part 3 §28.2) of a transient object (key, data or sequence object): the
 * object stays loaded; the context gets the next objectContextID as sequence, savedHandle
 * 0x80000000 (0x80000001 for a sequence object, 0x80000002 for an stClear object), the object's
 * hierarchy (TPM_RH_NULL for a sequence) and the protected blob (see {@link ContextProtection}).
 * A loaded session is saved by {@link SessionContexts}.
 */
public final class ContextSave implements TpmCommand<Integer> {
    private static final int SAVED_OBJECT = 0x80000000;
    private static final int SAVED_SEQUENCE = 0x80000001;

    @Override
    public Integer unmarshal(CommandArguments arguments) {
        return arguments.handle(0);
    }

    @Override
    public CommandOutput execute(Integer saveHandle, CommandContext context) {
        TpmState state = context.state();
        if (TpmHandles.isSessionHandle(saveHandle)) {
            return SessionContexts.save(saveHandle, context);
        }
        TransientObject object = state.objects().get(saveHandle);
        StateResetData reset = state.resetData();
        long sequence = reset.objectContextId() + 1;
        if (sequence == 0) {
            throw new TpmFailure(TpmFailure.FATAL_ERROR_INTERNAL, "objectContextID wrapped");
        }
        reset.setObjectContextId(sequence);
        int savedHandle;
        int hierarchy;
        if (object instanceof HashSequence) {
            savedHandle = SAVED_SEQUENCE;
            hierarchy = TpmHandles.RH_NULL;
        } else {
            LoadedObject loaded = (LoadedObject) object;
            savedHandle = loaded.stClear() ? ContextProtection.STCLEAR_OBJECT : SAVED_OBJECT;
            hierarchy = loaded.hierarchy();
        }
        byte[] payload = ObjectContextPayload.encode(object);
        byte[] plain = new TpmWriter(8 + payload.length).writeBytes(ContextProtection.fingerprint(sequence))
                .writeBytes(payload).toByteArray();
        byte[] encrypted = ContextProtection.encrypt(state, sequence, savedHandle, hierarchy, plain);
        byte[] integrity = ContextProtection.integrity(state, sequence, savedHandle, hierarchy, encrypted);
        byte[] blob = new TpmWriter(2 + integrity.length + encrypted.length).writeSized(integrity)
                .writeBytes(encrypted).toByteArray();
        context.clearOrderly();
        return writer -> writer.writeU64(sequence).writeU32(savedHandle).writeU32(hierarchy).writeSized(blob);
    }
}
