package org.swtpmjava.tpm.tpm2.exec;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.libtpms.PersistentObjects;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * ObjectLoadEvict (reference Object.c): a command that names a persistent object works on a copy
 * of it in a free transient slot, which is flushed when the command ends (ObjectCleanupEvict),
 * so the slot is observable only as TPM_RC_OBJECT_MEMORY and as the handle a command that loads
 * another object gets meanwhile.
 */
final class PersistentObjectLoader {
    /** TPM_CC_EvictControl, which may still reach endorsement objects with the hierarchy disabled. */
    private static final int EVICT_CONTROL = 0x120;

    private PersistentObjectLoader() {
    }

    /**
     * Loads the object at {@code persistentHandle} and returns its slot's handle. In libtpms'
     * order: the range's hierarchy disabled (platform range: phEnable, else shEnable) is
     * TPM_RC_HANDLE, no free slot TPM_RC_OBJECT_MEMORY, no such object TPM_RC_HANDLE, an
     * endorsement object with ehEnable clear TPM_RC_HANDLE except for TPM2_EvictControl.
     */
    static int load(int persistentHandle, int commandCode, CommandContext context) {
        TpmState state = context.state();
        boolean enabled = TpmHandles.isPlatformPersistent(persistentHandle) ? state.flags().phEnable()
                : state.clearData().shEnable();
        if (!enabled) {
            throw new TpmRcException(TpmRc.HANDLE);
        }
        if (!state.objects().hasFreeSlot()) {
            throw new TpmRcException(TpmRc.OBJECT_MEMORY);
        }
        LoadedObject object = PersistentObjects.find(state.nv().unmodeled(), persistentHandle);
        if (object == null) {
            throw new TpmRcException(TpmRc.HANDLE);
        }
        int slot = state.objects().load(object);
        context.loadedPersistentObject(slot, persistentHandle);
        if (object.hierarchy() == TpmHandles.RH_ENDORSEMENT && !state.clearData().ehEnable()
                && commandCode != EVICT_CONTROL) {
            throw new TpmRcException(TpmRc.HANDLE);
        }
        return slot;
    }
}
