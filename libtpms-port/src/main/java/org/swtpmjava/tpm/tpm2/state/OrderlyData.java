package org.swtpmjava.tpm.tpm2.state;

import org.swtpmjava.tpm.tpm2.crypto.CtrDrbg;

/**
 * The reference's ORDERLY_DATA ({@code go}): clock, DRBG state and the DA timers. Written to NV
 * only at manufacture, at Shutdown and when the clock crosses an update interval, so the copy in
 * NV can be older than this live one (see {@link NvImage}).
 */
public final class OrderlyData {
    private long clock;
    private boolean clockSafe;
    private final CtrDrbg drbg;
    private long selfHealTimer;
    private long lockoutTimer;
    private long time;

    public OrderlyData(CtrDrbg drbg) {
        this.drbg = drbg;
    }

    public OrderlyData copy() {
        OrderlyData copy = new OrderlyData(drbg.copy());
        copy.clock = clock;
        copy.clockSafe = clockSafe;
        copy.selfHealTimer = selfHealTimer;
        copy.lockoutTimer = lockoutTimer;
        copy.time = time;
        return copy;
    }

    /** Milliseconds the TPM has been powered since manufacture (TPMS_CLOCK_INFO.clock). */
    public long clock() { return clock; }
    public void setClock(long value) { clock = value; }

    public boolean clockSafe() { return clockSafe; }
    public void setClockSafe(boolean value) { clockSafe = value; }

    /** The live DRBG; mutated in place by every random request. */
    public CtrDrbg drbg() { return drbg; }

    public long selfHealTimer() { return selfHealTimer; }
    public void setSelfHealTimer(long value) { selfHealTimer = value; }

    public long lockoutTimer() { return lockoutTimer; }
    public void setLockoutTimer(long value) { lockoutTimer = value; }

    /** TPM time saved at the last orderly shutdown (ACCUMULATE_SELF_HEAL_TIMER). */
    public long time() { return time; }
    public void setTime(long value) { time = value; }
}
