package org.swtpmjava.tpm.tpm2.state;

import java.util.Objects;

/**
 * What the reference holds in NV memory besides PERSISTENT_DATA: the copies of ORDERLY_DATA,
 * STATE_RESET_DATA and STATE_CLEAR_DATA as last written. They differ from the live copies in
 * RAM between writes (ORDERLY_DATA is written at Shutdown, the other two only at
 * Shutdown(STATE)), and the permanent blob is made from them, not from RAM.
 */
public final class NvImage {
    private OrderlyData orderly;
    private StateResetData resetData;
    private StateClearData clearData;
    private UnmodeledState unmodeled = UnmodeledState.NONE;

    public NvImage(OrderlyData orderly, StateResetData resetData, StateClearData clearData) {
        this.orderly = orderly.copy();
        this.resetData = resetData.copy();
        this.clearData = clearData.copy();
    }

    /** NvWrite(NV_ORDERLY_DATA). */
    public void writeOrderly(OrderlyData live) {
        orderly = live.copy();
    }

    /** NvWrite(NV_STATE_RESET_DATA) and NvWrite(NV_STATE_CLEAR_DATA), as Shutdown(STATE) does. */
    public void writeSavedState(StateResetData liveReset, StateClearData liveClear) {
        resetData = liveReset.copy();
        clearData = liveClear.copy();
    }

    /** A copy of ORDERLY_DATA as in NV. */
    public OrderlyData orderly() {
        return orderly.copy();
    }

    /** A copy of STATE_RESET_DATA as in NV. */
    public StateResetData resetData() {
        return resetData.copy();
    }

    /** A copy of STATE_CLEAR_DATA as in NV. */
    public StateClearData clearData() {
        return clearData.copy();
    }

    /** What NV holds that the engine does not model (NV indices, persistent objects, ...). */
    public UnmodeledState unmodeled() {
        return unmodeled;
    }

    public void setUnmodeled(UnmodeledState value) {
        unmodeled = Objects.requireNonNull(value);
    }
}
