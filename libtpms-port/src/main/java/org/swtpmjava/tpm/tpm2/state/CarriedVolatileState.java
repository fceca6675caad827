package org.swtpmjava.tpm.tpm2.state;

/**
 * The parts of a libtpms volatile blob (VOLATILE_STATE, libtpms.md §4.10) that the engine does not
 * model, kept verbatim so that a volatile state written by libtpms is written back intact:
 * the platform-unique details, the per-command session scratch block, the DA block, the NV block
 * (end of the evict area, the raw 512-byte orderly-index RAM area in host byte order, maxCounter),
 * the block of the three transient object slots as libtpms marshalled them (ANY_OBJECT) when one
 * of them is of a kind the engine cannot hold yet (else the objects are loaded and this is null), the
 * DRTM handle, the DRBG's continuous-test words, the context slot mask, and the platform clock
 * (host times, libtpms.md §4.10 items 11-12). Blocks are stored with their present flag and
 * length. A null block means "write what a new TPM has" (for the objects: three empty slots).
 */
public record CarriedVolatileState(byte[] platformUniqueDetails, int drtmHandle, boolean powerWasLost,
                                   boolean nvOk, boolean manufactured, int[] drbgLastValue, int contextSlotMask,
                                   byte[] sessionProcessBlock, byte[] daBlock, byte[] nvBlock, byte[] objectBlock,
                                   int oldestSavedSession, boolean tpmEstablished, int failFunction, int failLine,
                                   PlatformClock clock) {
    /** The platform clock of libtpms' Clock.c as the blob carries it (all milliseconds). */
    public record PlatformClock(long realTimePrevious, long tpmTime, boolean timerReset, boolean timerStopped,
                                int adjustRate, long hostRealTime, long hostMonotonic, long suspendedElapsed,
                                long lastSystemTime, long lastReportedTime) {
    }

    public CarriedVolatileState {
        platformUniqueDetails = platformUniqueDetails.clone();
        drbgLastValue = drbgLastValue.clone();
    }

    @Override
    public byte[] platformUniqueDetails() {
        return platformUniqueDetails.clone();
    }

    /** The same without libtpms' transient objects (ObjectStartup flushed them). */
    public CarriedVolatileState withoutObjects() {
        return new CarriedVolatileState(platformUniqueDetails, drtmHandle, powerWasLost, nvOk, manufactured,
                drbgLastValue, contextSlotMask, sessionProcessBlock, daBlock, nvBlock, null, oldestSavedSession,
                tpmEstablished, failFunction, failLine, clock);
    }

    @Override
    public int[] drbgLastValue() {
        return drbgLastValue.clone();
    }

}
