package org.swtpmjava.tpm.tpm2.command.context;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.TransientObjects;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_FlushContext (Part 3 §28.4): flushHandle (a parameter, TPMI_DH_CONTEXT) names a loaded
 * transient object or a loaded or saved session (a saved session's handle becomes free, its
 * context can no longer be loaded); anything else (an empty slot, a free session handle) is
 * TPM_RC_HANDLE for parameter 1.
 */
public final class FlushContext implements TpmCommand<Integer> {
    private static final int SESSION_SLOTS = TpmHandles.MAX_ACTIVE_SESSIONS;

    @Override
    public Integer unmarshal(CommandArguments arguments) {
        return arguments.parameters().next(FlushContext::readContextHandle);
    }

    @Override
    public CommandOutput execute(Integer flushHandle, CommandContext context) {
        TpmState state = context.state();
        if (TpmHandles.type(flushHandle) != TpmHandles.HT_TRANSIENT) {
            // SessionIsLoaded / SessionIsSaved look at the handle index only: a policy handle
            // flushes an HMAC session of the same index and vice versa, as in the reference.
            if (!state.sessions().isLoaded(flushHandle, state.resetData())
                    && !state.sessions().isSaved(flushHandle, state.resetData())) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.HANDLE, 1));
            }
            if (flushHandle == state.sessions().exclusiveAuditSession()) {
                state.sessions().setExclusiveAuditSession(TpmHandles.RH_UNASSIGNED);
            }
            state.sessions().flush(flushHandle, state.resetData());
            return CommandOutput.NONE;
        }
        TransientObjects objects = state.objects();
        if (!objects.isPresent(flushHandle)) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.HANDLE, 1));
        }
        objects.flush(flushHandle);
        return CommandOutput.NONE;
    }

    /** TPMI_DH_CONTEXT: an HMAC or policy session handle or a transient slot, else TPM_RC_VALUE. */
    private static int readContextHandle(TpmReader reader) {
        int handle = reader.readU32();
        int type = TpmHandles.type(handle);
        int index = handle & 0xFFFFFF;
        boolean session = (type == TpmHandles.HT_HMAC_SESSION || type == TpmHandles.HT_POLICY_SESSION)
                && index < SESSION_SLOTS;
        boolean transientSlot = type == TpmHandles.HT_TRANSIENT && index < TransientObjects.SLOTS;
        if (!session && !transientSlot) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return handle;
    }
}
