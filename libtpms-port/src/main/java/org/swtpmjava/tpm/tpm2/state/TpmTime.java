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
    /** CLOCK_NOMINAL and CLOCK_ADJUST_LIMIT of the reference platform (Clock.c). */
    private static final int CLOCK_NOMINAL = 30000;
    private static final int CLOCK_ADJUST_LIMIT = 5000;
    /** CLOCK_ADJUST_COARSE, _MEDIUM, _FINE by |TPM_CLOCK_ADJUST|. */
    private static final int[] ADJUST_STEPS = {0, 1, 30, 300};

    private final Clock clock;
    private long lastTimerRead;
    private int adjustRate = CLOCK_NOMINAL;
    /**
     * The platform's s_timerStopped: set by _plat__TimerReset at every power-on (_TPM_Init) and
     * consumed by the first TimeUpdate, which then starts a new time epoch. No TimeUpdate runs
     * before Startup, so in effect every Startup that gets past its checks starts one.
     */
    private boolean timerStopped = true;

    public TpmTime(Clock clock) {
        this.clock = clock;
        this.lastTimerRead = clock.millis();
    }

    /**
     * TimeUpdateToCurrent: nothing happens before Startup. True if a new epoch began, which
     * the command must commit to NV (only a resumed TPM whose timer was still stopped).
     */
    public boolean updateToCurrent(TpmState state) {
        if (!state.flags().started()) {
            return false;
        }
        boolean newEpoch = timerStopped;
        update(state);
        return newEpoch;
    }

    /**
     * A resumed volatile state carries the platform's s_timerStopped (libtpms restores it from
     * the blob; a TPM saved after its Startup had consumed it).
     */
    public void resumeTimerStopped(boolean stopped) {
        timerStopped = stopped;
    }

    /**
     * TimeUpdate: a new epoch if the timer was stopped, then time and clock advance by the
     * platform time elapsed since the last update.
     */
    public void update(TpmState state) {
        if (timerStopped) {
            timerStopped = false;
            newEpoch(state);
        }
        long now = clock.millis();
        long elapsed = Math.max(0, now - lastTimerRead) * CLOCK_NOMINAL / adjustRate;
        lastTimerRead = now;
        RuntimeFlags flags = state.flags();
        flags.setTime(flags.time() + elapsed);
        setClock(state, state.orderly().clock() + elapsed);
    }

    /**
     * TimeNewEpoch without CLOCK_STOPS (libtpms): gp.timeEpoch counts the epochs in
     * PERSISTENT_DATA, written to NV (NV_SYNC_PERSISTENT) by the command that started it.
     */
    private static void newEpoch(TpmState state) {
        state.persistent().setTimeEpoch(state.persistent().timeEpoch() + 1);
    }

    /**
     * TimeClockUpdate: a new clock value that crosses a 2^12 ms boundary is written to NV and
     * makes the clock safe.
     */
    public void setClock(TpmState state, long newClock) {
        OrderlyData orderly = state.orderly();
        if (Long.compareUnsigned(newClock | CLOCK_UPDATE_MASK, orderly.clock() | CLOCK_UPDATE_MASK) > 0) {
            orderly.setClockSafe(true);
            orderly.setClock(newClock);
            state.nv().writeOrderly(orderly);
        } else {
            orderly.setClock(newClock);
        }
    }

    /**
     * TimeSetAdjustRate / _plat__ClockAdjustRate: a TPM_CLOCK_ADJUST (-3..3) speeds the clock up
     * (negative: a smaller rate) or slows it down, within CLOCK_NOMINAL +- CLOCK_ADJUST_LIMIT;
     * reset to nominal at every power-on (a new TpmTime).
     */
    public void adjustRate(int clockAdjust) {
        int step = ADJUST_STEPS[Math.abs(clockAdjust)] * Integer.signum(clockAdjust);
        adjustRate = Math.max(CLOCK_NOMINAL - CLOCK_ADJUST_LIMIT,
                Math.min(CLOCK_NOMINAL + CLOCK_ADJUST_LIMIT, adjustRate + step));
    }
}
