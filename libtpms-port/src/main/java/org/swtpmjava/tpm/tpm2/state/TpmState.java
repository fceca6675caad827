package org.swtpmjava.tpm.tpm2.state;

import org.swtpmjava.tpm.tpm2.state.libtpms.OrderlyIndexRam;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;

/**
 * Everything one TPM holds, grouped by the reference's lifetimes: persistent data (NV, always
 * in sync), the NV copies of orderly/reset/clear data, their live RAM copies, the PCR values
 * and the volatile-only flags.
 */
public final class TpmState {
    private final PersistentData persistent;
    private final NvImage nv;
    private OrderlyData orderly;
    private StateResetData resetData;
    private StateClearData clearData;
    private PcrBanks pcrs;
    private RuntimeFlags flags;
    private EventSequence drtmSequence;
    private final SelfTestState selfTests = new SelfTestState();
    private final TransientObjects objects = new TransientObjects();
    private LoadedSessions sessions = new LoadedSessions();
    private CarriedVolatileState carriedVolatile;
    /** The live s_indexOrderlyRam (NV holds an older copy between writes, see OrderlyIndexRam). */
    private OrderlyIndexRam orderlyRam;

    public TpmState(PersistentData persistent, NvImage nv, OrderlyData orderly, StateResetData resetData,
                    StateClearData clearData, PcrBanks pcrs, RuntimeFlags flags) {
        this.persistent = persistent;
        this.nv = nv;
        this.orderly = orderly;
        this.resetData = resetData;
        this.clearData = clearData;
        this.pcrs = pcrs;
        this.flags = flags;
        this.orderlyRam = OrderlyIndexRam.fromSection(nv.unmodeled().indexOrderlyRam());
    }

    /**
     * The state right after _TPM_Init: live copies read from NV, PCRs of the stored allocation,
     * not started (the reference's NvReadPersistent + NvRead(go)).
     */
    public static TpmState powerOn(PersistentData persistent, NvImage nv) {
        return new TpmState(persistent, nv, nv.orderly(), nv.resetData(), nv.clearData(),
                new PcrBanks(persistent.pcrAllocated()), new RuntimeFlags());
    }

    public PersistentData persistent() { return persistent; }
    public NvImage nv() { return nv; }
    public OrderlyIndexRam orderlyRam() { return orderlyRam; }
    public void setOrderlyRam(OrderlyIndexRam value) { orderlyRam = value; }
    public OrderlyData orderly() { return orderly; }
    public StateResetData resetData() { return resetData; }
    public StateClearData clearData() { return clearData; }
    public PcrBanks pcrs() { return pcrs; }
    public RuntimeFlags flags() { return flags; }

    /** The algorithms still to be self-tested in this power cycle. */
    public SelfTestState selfTests() { return selfTests; }

    /** The transient object slots. */
    public TransientObjects objects() { return objects; }

    /** The session slots. */
    public LoadedSessions sessions() { return sessions; }

    /** The loaded session of {@code handle}, or null. */
    public AuthSession session(int handle) { return sessions.get(handle, resetData); }

    /** The sequence object of an active _TPM_Hash_Start (g_DRTMHandle), or null. */
    public EventSequence drtmSequence() { return drtmSequence; }
    public void setDrtmSequence(EventSequence sequence) { drtmSequence = sequence; }

    /** Replaces the live reset data (Startup reads it back from NV for Restart/Resume). */
    public void setResetData(StateResetData value) { resetData = value; }

    /** Replaces the live clear data (Startup(STATE) reads it back from NV). */
    public void setClearData(StateClearData value) { clearData = value; }

    /** What a libtpms volatile blob held beyond this model (written back with the next one), or null. */
    public CarriedVolatileState carriedVolatile() { return carriedVolatile; }
    public void setCarriedVolatile(CarriedVolatileState value) { carriedVolatile = value; }

    /** ObjectStartup for the objects only carried from a libtpms volatile blob. */
    public void dropCarriedObjects() {
        if (carriedVolatile != null) {
            carriedVolatile = carriedVolatile.withoutObjects();
        }
    }

    /** Restores the volatile part of a saved state (volatile blob). */
    public void restoreVolatile(OrderlyData orderlyValue, StateResetData resetValue, StateClearData clearValue,
                                PcrBanks pcrValues, RuntimeFlags flagValues, LoadedSessions sessionValues,
                                TransientObjects objectValues) {
        sessions = sessionValues;
        objects.flushAll();
        for (long handle : objectValues.handles()) {
            objects.restore((int) handle, objectValues.get((int) handle));
        }
        orderly = orderlyValue;
        resetData = resetValue;
        clearData = clearValue;
        pcrs = pcrValues;
        flags = flagValues;
    }

    /** HierarchyIsEnabled: the owner, endorsement or platform hierarchy's enable; TPM_RH_NULL always is. */
    public boolean hierarchyEnabled(int hierarchy) {
        switch (hierarchy) {
            case TpmHandles.RH_OWNER:
                return clearData.shEnable();
            case TpmHandles.RH_ENDORSEMENT:
                return clearData.ehEnable();
            case TpmHandles.RH_PLATFORM:
                return flags.phEnable();
            default:
                return true;
        }
    }
}
