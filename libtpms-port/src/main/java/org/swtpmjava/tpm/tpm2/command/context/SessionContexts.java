package org.swtpmjava.tpm.tpm2.command.context;

import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.platform.TpmFailure;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.LoadedSessions;
import org.swtpmjava.tpm.tpm2.state.StateResetData;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * ContextSave and ContextLoad of authorization sessions (Part 3 §28.2-28.3, Part 1 "Session
 * Context Management"), as libtpms 0.9 does them. Saving frees the session's slot but keeps its
 * handle (see {@link LoadedSessions#save}); the context names the session handle, TPM_RH_NULL as
 * hierarchy (so the null proof protects it, and a TPM Reset makes it useless), the contextCounter
 * value as sequence, and carries the raw SESSION struct ({@link SessionContextPayload}). A context
 * loads once: loading (or flushing) the session changes what its handle index holds.
 */
final class SessionContexts {
    private SessionContexts() {
    }

    /**
     * TPM2_ContextSave of a loaded session: the struct is taken first, then SessionContextSave
     * (TPM_RC_CONTEXT_GAP, TPM_RC_TOO_MANY_CONTEXTS, bare), then the blob is protected.
     */
    static CommandOutput save(int handle, CommandContext context) {
        TpmState state = context.state();
        StateResetData reset = state.resetData();
        context.clearOrderly(); // RETURN_IF_ORDERLY
        byte[] payload = SessionContextPayload.encode(state.sessions().get(handle, reset));
        long sequence = state.sessions().save(handle, reset);
        int hierarchy = TpmHandles.RH_NULL;
        byte[] plain = new TpmWriter(8 + payload.length).writeBytes(ContextProtection.fingerprint(sequence))
                .writeBytes(payload).toByteArray();
        byte[] encrypted = ContextProtection.encrypt(state, sequence, handle, hierarchy, plain);
        byte[] integrity = ContextProtection.integrity(state, sequence, handle, hierarchy, encrypted);
        byte[] blob = new TpmWriter(2 + integrity.length + encrypted.length).writeSized(integrity)
                .writeBytes(encrypted).toByteArray();
        return writer -> writer.writeU64(sequence).writeU32(handle).writeU32(hierarchy).writeSized(blob);
    }

    /**
     * TPM2_ContextLoad of a session context whose integrity and fingerprint have been checked:
     * a payload that is not a SESSION struct is failure mode (as in libtpms); a context whose
     * handle index does not hold its sequence (already loaded, flushed, from before a TPM Reset,
     * or out of the gap) is TPM_RC_HANDLE for parameter 1; then SessionContextLoad's
     * TPM_RC_SESSION_MEMORY and TPM_RC_CONTEXT_GAP (bare).
     *
     * @param payload the decrypted blob after the fingerprint
     */
    static CommandOutput load(long sequence, int savedHandle, byte[] payload, CommandContext context) {
        if (payload.length != SessionContextPayload.SIZE) {
            throw new TpmFailure(TpmFailure.FATAL_ERROR_INTERNAL, "session context of " + payload.length + " bytes");
        }
        TpmState state = context.state();
        StateResetData reset = state.resetData();
        context.clearOrderly(); // RETURN_IF_ORDERLY
        if (!state.sessions().isValidSavedContext(savedHandle, sequence, reset)) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.HANDLE, 1));
        }
        AuthSession session;
        try {
            session = SessionContextPayload.decode(payload);
        } catch (IllegalArgumentException e) {
            // Only a TPM holding the null proof can make such a context; libtpms would load it as is.
            throw new TpmFailure(TpmFailure.FATAL_ERROR_INTERNAL, "session context the engine cannot use", e);
        }
        int handle = state.sessions().load(session, savedHandle, reset);
        return writer -> writer.writeU32(handle);
    }
}
