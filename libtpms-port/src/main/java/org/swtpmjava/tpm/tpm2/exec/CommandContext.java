package org.swtpmjava.tpm.tpm2.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.swtpmjava.tpm.EntropySource;
import org.swtpmjava.tpm.tpm2.crypto.TpmRandom;
import org.swtpmjava.tpm.tpm2.platform.EmulatedLibtpms;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.TpmTime;
import org.swtpmjava.tpm.tpm2.types.TpmSu;

/** What a command body may use: the TPM state, randomness, the command's locality and limits. */
public final class CommandContext {
    private final TpmState state;
    private final TpmTime time;
    private final EntropySource entropy;
    private final EmulatedLibtpms version;
    private final CommandTable table;
    private final int locality;
    private final int bufferSize;
    private boolean nvUpdate;
    private boolean orderlyRamUpdate;
    private final List<Integer> flushOnExit = new ArrayList<>();
    /** The persistent handle of each transient slot holding a persistent object's copy (ObjectLoadEvict). */
    private final Map<Integer, Integer> evictHandles = new HashMap<>();

    public CommandContext(TpmState state, TpmTime time, EntropySource entropy, EmulatedLibtpms version,
                          CommandTable table, int locality, int bufferSize) {
        this.state = state;
        this.time = time;
        this.entropy = entropy;
        this.version = version;
        this.table = table;
        this.locality = locality;
        this.bufferSize = bufferSize;
    }

    public TpmState state() {
        return state;
    }

    /** TPM time and clock. */
    public TpmTime time() {
        return time;
    }

    /** The TPM's DRBG with its entropy source. */
    public TpmRandom random() {
        return new TpmRandom(entropy, state.orderly().drbg());
    }

    public EmulatedLibtpms version() {
        return version;
    }

    public CommandTable table() {
        return table;
    }

    /** The locality the command arrived at (0-4, or 32-255). */
    public int locality() {
        return locality;
    }

    /** MAX_COMMAND_SIZE = MAX_RESPONSE_SIZE = the TPMLIB_SetBufferSize value. */
    public int bufferSize() {
        return bufferSize;
    }

    /** Requests that the permanent state be written back at the end of the command (g_updateNV). */
    public void requestNvCommit() {
        nvUpdate = true;
    }

    /**
     * SET_NV_UPDATE(UT_ORDERLY): at the end of the command the live orderly-index RAM area is
     * written to NV (NvUpdateIndexOrderlyData) and NV is committed.
     */
    public void requestOrderlyRamUpdate() {
        orderlyRamUpdate = true;
        nvUpdate = true;
    }

    public boolean orderlyRamUpdateRequested() {
        return orderlyRamUpdate;
    }

    /**
     * g_clearOrderly: the command changed state-clear data, so an earlier orderly Shutdown no
     * longer describes the state (orderlyState becomes SU_NONE_VALUE or SU_DA_USED_VALUE, in NV).
     */
    public void clearOrderly() {
        if (TpmSu.isOrderly(state.persistent().orderlyState())) {
            state.persistent().setOrderlyState(state.flags().daUsed() ? TpmSu.DA_USED_VALUE : TpmSu.NONE_VALUE);
            requestNvCommit();
        }
    }

    /**
     * Flushes a transient object once the response is complete (the reference marks it evict and
     * ObjectCleanupEvict removes it at the end of ExecuteCommand): the response session area may
     * still need its authValue.
     */
    public void flushOnExit(int objectHandle) {
        flushOnExit.add(objectHandle);
    }

    /**
     * Records that the slot {@code transientHandle} holds, for this command only, a copy of the
     * persistent object {@code persistentHandle} (attributes.evict): ObjectCleanupEvict flushes
     * it at the end of the command, whatever its outcome.
     */
    void loadedPersistentObject(int transientHandle, int persistentHandle) {
        evictHandles.put(transientHandle, persistentHandle);
        flushOnExit(transientHandle);
    }

    /**
     * The object's evictHandle: the persistent handle whose copy occupies the slot
     * {@code objectHandle} during this command, or 0 for an ordinary transient object.
     */
    public int evictHandleOf(int objectHandle) {
        return evictHandles.getOrDefault(objectHandle, 0);
    }

    void flushObjectsOnExit() {
        flushOnExit.forEach(handle -> state.objects().flush(handle));
        flushOnExit.clear();
        evictHandles.clear();
    }

    boolean nvCommitRequested() {
        return nvUpdate;
    }
}
