package org.swtpmjava.tpm.tpm2.state.libtpms;

import org.swtpmjava.tpm.tpm2.state.CarriedVolatileState;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.UnmodeledState;

/**
 * How much of libtpms' NV the carried NV indices and persistent objects take, for the
 * TPM_PT_HR_NV_INDEX, TPM_PT_HR_PERSISTENT(_AVAIL) and TPM_PT_NV_COUNTERS(_AVAIL) properties, with
 * the reference's NvCapGet* arithmetic (NVDynamic.c) over 0.9.2's x86-64 sizes.
 */
public record CarriedNvUsage(int nvIndices, int counters, int persistentObjects, long userBytes, long ramBytes,
                             long areaSize) {
    /** NV_LIST_TERMINATOR: u32 0 and u64 maxCount. */
    private static final int LIST_TERMINATOR = 12;
    /** MIN_COUNTER_INDICES and MIN_EVICT_OBJECTS (PA_COMPILE_CONSTANTS). */
    private static final int MIN_COUNTER_INDICES = 8;
    private static final int MIN_EVICT_OBJECTS = 7;
    /** NV_EVICT_OBJECT_SIZE: entry size, handle, sizeof(OBJECT). */
    private static final int EVICT_OBJECT_SIZE = 4 + 4 + UserNvramSection.OBJECT_STRUCT_SIZE;
    /** NV_INDEX_COUNTER_SIZE: entry size, sizeof(NV_INDEX), 8 data bytes. */
    private static final int INDEX_COUNTER_SIZE = 4 + UserNvramSection.NV_INDEX_STRUCT_SIZE + 8;
    /** NV_RAM_INDEX_COUNTER_SIZE: sizeof(NV_RAM_HEADER) and 8 data bytes. */
    private static final int RAM_INDEX_COUNTER_SIZE = 12 + 8;

    /** Nothing carried: a TPM that never had libtpms NV content. */
    public static final CarriedNvUsage NONE = new CarriedNvUsage(0, 0, 0, 0, 0, UserNvramSection.AREA_SIZE);

    /** The usage of what {@code carried} holds. */
    public static CarriedNvUsage of(UnmodeledState carried) {
        return of(carried, UserNvramSection.AREA_SIZE);
    }

    /**
     * The usage as the TPM sees it: a TPM resumed from a libtpms volatile blob keeps the blob's
     * s_evictNvEnd, the end of the user NV area when the blob's TPM was initialised, which is
     * smaller in states of the 128-KiB-NV era (libtpms before 0.8: 47 persistent objects where
     * 0.9.2 has room for 65).
     */
    public static CarriedNvUsage of(TpmState state) {
        long areaSize = UserNvramSection.AREA_SIZE;
        CarriedVolatileState resumed = state.carriedVolatile();
        if (resumed != null && resumed.nvBlock() != null) {
            long end = VolatileNvBlock.evictNvEnd(resumed.nvBlock());
            if (end > 0 && end <= VolatileNvBlock.EVICT_NV_END) {
                areaSize = Math.max(0, UserNvramSection.AREA_SIZE - (VolatileNvBlock.EVICT_NV_END - end));
            }
        }
        return of(state.nv().unmodeled(), areaSize);
    }

    private static CarriedNvUsage of(UnmodeledState carried, long areaSize) {
        if (carried.userNvram() == null) {
            return new CarriedNvUsage(0, 0, 0, 0, 0, areaSize);
        }
        try {
            UserNvramSection.Content nv = UserNvramSection.parse(new NvMarshalReader(carried.userNvram()));
            int indices = 0;
            int counters = 0;
            int objects = 0;
            long user = 0;
            for (UserNvramSection.Entry entry : nv.entries()) {
                if (entry.isNvIndex()) {
                    indices++;
                    counters += ((entry.nvAttributes() >>> 4) & 0xF) == 1 ? 1 : 0; // TPM_NT_COUNTER
                    user += 4 + UserNvramSection.NV_INDEX_STRUCT_SIZE + entry.nvData().length;
                } else {
                    objects++;
                    user += EVICT_OBJECT_SIZE;
                }
            }
            long ram = 0;
            if (carried.indexOrderlyRam() != null) {
                for (IndexOrderlyRamSection.Entry entry
                        : IndexOrderlyRamSection.parse(new NvMarshalReader(carried.indexOrderlyRam())).entries()) {
                    ram += 12 + entry.data().length;
                }
            }
            return new CarriedNvUsage(indices, counters, objects, user, ram, areaSize);
        } catch (LibtpmsFormatException e) {
            throw new IllegalStateException("carried NV content no longer parses: " + e.getMessage(), e);
        }
    }

    /**
     * True if nothing is carried in 0.9.2's own NV area, so the empty-NV constants of the
     * emulated version apply.
     */
    public boolean isEmpty() {
        return nvIndices == 0 && persistentObjects == 0 && areaSize == UserNvramSection.AREA_SIZE;
    }

    /**
     * NvTestSpace(sizeof(OBJECT) + sizeof(TPM_HANDLE), not an index) as NvAddEvictObject asks
     * it: after the object, room must stay for the list terminator, its forward pointer and the
     * MIN_COUNTER_INDICES counters not yet defined.
     */
    public boolean hasRoomForPersistentObject() {
        long remaining = areaSize - userBytes;
        long size = 4 + UserNvramSection.OBJECT_STRUCT_SIZE;
        long reserved = 4 + LIST_TERMINATOR + (long) Math.max(0, MIN_COUNTER_INDICES - counters) * INDEX_COUNTER_SIZE;
        return reserved < remaining && size <= remaining && size + reserved <= remaining;
    }

    /**
     * NvTestSpace({@code size}, an index, {@code counter}) as NvDefineIndex asks it: room must
     * stay for the list terminator and its forward pointer, the MIN_EVICT_OBJECTS objects and,
     * unless the index is a counter, the MIN_COUNTER_INDICES counters not yet defined.
     */
    public boolean hasRoomForIndex(long size, boolean counter) {
        long remaining = areaSize - userBytes;
        long reserved = 4 + LIST_TERMINATOR
                + (long) Math.max(0, MIN_EVICT_OBJECTS - persistentObjects) * EVICT_OBJECT_SIZE;
        if (!counter) {
            reserved += (long) Math.max(0, MIN_COUNTER_INDICES - counters) * INDEX_COUNTER_SIZE;
        }
        return reserved < remaining && size <= remaining && size + reserved <= remaining;
    }

    /** NvCapGetPersistentAvail: free NV, less room kept for MIN_COUNTER_INDICES counters, per object. */
    public int persistentAvailable() {
        long free = areaSize - userBytes;
        long reserved = LIST_TERMINATOR + (long) Math.max(0, MIN_COUNTER_INDICES - counters) * INDEX_COUNTER_SIZE;
        return (int) (Math.max(0, free - reserved) / EVICT_OBJECT_SIZE);
    }

    /** NvCapGetCounterAvail: the smaller of what NV (less room for MIN_EVICT_OBJECTS) and RAM hold. */
    public int countersAvailable() {
        long free = areaSize - userBytes;
        long reserved = LIST_TERMINATOR + (long) Math.max(0, MIN_EVICT_OBJECTS - persistentObjects) * EVICT_OBJECT_SIZE;
        long inNv = Math.max(0, free - reserved) / INDEX_COUNTER_SIZE;
        long inRam = (IndexOrderlyRamSection.AREA_SIZE - ramBytes) / RAM_INDEX_COUNTER_SIZE;
        return (int) Math.min(inNv, inRam);
    }
}
