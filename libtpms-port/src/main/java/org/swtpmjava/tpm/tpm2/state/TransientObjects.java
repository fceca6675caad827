package org.swtpmjava.tpm.tpm2.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * The transient object slots (the reference's s_objects, MAX_LOADED_OBJECTS): the object in
 * slot i has handle TRANSIENT_FIRST + i (ObjectAllocateSlot takes the first free slot). Sequence
 * objects and loaded key/data objects share the slots. Lost at every TPM2_Startup
 * (ObjectStartup).
 */
public final class TransientObjects {
    /** MAX_LOADED_OBJECTS of libtpms 0.9.2. */
    public static final int SLOTS = 3;
    public static final int TRANSIENT_FIRST = 0x80000000;

    private final TransientObject[] slots = new TransientObject[SLOTS];

    /** ObjectAllocateSlot: TPM_RC_OBJECT_MEMORY when every slot is in use. */
    public int load(TransientObject object) {
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] == null) {
                slots[i] = object;
                return TRANSIENT_FIRST + i;
            }
        }
        throw new TpmRcException(TpmRc.OBJECT_MEMORY);
    }

    /** The object at {@code handle}, or null (IsObjectPresent). */
    public TransientObject get(int handle) {
        int index = handle - TRANSIENT_FIRST;
        return index >= 0 && index < SLOTS ? slots[index] : null;
    }

    /** The sequence object at {@code handle}, or null if there is none or it is another kind. */
    public HashSequence sequence(int handle) {
        return get(handle) instanceof HashSequence sequence ? sequence : null;
    }

    /** The key or data object at {@code handle}, or null if there is none or it is a sequence. */
    public LoadedObject object(int handle) {
        return get(handle) instanceof LoadedObject object ? object : null;
    }

    /** FindEmptyObjectSlot: true if a slot is free. */
    public boolean hasFreeSlot() {
        return loaded() < SLOTS;
    }

    /** Puts an object back into a given slot (volatile state restore). */
    public void restore(int handle, TransientObject object) {
        slots[handle - TRANSIENT_FIRST] = object;
    }

    public boolean isPresent(int handle) {
        return get(handle) != null;
    }

    /** FlushObject. */
    public void flush(int handle) {
        slots[handle - TRANSIENT_FIRST] = null;
    }

    /**
     * ObjectFlushHierarchy: flushes the key and data objects of a hierarchy (owner, endorsement
     * or platform) when it is disabled or its seed changes; sequence and TPM_RH_NULL objects stay.
     */
    public void flushHierarchy(int hierarchy) {
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] instanceof LoadedObject object && object.hierarchy() == hierarchy) {
                slots[i] = null;
            }
        }
    }

    /** ObjectStartup / ObjectCleanup of every slot. */
    public void flushAll() {
        Arrays.fill(slots, null);
    }

    /** The handles of the loaded objects, ascending. */
    public List<Long> handles() {
        List<Long> handles = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] != null) {
                handles.add(Integer.toUnsignedLong(TRANSIENT_FIRST + i));
            }
        }
        return handles;
    }

    public int loaded() {
        return handles().size();
    }
}
