package org.swtpmjava.tpm.tpm2.command.startup;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.RuntimeFlags;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmSu;

/**
 * TPM2_Shutdown (Part 3 §9.4): records the shutdown type, writes ORDERLY_DATA to NV and, for
 * STATE, the static PCRs, STATE_RESET_DATA and STATE_CLEAR_DATA that a later Startup(STATE)
 * restores. The TPM keeps running; only the next _TPM_Init makes the shutdown take effect.
 */
public final class Shutdown implements TpmCommand<Shutdown.In> {

    /** @param shutdownType TPM_SU */
    public record In(int shutdownType) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.parameters().next(StartupTypes::read));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmState state = context.state();
        RuntimeFlags flags = state.flags();
        boolean saveState = in.shutdownType() == TpmSu.STATE;
        // A PCR allocation change takes effect at the next Reset, so state cannot be saved.
        if (flags.pcrReconfigured() && saveState) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.TYPE, 1));
        }
        int orderlyState = in.shutdownType();
        flags.setDaUsed(false);
        if (saveState) {
            state.pcrs().saveState(state.clearData());
        }
        state.nv().writeIndexOrderlyRam(state.orderlyRam()); // NvUpdateIndexOrderlyData: RAM-backed NV indices
        state.orderly().setTime(flags.time());
        state.nv().writeOrderly(state.orderly());
        if (saveState) {
            state.nv().writeSavedState(state.resetData(), state.clearData());
            if (flags.drtmPreStartup()) {
                orderlyState |= TpmSu.PRE_STARTUP_FLAG;
            } else if (flags.startupLocality3()) {
                orderlyState |= TpmSu.STARTUP_LOCALITY_3;
            }
        }
        state.persistent().setOrderlyState(orderlyState);
        context.requestNvCommit();
        return CommandOutput.NONE;
    }
}
