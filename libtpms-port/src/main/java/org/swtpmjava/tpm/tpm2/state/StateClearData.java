package org.swtpmjava.tpm.tpm2.state;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * The reference's STATE_CLEAR_DATA ({@code gc}): values reset by Startup(CLEAR) and preserved by
 * Shutdown(STATE) + Startup(STATE), including the saved static PCRs (libtpms.md §4.6).
 */
public final class StateClearData {
    private boolean shEnable;
    private boolean ehEnable;
    private boolean phEnableNv;
    private int platformAlg = TpmAlgId.NULL;
    private byte[] platformPolicy = new byte[0];
    private byte[] platformAuth = new byte[0];
    private final Map<Integer, byte[]> savedPcrs = new LinkedHashMap<>();
    private byte[] pcrAuthValue = new byte[0];

    public StateClearData copy() {
        StateClearData copy = new StateClearData();
        copy.shEnable = shEnable;
        copy.ehEnable = ehEnable;
        copy.phEnableNv = phEnableNv;
        copy.platformAlg = platformAlg;
        copy.platformPolicy = platformPolicy.clone();
        copy.platformAuth = platformAuth.clone();
        savedPcrs.forEach((alg, values) -> copy.savedPcrs.put(alg, values.clone()));
        copy.pcrAuthValue = pcrAuthValue.clone();
        return copy;
    }

    public boolean shEnable() { return shEnable; }
    public void setShEnable(boolean value) { shEnable = value; }

    public boolean ehEnable() { return ehEnable; }
    public void setEhEnable(boolean value) { ehEnable = value; }

    public boolean phEnableNv() { return phEnableNv; }
    public void setPhEnableNv(boolean value) { phEnableNv = value; }

    public int platformAlg() { return platformAlg; }
    public void setPlatformAlg(int value) { platformAlg = value; }

    public byte[] platformPolicy() { return platformPolicy.clone(); }
    public void setPlatformPolicy(byte[] value) { platformPolicy = value.clone(); }

    public byte[] platformAuth() { return platformAuth.clone(); }
    public void setPlatformAuth(byte[] value) { platformAuth = value.clone(); }

    /**
     * PCR_SAVE: per bank, the 16 state-saved PCRs (0-15) concatenated, or null if that bank has
     * no saved values.
     */
    public byte[] savedPcrs(int hashAlg) {
        byte[] values = savedPcrs.get(hashAlg);
        return values == null ? null : values.clone();
    }

    public void setSavedPcrs(int hashAlg, byte[] values) { savedPcrs.put(hashAlg, values.clone()); }

    /** The banks that have saved values, in the order they were saved. */
    public Iterable<Integer> savedPcrBanks() { return List.copyOf(savedPcrs.keySet()); }

    /** The authValue of the single PCR authorization group (PCR 20-22). */
    public byte[] pcrAuthValue() { return pcrAuthValue.clone(); }
    public void setPcrAuthValue(byte[] value) { pcrAuthValue = value.clone(); }
}
