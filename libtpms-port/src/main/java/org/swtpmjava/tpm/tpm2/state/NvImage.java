package org.swtpmjava.tpm.tpm2.state;

import java.util.Arrays;
import java.util.Objects;
import org.swtpmjava.tpm.tpm2.state.libtpms.CarriedNvUsage;
import org.swtpmjava.tpm.tpm2.state.libtpms.OrderlyIndexRam;

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
    /**
     * The bytes of libtpms' user NV area after the list terminator, as far as they are not zero:
     * what a new NV index finds as its data (libtpms.md §4.8). NvDelete moves the later entries
     * and the terminator up and fills the bytes freed behind the terminator with 0xFF; NvAdd
     * places the new entry where the terminator was and leaves its data area as it finds it.
     * Not part of any blob: libtpms starts every load from a zeroed area.
     */
    private byte[] userNvTail = new byte[0];

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

    /**
     * NvUpdateIndexOrderlyData: the live orderly-index RAM area written to NV_INDEX_RAM_DATA
     * (the permall's INDEX_ORDERLY_RAM section).
     */
    public void writeIndexOrderlyRam(OrderlyIndexRam live) {
        byte[] section = live.toSection();
        if (!Arrays.equals(section, unmodeled.indexOrderlyRam())) {
            unmodeled = unmodeled.withIndexOrderlyRam(section);
        }
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
        long before = CarriedNvUsage.of(unmodeled).userBytes();
        long after = CarriedNvUsage.of(Objects.requireNonNull(value)).userBytes();
        if (after < before) {
            int freed = (int) (before - after);
            byte[] tail = new byte[freed + userNvTail.length];
            Arrays.fill(tail, 0, freed, (byte) 0xFF);
            System.arraycopy(userNvTail, 0, tail, freed, userNvTail.length);
            userNvTail = tail;
        } else if (after > before) {
            int used = (int) Math.min(after - before, userNvTail.length);
            userNvTail = Arrays.copyOfRange(userNvTail, used, userNvTail.length);
        }
        unmodeled = value;
    }

    /**
     * {@code length} bytes of the user NV area from {@code offset} bytes after the end of the
     * list terminator, as they stand now (zero where nothing was ever written).
     */
    public byte[] userNvTail(int offset, int length) {
        byte[] bytes = new byte[length];
        if (offset < userNvTail.length) {
            System.arraycopy(userNvTail, offset, bytes, 0, Math.min(length, userNvTail.length - offset));
        }
        return bytes;
    }
}
