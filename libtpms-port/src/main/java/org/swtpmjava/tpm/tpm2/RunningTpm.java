package org.swtpmjava.tpm.tpm2;

import org.swtpmjava.tpm.EngineConfig;
import org.swtpmjava.tpm.NvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.tpm2.command.Tpm2Commands;
import org.swtpmjava.tpm.tpm2.events.DrtmSequence;
import org.swtpmjava.tpm.tpm2.exec.CommandExecutor;
import org.swtpmjava.tpm.tpm2.platform.EmulatedLibtpms;
import org.swtpmjava.tpm.tpm2.platform.TpmFailure;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.TpmTime;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.codec.VolatileStateCodec.VolatileState;
import org.swtpmjava.tpm.tpm2.state.libtpms.OrderlyIndexRam;
import org.swtpmjava.tpm.tpm2.state.libtpms.PermanentBlobFormats;
import org.swtpmjava.tpm.tpm2.state.libtpms.VolatileBlobFormats;

/** A powered-on TPM: its state, its clock and its command executor (between _TPM_Init and power off). */
final class RunningTpm {
    private final TpmState state;
    private final NvStorage storage;
    private final CommandExecutor executor;

    private RunningTpm(TpmState state, NvStorage storage, EngineConfig config, EmulatedLibtpms version) {
        this.state = state;
        this.storage = storage;
        TpmTime time = new TpmTime(config.clock());
        // A resumed TPM that had started has had its new epoch (see TpmTime.resumeTimerStopped).
        time.resumeTimerStopped(!state.flags().started());
        this.executor = new CommandExecutor(Tpm2Commands.table(), state, time, config.entropy(), version,
                this::commitPermanent);
    }

    /** _TPM_Init: the state read from NV, then a saved volatile state if there is one (a resume). */
    static RunningTpm powerOn(PermanentState permanent, VolatileState saved, NvStorage storage, EngineConfig config,
                              EmulatedLibtpms version) {
        TpmState state = TpmState.powerOn(permanent.persistent(), permanent.nv());
        if (saved != null) {
            state.restoreVolatile(saved.orderly(), saved.resetData(), saved.clearData(), saved.pcrs(), saved.flags(),
                    saved.sessions(), saved.objects());
            state.setCarriedVolatile(saved.carried());
            // the live orderly-index RAM area as the blob has it (libtpms does not read NV for it
            // until the next TPM2_Startup)
            OrderlyIndexRam ram = saved.carried() == null || saved.carried().nvBlock() == null ? null
                    : OrderlyIndexRam.fromVolatileNvBlock(saved.carried().nvBlock());
            if (ram != null) {
                state.setOrderlyRam(ram);
            }
        }
        return new RunningTpm(state, storage, config, version);
    }

    byte[] process(byte[] command, int locality, int bufferSize) {
        return executor.execute(command, locality, bufferSize);
    }

    /** TPMLIB_VolatileAll_Store: libtpms' volatilestate when it can represent the state (see VolatileBlobFormats). */
    byte[] volatileState(boolean tpmEstablished) {
        return VolatileBlobFormats.encode(state, tpmEstablished);
    }

    boolean inFailureMode() {
        return state.flags().failureMode();
    }

    void hashStart() {
        DrtmSequence.start(state);
    }

    void hashData(byte[] data) {
        DrtmSequence.data(state, data);
    }

    void hashEnd() {
        DrtmSequence.end(state);
    }

    /** Puts the TPM into failure mode (a fault outside command execution). */
    void fail(int failCode) {
        state.flags().enterFailureMode(failCode);
    }

    /**
     * NvCommit: the whole permanent blob, in libtpms' permall format, as libtpms writes it after
     * every NV change. The allocation in effect goes in beside the stored one (libtpms.md §4.4).
     */
    void commitPermanent() {
        try {
            storage.store(StateBlobType.PERMANENT,
                    PermanentBlobFormats.encode(state.persistent(), state.nv(), state.pcrs().allocation()));
        } catch (NvStorage.NvStorageException | RuntimeException e) {
            throw new TpmFailure(TpmFailure.FATAL_ERROR_INTERNAL, "storing the permanent state failed", e);
        }
    }
}
