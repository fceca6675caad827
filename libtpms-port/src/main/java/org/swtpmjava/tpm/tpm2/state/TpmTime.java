package org.swtpmjava.tpm.tpm2.state;

import java.time.Clock;

/**
 * TPM time and clock (reference Time.c): time counts milliseconds since _TPM_Init, clock
 * milliseconds since manufacture. Both advance at the start of each command once the TPM has
 * started. Crossing a 2^12 ms boundary writes ORDERLY_DATA to the NV image, but that alone does
 * not make the permanent blob be stored (a libtpms change).
 */
public final class TpmTime {
    /** NV_CLOCK_UPDATE_INTERVAL: the clock is written to NV every 2^12 ms. */
    public static final int CLOCK_UPDATE_INTERVAL_BITS = 12;
    private static final long CLOCK_UPDATE_MASK = (1L << CLOCK_UPDATE_INTERVAL_BITS) - 1;

    private final Clock clock;
    private long lastTimerRead;

    public TpmTime(Clock clock) {
        this.clock = clock;
        this.lastTimerRead = clock.millis();
    }

    /** TimeUpdateToCurrent: nothing happens before Startup. */
    public void updateToCurrent(TpmState state) {
        if (state.flags().started()) {
            update(state);
        }
    }

    /** TimeUpdate: advance time and clock by the platform time elapsed since the last update. */
    public void update(TpmState state) {
        long now = clock.millis();
        long elapsed = Math.max(0, now - lastTimerRead);
        lastTimerRead = now;
        RuntimeFlags flags = state.flags();
        flags.setTime(flags.time() + elapsed);
        OrderlyData orderly = state.orderly();
        long newClock = orderly.clock() + elapsed;
        if ((newClock | CLOCK_UPDATE_MASK) > (orderly.clock() | CLOCK_UPDATE_MASK)) {
            orderly.setClockSafe(true);
            orderly.setClock(newClock);
            state.nv().writeOrderly(orderly);
        } else {
            orderly.setClock(newClock);
        }
    }
}
