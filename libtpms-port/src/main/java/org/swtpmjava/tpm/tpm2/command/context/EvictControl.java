package org.swtpmjava.tpm.tpm2.command.context;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.libtpms.PersistentObjects;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_EvictControl (Part 3 §28.5): auth (TPMI_RH_PROVISION, USER) makes the transient object
 * objectHandle persistent at persistentHandle, or removes the persistent object objectHandle
 * (then persistentHandle must be its own handle). Checks and codes in libtpms' order: a
 * temporary (TPM_RH_NULL or sequence), stClear or public-only object is TPM_RC_ATTRIBUTES; a
 * persistent object named by another persistentHandle TPM_RC_HANDLE; the platform may only
 * persist platform objects (TPM_RC_HIERARCHY) at platform handles, the owner never touches
 * platform objects and persists at owner handles (TPM_RC_RANGE); a used handle is
 * TPM_RC_NV_DEFINED, a full NV TPM_RC_NV_SPACE.
 */
public final class EvictControl implements TpmCommand<EvictControl.In> {
    /**
     * @param auth             TPMI_RH_PROVISION
     * @param objectHandle     the object's slot (a persistent object's copy is in one too)
     * @param persistentHandle TPMI_DH_PERSISTENT
     */
    public record In(int auth, int objectHandle, int persistentHandle) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        int persistentHandle = arguments.parameters().next(EvictControl::readPersistentHandle);
        return new In(arguments.handle(0), arguments.handle(1), persistentHandle);
    }

    /** TPMI_DH_PERSISTENT: PERSISTENT_FIRST..PERSISTENT_LAST, else TPM_RC_VALUE. */
    private static int readPersistentHandle(TpmReader reader) {
        int handle = reader.readU32();
        if (TpmHandles.type(handle) != TpmHandles.HT_PERSISTENT) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return handle;
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmState state = context.state();
        LoadedObject object = state.objects().object(in.objectHandle());
        // A sequence object is temporary (AllocateSequenceSlot); TPM_RH_NULL objects are too.
        if (object == null || object.hierarchy() == TpmHandles.RH_NULL || object.stClear()
                || object.publicOnly()) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 2));
        }
        int evictHandle = context.evictHandleOf(in.objectHandle());
        boolean persistent = evictHandle != 0;
        if (persistent && evictHandle != in.persistentHandle()) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.HANDLE, 2));
        }
        boolean platformObject = object.hierarchy() == TpmHandles.RH_PLATFORM;
        boolean platformHandle = TpmHandles.isPlatformPersistent(in.persistentHandle());
        if (in.auth() == TpmHandles.RH_PLATFORM) {
            // the platform may remove any persistent object
            if (!persistent && !platformObject) {
                throw new TpmRcException(ResponseCodes.handle(TpmRc.HIERARCHY, 2));
            }
            if (!persistent && !platformHandle) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.RANGE, 1));
            }
        } else {
            if (platformObject) {
                throw new TpmRcException(ResponseCodes.handle(TpmRc.HIERARCHY, 2));
            }
            if (!persistent && platformHandle) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.RANGE, 1));
            }
        }
        if (persistent) {
            state.nv().setUnmodeled(PersistentObjects.remove(state.nv().unmodeled(), evictHandle));
        } else {
            if (PersistentObjects.exists(state.nv().unmodeled(), in.persistentHandle())) {
                throw new TpmRcException(TpmRc.NV_DEFINED);
            }
            state.nv().setUnmodeled(PersistentObjects.add(state.nv().unmodeled(), in.persistentHandle(), object));
        }
        context.requestNvCommit();
        return CommandOutput.NONE;
    }
}
