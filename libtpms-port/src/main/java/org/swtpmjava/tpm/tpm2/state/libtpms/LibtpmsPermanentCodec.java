package org.swtpmjava.tpm.tpm2.state.libtpms;

import org.swtpmjava.tpm.tpm2.state.NvImage;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.StateClearData;
import org.swtpmjava.tpm.tpm2.state.StateResetData;
import org.swtpmjava.tpm.tpm2.state.UnmodeledState;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.types.TpmSu;

/**
 * libtpms' TPM 2.0 permanent blob, "permall" (PERSISTENT_ALL, libtpms.md §4.3): header, the
 * profile JSON (version 4 only), PA_COMPILE_CONSTANTS, PERSISTENT_DATA, ORDERLY_DATA,
 * STATE_RESET_DATA and STATE_CLEAR_DATA while the orderly state is TPM_SU_STATE (always before
 * version 3), INDEX_ORDERLY_RAM, USER_NVRAM, a future block and the magic again.
 *
 * <p>The writer produces what libtpms 0.9 writes (version 3, PERSISTENT_DATA version 4), or
 * version 4 with the profile when the state came from a version 4 blob.
 */
public final class LibtpmsPermanentCodec {
    static final int MAGIC = 0xAB364723;
    /** PERSISTENT_ALL_VERSION of libtpms 0.9: the newest version 0.9 reads and the one it writes. */
    public static final int VERSION_0_9 = 3;
    /** The version written with a profile (libtpms 0.10 and later). */
    public static final int VERSION_WITH_PROFILE = 4;
    /** TPM_SU_STATE_MASK: orderlyState without the pre-startup and startup-locality-3 flags. */
    private static final int SU_STATE_MASK = ~(TpmSu.PRE_STARTUP_FLAG | TpmSu.STARTUP_LOCALITY_3) & 0xFFFF;

    private LibtpmsPermanentCodec() {
    }

    /** True if {@code blob} starts like a PERSISTENT_ALL section (u16 version, then the magic). */
    public static boolean isPermall(byte[] blob) {
        return blob != null && blob.length >= 6 && (((blob[2] & 0xFF) << 24) | ((blob[3] & 0xFF) << 16)
                | ((blob[4] & 0xFF) << 8) | (blob[5] & 0xFF)) == MAGIC;
    }

    /**
     * Reads a permall as a reader of PERSISTENT_ALL version {@code readerVersion} would: 3 is
     * libtpms 0.9 (a version 4 blob, whose min_version is 4, is then TPM_RC_BAD_VERSION), 4
     * also accepts the profile-carrying blobs of 0.10 and later.
     */
    public static PermanentState read(byte[] blob, int readerVersion) throws LibtpmsFormatException {
        NvMarshalReader r = new NvMarshalReader(blob);
        int version = r.header(MAGIC, readerVersion, "PERSISTENT_ALL");
        byte[] profile = null;
        if (version >= VERSION_WITH_PROFILE) {
            profile = r.bytes(r.u16());
        }
        PaCompileConstants.read(r);
        PersistentDataSection.Content persistent = PersistentDataSection.read(r);
        PersistentData data = persistent.data();
        OrderlyDataSection.Content orderly = OrderlyDataSection.read(r);
        StateResetData resetData = new StateResetData();
        StateClearData clearData = new StateClearData();
        int slotMask = StateResetSection.FULL_SLOT_MASK;
        if (version < 3 || hasSavedState(data)) {
            StateResetSection.Content reset = StateResetSection.read(r);
            resetData = reset.data();
            // libtpms 0.9.2's STATE_RESET_DATA_Unmarshal sets the NV copy's nullSeedCompatLevel to
            // SEED_COMPAT_LEVEL_ORIGINAL and reads the stored level into the RAM copy gr instead,
            // which the next Startup overwrites: after loading a permall, a Resume or Restart
            // derives TPM_RH_NULL primaries at level 0, and the next save writes 0 (fixed after 0.10.2).
            resetData.setNullSeedCompat(0);
            slotMask = reset.contextSlotMask();
            clearData = StateClearSection.read(r, persistent.ramAllocation());
        }
        byte[] indexOrderlyRam = IndexOrderlyRamSection.read(r);
        byte[] userNvram = UserNvramSection.read(r);
        if (version >= 2) {
            r.block(false, "PERSISTENT_ALL future versions");
        }
        int trailer = r.u32();
        if (trailer != MAGIC) {
            throw new LibtpmsFormatException(LibtpmsRc.BAD_TAG, String.format("PERSISTENT_ALL ends with 0x%08x", trailer));
        }
        NvImage nv = new NvImage(orderly.data(), resetData, clearData);
        nv.setUnmodeled(new UnmodeledState(profile, persistent.version(), orderly.drbgLastValue(), slotMask,
                indexOrderlyRam, userNvram, persistent.ramAllocation()));
        return new PermanentState(data, nv);
    }

    /**
     * Writes the permall of a state as it was read: with the PCR allocation that was in effect
     * when it was written (the stored one if none was recorded). For an unchanged state this
     * reproduces libtpms' bytes.
     */
    public static byte[] write(PersistentData persistent, NvImage nv) {
        PcrAllocation recorded = nv.unmodeled().pcrAllocationWhenWritten();
        return write(persistent, nv, recorded != null ? recorded : persistent.pcrAllocated());
    }

    /**
     * Writes the permall of {@code persistent} and {@code nv}. {@code inEffect} is the PCR
     * allocation in effect in RAM (gp.pcrAllocated), which PERSISTENT_DATA carries beside the
     * stored one for a volatile-state resume.
     */
    public static byte[] write(PersistentData persistent, NvImage nv, PcrAllocation inEffect) {
        UnmodeledState carried = nv.unmodeled();
        byte[] profile = carried.profileJson();
        NvMarshalWriter w = new NvMarshalWriter();
        int persistentVersion = PersistentDataSection.VERSION_0_9;
        if (profile == null) {
            w.header(VERSION_0_9, MAGIC, VERSION_0_9);
        } else {
            w.header(VERSION_WITH_PROFILE, MAGIC, VERSION_WITH_PROFILE).u16(profile.length).bytes(profile);
            persistentVersion = Math.max(persistentVersion,
                    Math.min(carried.persistentDataVersion(), PersistentDataSection.NEWEST_VERSION));
        }
        PaCompileConstants.write(w);
        PersistentDataSection.write(w, persistent, inEffect, persistentVersion);
        OrderlyDataSection.write(w, nv.orderly(), carried.drbgLastValue());
        if (hasSavedState(persistent)) {
            StateResetSection.write(w, nv.resetData(), carried.contextSlotMask());
            StateClearSection.write(w, nv.clearData());
        }
        if (carried.indexOrderlyRam() == null) {
            IndexOrderlyRamSection.writeEmpty(w);
        } else {
            w.bytes(carried.indexOrderlyRam());
        }
        if (carried.userNvram() == null) {
            UserNvramSection.writeEmpty(w);
        } else {
            w.bytes(carried.userNvram());
        }
        w.emptyFutureBlock();
        w.u32(MAGIC);
        return w.toByteArray();
    }

    private static boolean hasSavedState(PersistentData persistent) {
        return (persistent.orderlyState() & SU_STATE_MASK) == TpmSu.STATE;
    }
}
