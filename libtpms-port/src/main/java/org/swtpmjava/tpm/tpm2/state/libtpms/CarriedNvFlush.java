package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.swtpmjava.tpm.tpm2.state.NvImage;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.UnmodeledState;

/**
 * NvFlushHierarchy (reference NVDynamic.c) applied to the NV indices and persistent objects the
 * engine carries in libtpms' encoding: TPM2_Clear flushes the owner hierarchy (indices not
 * created by the platform, objects of the storage hierarchy) and then the endorsement hierarchy,
 * ChangeEPS the endorsement objects, ChangePPS the platform objects. A deleted counter that was
 * written raises maxCount to its value (NvDeleteIndex); the data of a deleted orderly index leave
 * the RAM area (NvDeleteRAM). The remaining entries keep their order and bytes, as NvDelete
 * moves them up.
 */
public final class CarriedNvFlush {
    /** The hierarchy being flushed. */
    public enum Hierarchy { OWNER, ENDORSEMENT, PLATFORM }

    /** TPMA_NV bits (Part 2 §13.4). */
    private static final int NV_COUNTER_TYPE = 0x1;
    private static final int TPMA_NV_ORDERLY = 1 << 26;
    private static final int TPMA_NV_WRITTEN = 1 << 29;
    private static final int TPMA_NV_PLATFORMCREATE = 1 << 30;
    /** Internal object attribute bits (libtpms.md §4.9). */
    private static final int EPS_HIERARCHY = 1 << 1;
    private static final int PPS_HIERARCHY = 1 << 2;
    private static final int SPS_HIERARCHY = 1 << 3;

    private CarriedNvFlush() {
    }

    /**
     * NvFlushHierarchy for each of {@code hierarchies} on the TPM's NV: the counters' values and
     * the orderly indices' entries are taken from the live RAM area. Deleting an orderly index
     * removes its RAM entry (NvDeleteRAM); then the whole live area goes to NV at the end of the
     * command (UT_ORDERLY, which the caller requests when this returns true); otherwise NV keeps
     * its own, possibly older, copy of the area.
     */
    public static boolean flush(TpmState state, Hierarchy... hierarchies) {
        NvImage nv = state.nv();
        UnmodeledState before = nv.unmodeled();
        UnmodeledState after = before.withIndexOrderlyRam(state.orderlyRam().toSection());
        for (Hierarchy hierarchy : hierarchies) {
            after = flush(after, hierarchy);
        }
        OrderlyIndexRam ram = OrderlyIndexRam.fromSection(after.indexOrderlyRam());
        boolean orderlyDeleted = ram.entries().size() != state.orderlyRam().entries().size();
        if (orderlyDeleted) {
            state.setOrderlyRam(ram);
        } else {
            after = after.withIndexOrderlyRam(before.indexOrderlyRam());
        }
        nv.setUnmodeled(after);
        return orderlyDeleted;
    }

    /** The carried state without the entries of {@code hierarchy}; unchanged if there is nothing to flush. */
    public static UnmodeledState flush(UnmodeledState carried, Hierarchy hierarchy) {
        byte[] userNvram = carried.userNvram();
        if (userNvram == null) {
            return carried; // a TPM that never had libtpms NV content: nothing to flush
        }
        try {
            UserNvramSection.Content nv = UserNvramSection.parse(new NvMarshalReader(userNvram));
            byte[] ramBytes = carried.indexOrderlyRam();
            IndexOrderlyRamSection.Content ram = ramBytes == null ? null
                    : IndexOrderlyRamSection.parse(new NvMarshalReader(ramBytes));
            List<UserNvramSection.Entry> kept = new ArrayList<>();
            Set<Integer> deletedOrderly = new HashSet<>();
            long maxCount = nv.maxCount();
            for (UserNvramSection.Entry entry : nv.entries()) {
                if (!flushed(entry, hierarchy)) {
                    kept.add(entry);
                    continue;
                }
                int attributes = entry.nvAttributes();
                boolean orderly = entry.isNvIndex() && (attributes & TPMA_NV_ORDERLY) != 0;
                if (entry.isNvIndex() && isWrittenCounter(attributes)) {
                    byte[] data = orderly ? ramData(ram, entry.handle()) : entry.nvData();
                    if (data != null && data.length >= 8 && Long.compareUnsigned(u64(data), maxCount) > 0) {
                        maxCount = u64(data);
                    }
                }
                if (orderly) {
                    deletedOrderly.add(entry.handle());
                }
            }
            if (kept.size() == nv.entries().size()) {
                return carried;
            }
            byte[] newNv = new UserNvramSection.Content(nv.head(), kept, maxCount, nv.tail()).toBytes();
            byte[] newRam = ramBytes;
            if (ram != null && !deletedOrderly.isEmpty()) {
                List<IndexOrderlyRamSection.Entry> keptRam = new ArrayList<>();
                ram.entries().stream().filter(e -> !deletedOrderly.contains(e.handle())).forEach(keptRam::add);
                newRam = new IndexOrderlyRamSection.Content(ram.head(), keptRam, ram.tail()).toBytes();
            }
            return new UnmodeledState(carried.profileJson(), carried.persistentDataVersion(), carried.drbgLastValue(),
                    carried.contextSlotMask(), newRam, newNv, carried.pcrAllocationWhenWritten());
        } catch (LibtpmsFormatException e) {
            throw new IllegalStateException("carried NV content no longer parses: " + e.getMessage(), e);
        }
    }

    private static boolean flushed(UserNvramSection.Entry entry, Hierarchy hierarchy) {
        if (entry.isNvIndex()) {
            return hierarchy == Hierarchy.OWNER && (entry.nvAttributes() & TPMA_NV_PLATFORMCREATE) == 0;
        }
        int attributes = entry.objectAttributes();
        switch (hierarchy) {
            case OWNER:
                return (attributes & SPS_HIERARCHY) != 0;
            case ENDORSEMENT:
                return (attributes & EPS_HIERARCHY) != 0;
            default:
                return (attributes & PPS_HIERARCHY) != 0;
        }
    }

    /** TPM_NT_COUNTER (bits 4-7) with TPMA_NV_WRITTEN. */
    private static boolean isWrittenCounter(int attributes) {
        return ((attributes >>> 4) & 0xF) == NV_COUNTER_TYPE && (attributes & TPMA_NV_WRITTEN) != 0;
    }

    private static byte[] ramData(IndexOrderlyRamSection.Content ram, int handle) {
        if (ram == null) {
            return null;
        }
        return ram.entries().stream().filter(e -> e.handle() == handle).map(IndexOrderlyRamSection.Entry::data)
                .findFirst().orElse(null);
    }

    private static long u64(byte[] data) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (data[i] & 0xFF);
        }
        return value;
    }
}
