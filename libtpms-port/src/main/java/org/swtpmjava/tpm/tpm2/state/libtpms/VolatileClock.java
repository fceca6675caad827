package org.swtpmjava.tpm.tpm2.state.libtpms;

import org.swtpmjava.tpm.tpm2.state.CarriedVolatileState.PlatformClock;
import org.swtpmjava.tpm.tpm2.state.PrimarySeeds;

/**
 * The platform clock at the end of the volatile blob and its version 3/4 tail (libtpms.md §4.10
 * items 11-12): block {s_realTimePrevious, s_tpmTime}, s_timerReset, s_timerStopped,
 * s_adjustRate, the host's real time; version 3 block {EPSeed, SPSeed, PPSeed, compared with the
 * permanent state}; version 4 block {host monotonic time + adjustment, s_suspendedElapsedTime,
 * s_lastSystemTime, s_lastReportedTime; version 5 block}.
 */
final class VolatileClock {
    /** CLOCK_NOMINAL of the platform's Clock.c. */
    private static final int CLOCK_NOMINAL = 30000;
    /** PRIMARY_SEED_SIZE. */
    private static final int SEED_SIZE = 64;

    private VolatileClock() {
    }

    static PlatformClock read(NvMarshalReader r, int version, PrimarySeeds seeds) throws LibtpmsFormatException {
        long realTimePrevious = 0;
        long tpmTime = 0;
        if (r.block(true, "s_realTimePrevious")) {
            realTimePrevious = r.u64();
            tpmTime = r.u64();
        }
        boolean timerReset = r.bool();
        boolean timerStopped = r.bool();
        int adjustRate = r.u32();
        long hostRealTime = r.u64();
        long hostMonotonic = 0;
        long suspendedElapsed = 0;
        long lastSystemTime = 0;
        long lastReportedTime = 0;
        if (version >= 2 && r.block(version >= 3, "Volatile State version 3 or later")) {
            checkSeed(r, seeds.endorsement(), "EPSeed");
            checkSeed(r, seeds.storage(), "SPSeed");
            checkSeed(r, seeds.platform(), "PPSeed");
            if (r.block(version >= 4, "Volatile State version 4 or later")) {
                hostMonotonic = r.u64();
                suspendedElapsed = r.u64();
                lastSystemTime = r.u64();
                lastReportedTime = r.u64();
                r.block(false, "Volatile State version 5 or later");
            }
        }
        return new PlatformClock(realTimePrevious, tpmTime, timerReset, timerStopped, adjustRate, hostRealTime,
                hostMonotonic, suspendedElapsed, lastSystemTime, lastReportedTime);
    }

    private static void checkSeed(NvMarshalReader r, byte[] expected, String which) throws LibtpmsFormatException {
        byte[] seed = r.tpm2b(SEED_SIZE, which);
        if (!java.util.Arrays.equals(seed, expected)) {
            throw new LibtpmsFormatException(LibtpmsRc.VALUE, which + " does not match the permanent state");
        }
    }

    /**
     * Item 11 for a TPM whose time is {@code gTime}: libtpms' _plat__TimerRead continues from
     * s_tpmTime and s_lastReportedTime; both are set to g_time with the real-time base equal to
     * it, so that after a resume TPM time advances by the time since the resume only (plus what
     * ClockAdjustPostResume adds for the time between {@code hostRealTime} and the resume).
     * Host values of a blob read from libtpms are not written back: the engine's time has moved
     * on since. The clock rate is carried (the engine's own rate is reset at power-on).
     */
    static void write(NvMarshalWriter w, PlatformClock carried, long gTime, boolean timerStopped,
                      long hostRealTime) {
        w.openBlock(true).u64(gTime).u64(gTime).closeBlock();
        // s_timerStopped: still set before Startup's TimeUpdate has begun the new epoch (TpmTime).
        w.bool(false).bool(timerStopped).u32(carried == null ? CLOCK_NOMINAL : carried.adjustRate()).u64(hostRealTime);
    }

    /** Item 12's version 4 part: host monotonic time (as the real-time base), nothing suspended, last times. */
    static void writeV4(NvMarshalWriter w, long gTime) {
        long base = realTimeBase(gTime);
        w.u64(base).u64(0).u64(base).u64(gTime);
    }

    /** s_lastSystemTime must not be 0 (_plat__TimerRead would start over). */
    private static long realTimeBase(long gTime) {
        return Math.max(1, gTime);
    }
}
