package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.UnmodeledState;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * The persistent objects of NV (reference NVDynamic.c), kept where libtpms keeps them: as
 * entries of the USER_NVRAM section (libtpms.md §4.8-4.9), in the engine's carried copy of it, so
 * that a state dir moves between libtpms and the engine with its persistent keys and the permall
 * stays byte-identical to the one libtpms writes. An entry is the link word NvAdd writes
 * (4 + 4 + sizeof(OBJECT) = 2608), the handle and the object as ANY_OBJECT with
 * attributes.evict and evictHandle set; new entries go to the end of the list (NvAdd), a
 * removed entry's followers move up (NvDelete).
 */
public final class PersistentObjects {
    /** The link word of an object entry: itself, the handle and sizeof(OBJECT) of 0.9.2 on x86-64. */
    private static final int ENTRY_SIZE = 4 + 4 + UserNvramSection.OBJECT_STRUCT_SIZE;

    private PersistentObjects() {
    }

    /** NvFindHandle: whether NV has an entry (index or object) with {@code handle}. */
    public static boolean exists(UnmodeledState carried, int handle) {
        return UserNvramSection.contentOf(carried).entries().stream().anyMatch(entry -> entry.handle() == handle);
    }

    /**
     * NvGetEvictObject: the persistent object at {@code handle}, or null if there is none (or it
     * is not an object the engine can hold, which libtpms 0.9 cannot have written).
     */
    public static LoadedObject find(UnmodeledState carried, int handle) {
        for (UserNvramSection.Entry entry : UserNvramSection.contentOf(carried).entries()) {
            if (entry.handle() == handle && !entry.isNvIndex()) {
                try {
                    NvMarshalReader r = new NvMarshalReader(entry.bytes());
                    r.u32(); // link
                    r.u32(); // handle
                    return AnyObjectSection.readPersistent(r);
                } catch (LibtpmsFormatException e) {
                    throw new IllegalStateException("persistent object no longer parses: " + e.getMessage(), e);
                }
            }
        }
        return null;
    }

    /**
     * NvAddEvictObject: {@code object} appended at {@code handle}; TPM_RC_NV_SPACE if NvTestSpace
     * refuses it. The caller has checked that the handle is free (TPM_RC_NV_DEFINED).
     */
    public static UnmodeledState add(UnmodeledState carried, int handle, LoadedObject object) {
        if (!CarriedNvUsage.of(carried).hasRoomForPersistentObject()) {
            throw new TpmRcException(TpmRc.NV_SPACE);
        }
        NvMarshalWriter w = new NvMarshalWriter().u32(ENTRY_SIZE).u32(handle);
        AnyObjectSection.writePersistent(w, object, handle);
        UserNvramSection.Content nv = UserNvramSection.contentOf(carried);
        List<UserNvramSection.Entry> entries = new ArrayList<>(nv.entries());
        entries.add(new UserNvramSection.Entry(handle, w.toByteArray(), 0, new byte[0], 0));
        return carried.withUserNvram(
                new UserNvramSection.Content(nv.head(), entries, nv.maxCount(), nv.tail()).toBytes());
    }

    /** NvDeleteEvict: the state without the object at {@code handle} (unchanged if there is none). */
    public static UnmodeledState remove(UnmodeledState carried, int handle) {
        UserNvramSection.Content nv = UserNvramSection.contentOf(carried);
        List<UserNvramSection.Entry> kept = new ArrayList<>();
        for (UserNvramSection.Entry entry : nv.entries()) {
            if (entry.isNvIndex() || entry.handle() != handle) {
                kept.add(entry);
            }
        }
        if (kept.size() == nv.entries().size()) {
            return carried;
        }
        return carried.withUserNvram(new UserNvramSection.Content(nv.head(), kept, nv.maxCount(), nv.tail()).toBytes());
    }
}
