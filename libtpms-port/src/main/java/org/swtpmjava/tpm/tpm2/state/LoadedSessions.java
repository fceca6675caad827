package org.swtpmjava.tpm.tpm2.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * The session slots (the reference's s_sessions, MAX_LOADED_SESSIONS) and the session handles
 * through STATE_RESET_DATA's contextArray and contextCounter (Session.c, Part 1 "Session Context
 * Management"): contextArray[i] is 0 for a free handle index i, slot + 1 for a session loaded in
 * slot, and the low 16 bits of the contextCounter value it was saved with for a saved session
 * (libtpms 0.9's CONTEXT_SLOT is a UINT16; the counter skips the low values 0-3, which mean
 * "free" or "loaded"). The session with handle index i has handle 0x02000000 + i (HMAC) or
 * 0x03000000 + i (policy or trial). A saved session's handle stays reserved until its context is
 * loaded again or it is flushed; the oldest saved session limits how far the counter may run
 * ahead (the context gap, TPM_RC_CONTEXT_GAP), so that the low bits stay unambiguous.
 */
public final class LoadedSessions {
    /** MAX_LOADED_SESSIONS of libtpms 0.9.2. */
    public static final int SLOTS = 3;
    /** s_oldestSavedSession when no session is saved: MAX_ACTIVE_SESSIONS + 1. */
    public static final int NO_SAVED_SESSION = StateResetData.CONTEXT_SLOTS + 1;
    /**
     * s_ContextSlotMask for a CONTEXT_SLOT of 16 bits (libtpms 0.9); 0x00FF only for a state
     * converted from libtpms before 0.9, which the engine treats as 16-bit too.
     */
    private static final int CONTEXT_SLOT_MASK = 0xFFFF;
    /** MAX_CONTEXT_GAP: CONTEXT_SLOT_MASKED(~0) + 1. */
    private static final long MAX_CONTEXT_GAP = CONTEXT_SLOT_MASK + 1L;

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
     * The checks of SessionCreate / ContextIdSessionCreate, in their order: TPM_RC_SESSION_MEMORY
     * when every slot is used; TPM_RC_CONTEXT_GAP when this would take the last free slot while
     * the gap is at its maximum (no session could be saved to make room); TPM_RC_SESSION_HANDLES
     * when every handle is used (loaded or saved).
     */
    public void checkCreate(StateResetData reset) {
        if (freeSlot() < 0) {
            throw new TpmRcException(TpmRc.SESSION_MEMORY);
        }
        if (freeSlots() == 1 && gapAtMaximum(reset)) {
            throw new TpmRcException(TpmRc.CONTEXT_GAP);
        }
        if (freeIndex(reset.contextArray()) < 0) {
            throw new TpmRcException(TpmRc.SESSION_HANDLES);
        }
    }

    /**
     * SessionCreate: after {@link #checkCreate}, the first free slot and the first free handle
     * index.
     *
     * @return the new session's handle
     */
    public int create(AuthSession session, StateResetData reset) {
        checkCreate(reset);
        int slot = freeSlot();
        int[] contextArray = reset.contextArray();
        int index = freeIndex(contextArray);
        contextArray[index] = slot + 1;
        reset.setContextArray(contextArray);
        slots[slot] = session;
        int type = session.isPolicy() ? TpmHandles.HT_POLICY_SESSION : TpmHandles.HT_HMAC_SESSION;
        return type << 24 | index;
    }

    /**
     * SessionContextSave of a loaded session: the session leaves its slot, its handle index
     * keeps the low bits of the contextCounter, which advances (skipping the low values that
     * mean "loaded" when the low bits wrap). TPM_RC_CONTEXT_GAP when the counter has come round
     * to the oldest saved session; TPM_RC_TOO_MANY_CONTEXTS when the 64-bit counter would wrap
     * (then, as in the reference, the handle index already holds the new value and the slot
     * stays occupied).
     *
     * @return the context's sequence (the contextCounter value it was saved with)
     */
    public long save(int handle, StateResetData reset) {
        int slot = slotOf(handle, reset);
        if (slot < 0) {
            throw new IllegalStateException(String.format("session 0x%08x is not loaded", handle));
        }
        if (gapAtMaximum(reset)) {
            throw new TpmRcException(TpmRc.CONTEXT_GAP);
        }
        long contextId = reset.contextCounter();
        int[] contextArray = reset.contextArray();
        contextArray[handle & 0xFFFFFF] = masked(contextId);
        reset.setContextArray(contextArray);
        long counter = contextId + 1;
        if (counter == 0) {
            throw new TpmRcException(TpmRc.TOO_MANY_CONTEXTS);
        }
        if (masked(counter) == 0) {
            counter += SLOTS + 1;
        }
        reset.setContextCounter(counter);
        slots[slot] = null;
        return contextId;
    }

    /**
     * SequenceNumberForSavedContextIsValid: the context's handle index holds a saved session
     * whose low bits are the sequence's, and the sequence is neither ahead of the counter nor
     * more than a full gap behind it. A context that was loaded (or flushed) cannot be loaded
     * again: its handle index no longer holds that value.
     */
    public boolean isValidSavedContext(int savedHandle, long sequence, StateResetData reset) {
        int index = savedHandle & 0xFFFFFF;
        if (index >= StateResetData.CONTEXT_SLOTS) {
            return false;
        }
        int entry = reset.contextArray()[index];
        long counter = reset.contextCounter();
        return entry > SLOTS && entry == masked(sequence) && Long.compareUnsigned(sequence, counter) <= 0
                && Long.compareUnsigned(counter - sequence, MAX_CONTEXT_GAP) <= 0;
    }

    /**
     * SessionContextLoad of a saved session (the caller checked the context with
     * {@link #isValidSavedContext}): TPM_RC_SESSION_MEMORY when every slot is used;
     * TPM_RC_CONTEXT_GAP when this would take the last free slot while the gap is at its maximum,
     * unless it is the oldest saved session itself.
     *
     * @return the loaded session's handle: {@code savedHandle}
     */
    public int load(AuthSession session, int savedHandle, StateResetData reset) {
        int slot = freeSlot();
        if (slot < 0) {
            throw new TpmRcException(TpmRc.SESSION_MEMORY);
        }
        int index = savedHandle & 0xFFFFFF;
        if (freeSlots() == 1 && gapAtMaximum(reset) && index != oldestSaved(reset)) {
            throw new TpmRcException(TpmRc.CONTEXT_GAP);
        }
        int[] contextArray = reset.contextArray();
        contextArray[index] = slot + 1;
        reset.setContextArray(contextArray);
        slots[slot] = session;
        return savedHandle;
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

    /**
     * SessionIsSaved: the handle index refers to a saved session (the handle's type is not
     * compared: a saved session's type is inside its context only).
     */
    public boolean isSaved(int handle, StateResetData reset) {
        if (!TpmHandles.isSessionHandle(handle) || (handle & 0xFFFFFF) >= StateResetData.CONTEXT_SLOTS) {
            return false;
        }
        return reset.contextArray()[handle & 0xFFFFFF] > SLOTS;
    }

    /** SessionFlush of a loaded or saved session: its handle index becomes free. */
    public void flush(int handle, StateResetData reset) {
        int slot = slotOf(handle, reset);
        if (slot < 0 && !isSaved(handle, reset)) {
            throw new IllegalStateException(String.format("session 0x%08x is neither loaded nor saved", handle));
        }
        int[] contextArray = reset.contextArray();
        contextArray[handle & 0xFFFFFF] = 0;
        reset.setContextArray(contextArray);
        if (slot >= 0) {
            slots[slot] = null;
        }
    }

    /**
     * s_oldestSavedSession as ContextIdSetOldest finds it: the saved session whose low bits are
     * furthest behind the counter's, or MAX_ACTIVE_SESSIONS + 1 when no session is saved. The
     * reference keeps it in a variable updated on save, load, flush and Startup; it always equals
     * this value.
     */
    public int oldestSaved(StateResetData reset) {
        int oldest = NO_SAVED_SESSION;
        int lowBits = masked(reset.contextCounter());
        int smallest = CONTEXT_SLOT_MASK;
        int[] contextArray = reset.contextArray();
        for (int i = 0; i < contextArray.length; i++) {
            if (contextArray[i] > SLOTS) {
                int distance = (contextArray[i] - lowBits) & CONTEXT_SLOT_MASK;
                if (distance <= smallest) {
                    smallest = distance;
                    oldest = i;
                }
            }
        }
        return oldest;
    }

    /** The handles of the saved sessions (SessionCapGetSaved: all as 0x02000000 + index), ascending. */
    public List<Long> savedHandles(StateResetData reset) {
        List<Long> handles = new ArrayList<>();
        int[] contextArray = reset.contextArray();
        for (int index = 0; index < contextArray.length; index++) {
            if (contextArray[index] > SLOTS) {
                handles.add(Integer.toUnsignedLong(TpmHandles.HT_HMAC_SESSION << 24 | index));
            }
        }
        return handles;
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

    /** s_freeSessionSlots. */
    private int freeSlots() {
        return SLOTS - loaded();
    }

    /**
     * The gap is at its maximum when the oldest saved session holds the counter's low bits: the
     * next saved context would be indistinguishable from it.
     */
    private boolean gapAtMaximum(StateResetData reset) {
        int oldest = oldestSaved(reset);
        return oldest < StateResetData.CONTEXT_SLOTS && reset.contextArray()[oldest] == masked(reset.contextCounter());
    }

    private static int freeIndex(int[] contextArray) {
        for (int index = 0; index < contextArray.length; index++) {
            if (contextArray[index] == 0) {
                return index;
            }
        }
        return -1;
    }

    /** CONTEXT_SLOT_MASKED. */
    private static int masked(long value) {
        return (int) value & CONTEXT_SLOT_MASK;
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
        if (!TpmHandles.isSessionHandle(handle) || (handle & 0xFFFFFF) >= StateResetData.CONTEXT_SLOTS) {
            return -1;
        }
        int value = reset.contextArray()[handle & 0xFFFFFF];
        if (value < 1 || value > SLOTS || slots[value - 1] == null) {
            return -1;
        }
        return value - 1;
    }
}
