package org.swtpmjava.tpm.tpm2.state;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.platform.TpmFailure;

/**
 * The PCR values of every allocated bank, with the reference's PCR life cycle (PCR.c): startup
 * initialisation, state save, extend, and the DRTM / H-CRTM events.
 */
public final class PcrBanks {
    /** Number of state-saved PCRs (0-15) in PCR_SAVE. */
    public static final int SAVED_PCR_COUNT = 16;

    private final PcrAllocation allocation;
    private final Map<Integer, byte[][]> values = new LinkedHashMap<>();

    public PcrBanks(PcrAllocation allocation) {
        this.allocation = allocation;
        for (PcrAllocation.Bank bank : allocation.banks()) {
            if (!Hashes.isImplemented(bank.hashAlg()) || values.containsKey(bank.hashAlg())) {
                throw new IllegalArgumentException(String.format("bad PCR bank 0x%04x", bank.hashAlg()));
            }
            values.put(bank.hashAlg(), new byte[PcrAllocation.PCR_COUNT][Hashes.digestSize(bank.hashAlg())]);
        }
    }

    /** The allocation in effect (may differ from the one in NV after PCR_Allocate). */
    public PcrAllocation allocation() {
        return allocation;
    }

    /** The value of an allocated PCR, or null if that PCR is not allocated in that bank. */
    public byte[] value(int pcr, int hashAlg) {
        return allocation.isAllocated(pcr, hashAlg) ? values.get(hashAlg)[pcr].clone() : null;
    }

    /** Sets a PCR value (restoring saved state). */
    public void setValue(int pcr, int hashAlg, byte[] value) {
        byte[][] bank = values.get(hashAlg);
        if (bank == null || value.length != Hashes.digestSize(hashAlg)) {
            throw new IllegalArgumentException("no such PCR bank or wrong size");
        }
        bank[pcr] = value.clone();
    }

    /** PCRStartup: initialise or restore every allocated PCR. */
    public void startup(StartupType type, int locality, boolean drtmPreStartup,
                        StateClearData clearData, StateResetData resetData) {
        if (type == StartupType.RESET) {
            resetData.setPcrCounter(0);
        }
        int saveIndex = 0;
        for (int pcr = 0; pcr < PcrAllocation.PCR_COUNT; pcr++) {
            PcrAttributes attributes = PcrAttributes.of(pcr);
            boolean restore = type == StartupType.RESUME && attributes.stateSave();
            if (!restore) {
                changed(pcr, resetData);
            }
            if (pcr == PcrAttributes.HCRTM_PCR && type != StartupType.RESUME && drtmPreStartup) {
                continue; // keep the H-CRTM measurement
            }
            for (Map.Entry<Integer, byte[][]> bank : values.entrySet()) {
                if (!allocation.isAllocated(pcr, bank.getKey())) {
                    continue;
                }
                byte[] value = bank.getValue()[pcr];
                if (restore) {
                    byte[] saved = clearData.savedPcrs(bank.getKey());
                    Arrays.fill(value, (byte) 0);
                    if (saved != null) {
                        System.arraycopy(saved, saveIndex * value.length, value, 0, value.length);
                    }
                } else if (attributes.resetByLocality4()) {
                    Arrays.fill(value, (byte) 0xFF);
                } else {
                    Arrays.fill(value, (byte) 0);
                    if (pcr == PcrAttributes.HCRTM_PCR) {
                        value[value.length - 1] = (byte) locality;
                    }
                }
            }
            saveIndex += restore ? 1 : 0;
        }
        if (type != StartupType.RESUME) {
            clearData.setPcrAuthValue(new byte[0]);
        }
    }

    /** PCRStateSave for Shutdown(STATE): copy PCRs 0-15 of every allocated bank into PCR_SAVE. */
    public void saveState(StateClearData clearData) {
        for (Map.Entry<Integer, byte[][]> bank : values.entrySet()) {
            int size = Hashes.digestSize(bank.getKey());
            byte[] saved = clearData.savedPcrs(bank.getKey());
            if (saved == null) {
                saved = new byte[SAVED_PCR_COUNT * size];
            }
            for (int pcr = 0; pcr < SAVED_PCR_COUNT; pcr++) {
                if (allocation.isAllocated(pcr, bank.getKey())) {
                    System.arraycopy(bank.getValue()[pcr], 0, saved, pcr * size, size);
                }
            }
            clearData.setSavedPcrs(bank.getKey(), saved);
        }
    }

    /** PCRExtend: value := H(value || data) if allocated. */
    public void extend(int pcr, int hashAlg, byte[] data, StateResetData resetData) {
        if (!allocation.isAllocated(pcr, hashAlg)) {
            return;
        }
        byte[][] bank = values.get(hashAlg);
        bank[pcr] = Hashes.digest(hashAlg, bank[pcr], data);
        changed(pcr, resetData);
    }

    /**
     * PcrDrtm: reset the PCR to zero (to 0...04 before Startup, the H-CRTM case), then extend
     * it with the sequence digest.
     */
    public void drtm(int pcr, int hashAlg, byte[] digest, boolean started, StateResetData resetData) {
        if (!allocation.isAllocated(pcr, hashAlg)) {
            return;
        }
        byte[] value = values.get(hashAlg)[pcr];
        Arrays.fill(value, (byte) 0);
        if (!started) {
            value[value.length - 1] = 4;
        }
        extend(pcr, hashAlg, digest, resetData);
    }

    /** TPM2_PCR_Reset's PCRChanged + PCRSetValue(0): zero the PCR in every allocated bank. */
    public void reset(int pcr, StateResetData resetData) {
        changed(pcr, resetData);
        for (Map.Entry<Integer, byte[][]> bank : values.entrySet()) {
            if (allocation.isAllocated(pcr, bank.getKey())) {
                Arrays.fill(bank.getValue()[pcr], (byte) 0);
            }
        }
    }

    /** PCRResetDynamics: zero every PCR that locality 4 may reset (17-22). */
    public void resetDynamics() {
        for (int pcr = 0; pcr < PcrAllocation.PCR_COUNT; pcr++) {
            if (!PcrAttributes.of(pcr).resetByLocality4()) {
                continue;
            }
            for (Map.Entry<Integer, byte[][]> bank : values.entrySet()) {
                if (allocation.isAllocated(pcr, bank.getKey())) {
                    Arrays.fill(bank.getValue()[pcr], (byte) 0);
                }
            }
        }
    }

    /** PCRChanged: bump pcrUpdateCounter unless the PCR is in the no-increment group. */
    private static void changed(int pcr, StateResetData resetData) {
        if (pcr == 0 || !PcrAttributes.noIncrement(pcr)) {
            int next = resetData.pcrCounter() + 1;
            if (next == 0) {
                throw new TpmFailure(TpmFailure.FATAL_ERROR_COUNTER_OVERFLOW, "pcrUpdateCounter wrapped");
            }
            resetData.setPcrCounter(next);
        }
    }
}
