package org.swtpmjava.tpm.tpm2.state;

import java.util.Arrays;
import java.util.Objects;

/**
 * Parts of a libtpms permanent blob that the engine does not model (yet), kept verbatim so that
 * a state written by libtpms is written back intact and never loses them (libtpms.md §4.3-4.8):
 * the profile JSON of a PERSISTENT_ALL version 4 blob, the DRBG's continuous-test words, the
 * context slot mask, and the INDEX_ORDERLY_RAM and USER_NVRAM sections (NV indices, the NV copy
 * of the orderly index RAM area, persistent objects) in libtpms' encoding (the NV commands and
 * EvictControl change them through NvIndices, OrderlyIndexRam and PersistentObjects), and the PCR allocation that was in
 * effect in RAM when the blob was written (it differs from the stored one while a PCR_Allocate
 * is pending). Null means "none": a new TPM's empty sections, no allocation recorded.
 */
public record UnmodeledState(byte[] profileJson, int persistentDataVersion, int[] drbgLastValue,
                             int contextSlotMask, byte[] indexOrderlyRam, byte[] userNvram,
                             PcrAllocation pcrAllocationWhenWritten) {
    /** What a TPM manufactured by this engine has: no profile, empty NV areas. */
    public static final UnmodeledState NONE = new UnmodeledState(null, 0, new int[4], 0xFFFF, null, null, null);

    public UnmodeledState {
        profileJson = profileJson == null ? null : profileJson.clone();
        drbgLastValue = drbgLastValue.clone();
        indexOrderlyRam = indexOrderlyRam == null ? null : indexOrderlyRam.clone();
        userNvram = userNvram == null ? null : userNvram.clone();
    }

    /** The same state with another USER_NVRAM section (a persistent object added or removed). */
    public UnmodeledState withUserNvram(byte[] section) {
        return new UnmodeledState(profileJson, persistentDataVersion, drbgLastValue, contextSlotMask, indexOrderlyRam,
                section, pcrAllocationWhenWritten);
    }

    /** The same state with another INDEX_ORDERLY_RAM section (NvUpdateIndexOrderlyData). */
    public UnmodeledState withIndexOrderlyRam(byte[] section) {
        return new UnmodeledState(profileJson, persistentDataVersion, drbgLastValue, contextSlotMask, section,
                userNvram, pcrAllocationWhenWritten);
    }

    @Override
    public byte[] profileJson() {
        return profileJson == null ? null : profileJson.clone();
    }

    @Override
    public int[] drbgLastValue() {
        return drbgLastValue.clone();
    }

    @Override
    public byte[] indexOrderlyRam() {
        return indexOrderlyRam == null ? null : indexOrderlyRam.clone();
    }

    @Override
    public byte[] userNvram() {
        return userNvram == null ? null : userNvram.clone();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof UnmodeledState)) {
            return false;
        }
        UnmodeledState o = (UnmodeledState) other;
        return Arrays.equals(profileJson, o.profileJson) && persistentDataVersion == o.persistentDataVersion
                && Arrays.equals(drbgLastValue, o.drbgLastValue) && contextSlotMask == o.contextSlotMask
                && Arrays.equals(indexOrderlyRam, o.indexOrderlyRam) && Arrays.equals(userNvram, o.userNvram)
                && Objects.equals(pcrAllocationWhenWritten, o.pcrAllocationWhenWritten);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(userNvram) * 31 + Arrays.hashCode(indexOrderlyRam);
    }
}
