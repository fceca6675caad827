package org.swtpmjava.tpm.tpm2.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * The transient object slots (the reference's s_objects, MAX_LOADED_OBJECTS): the object in
 * slot i has handle TRANSIENT_FIRST + i (ObjectAllocateSlot takes the first free slot). Only
 * sequence objects exist so far. Lost at every TPM2_Startup (ObjectStartup) and, unlike the
 * reference, not part of the volatile state blob yet.
 */
public final class TransientObjects {
    /** MAX_LOADED_OBJECTS of libtpms 0.9.2. */
    public static final int SLOTS = 3;
    public static final int TRANSIENT_FIRST = 0x80000000;

    private final HashSequence[] slots = new HashSequence[SLOTS];

    /** ObjectAllocateSlot: TPM_RC_OBJECT_MEMORY when every slot is in use. */
    public int load(HashSequence object) {
        for (int i = 0; i < SLOTS; i++) {
            if (slots[i] == null) {
                slots[i] = object;
                return TRANSIENT_FIRST + i;
            }
        }
        throw new TpmRcException(TpmRc.OBJECT_MEMORY);
    }

    /** The object at {@code handle}, or null (IsObjectPresent). */
    public HashSequence get(int handle) {
        int index = handle - TRANSIENT_FIRST;
        return index >= 0 && index < SLOTS ? slots[index] : null;
    }

    public boolean isPresent(int handle) {
        return get(handle) != null;
    }

    /** FlushObject. */
    public void flush(int handle) {
        slots[handle - TRANSIENT_FIRST] = null;
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
