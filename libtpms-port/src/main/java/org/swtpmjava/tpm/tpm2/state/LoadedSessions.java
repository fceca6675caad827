package org.swtpmjava.tpm.tpm2.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * The session slots (the reference's s_sessions, MAX_LOADED_SESSIONS) and the handle
 * allocation through STATE_RESET_DATA's contextArray (Session.c): contextArray[i] is 0 for a free
 * handle index i, slot + 1 for a session loaded in slot, larger for a saved session (none can
 * exist until ContextSave is implemented). The session with handle index i has handle
 * 0x02000000 + i (HMAC) or 0x03000000 + i (policy or trial).
 */
public final class LoadedSessions {
    /** MAX_LOADED_SESSIONS of libtpms 0.9.2. */
    public static final int SLOTS = 3;

    private final AuthSession[] slots = new AuthSession[SLOTS];
    private int exclusiveAuditSession = TpmHandles.RH_UNASSIGNED;

    /** g_exclusiveAuditSession: the audit session that audited every command since its last (re)start. */
    public int exclusiveAuditSession() {
        return exclusiveAuditSession;
    }

    public void setExclusiveAuditSession(int handle) {
        exclusiveAuditSession = handle;
    }

    /**
     * SessionCreate / ContextIdSessionCreate: the first free slot and the first free handle
     * index; TPM_RC_SESSION_MEMORY when every slot is used, TPM_RC_SESSION_HANDLES when every
     * handle is.
     *
     * @return the new session's handle
     */
    public int create(AuthSession session, StateResetData reset) {
        int slot = freeSlot();
        if (slot < 0) {
            throw new TpmRcException(TpmRc.SESSION_MEMORY);
        }
        int[] contextArray = reset.contextArray();
        for (int index = 0; index < contextArray.length; index++) {
            if (contextArray[index] == 0) {
                contextArray[index] = slot + 1;
                reset.setContextArray(contextArray);
                slots[slot] = session;
                int type = session.isPolicy() ? TpmHandles.HT_POLICY_SESSION : TpmHandles.HT_HMAC_SESSION;
                return type << 24 | index;
            }
        }
        throw new TpmRcException(TpmRc.SESSION_HANDLES);
    }

    /**
     * SessionIsLoaded: the handle index refers to a loaded session; the handle's type (HMAC or
     * policy) is not compared with the session's.
     */
    public boolean isLoaded(int handle, StateResetData reset) {
        return slotOf(handle, reset) >= 0;
    }

    /** The loaded session of {@code handle}, or null. */
    public AuthSession get(int handle, StateResetData reset) {
        int slot = slotOf(handle, reset);
        return slot < 0 ? null : slots[slot];
    }

    /** SessionFlush of a loaded session. */
    public void flush(int handle, StateResetData reset) {
        int slot = slotOf(handle, reset);
        if (slot < 0) {
            throw new IllegalStateException(String.format("session 0x%08x is not loaded", handle));
        }
        int[] contextArray = reset.contextArray();
        contextArray[handle & 0xFFFFFF] = 0;
        reset.setContextArray(contextArray);
        slots[slot] = null;
    }

    /** SessionStartup: no loaded session survives TPM2_Startup (the context array is cleaned by the caller). */
    public void clear() {
        Arrays.fill(slots, null);
    }

    /** The session in {@code slot} (0..SLOTS-1), or null; for the state codec. */
    public AuthSession slot(int slot) {
        return slots[slot];
    }

    /** Puts a session back into its slot; for the state codec. */
    public void restoreSlot(int slot, AuthSession session) {
        slots[slot] = session;
    }

    /** The handles of the loaded sessions of one handle type (HMAC or policy), ascending. */
    public List<Long> handles(int handleType, StateResetData reset) {
        List<Long> handles = new ArrayList<>();
        int[] contextArray = reset.contextArray();
        for (int index = 0; index < contextArray.length; index++) {
            int value = contextArray[index];
            if (value >= 1 && value <= SLOTS && slots[value - 1] != null) {
                int type = slots[value - 1].isPolicy() ? TpmHandles.HT_POLICY_SESSION : TpmHandles.HT_HMAC_SESSION;
                if (type == handleType) {
                    handles.add(Integer.toUnsignedLong(type << 24 | index));
                }
            }
        }
        return handles;
    }

    /** The number of loaded sessions. */
    public int loaded() {
        int count = 0;
        for (AuthSession session : slots) {
            count += session == null ? 0 : 1;
        }
        return count;
    }

    private int freeSlot() {
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] == null) {
                return i;
            }
        }
        return -1;
    }

    private int slotOf(int handle, StateResetData reset) {
        if (!TpmHandles.isSessionHandle(handle)) {
            return -1;
        }
        int value = reset.contextArray()[handle & 0xFFFFFF];
        if (value < 1 || value > SLOTS || slots[value - 1] == null) {
            return -1;
        }
        return value - 1;
    }
}
