package org.swtpmjava.tpm.tpm2.command.startup;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.RuntimeFlags;
import org.swtpmjava.tpm.tpm2.state.StartupType;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmSu;

/**
 * TPM2_Startup (Part 3 §9.3): decides Reset, Restart or Resume from the last Shutdown and the
 * startup type, checks the conditions for a Resume, and runs the subsystem start-up.
 */
public final class Startup implements TpmCommand<Startup.In> {

    /** @param startupType TPM_SU */
    public record In(int startupType) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.parameters().next(StartupTypes::read));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmState state = context.state();
        PersistentData persistent = state.persistent();
        RuntimeFlags flags = state.flags();
        int locality = context.locality();
        if (locality != 0 && locality != 3) {
            throw new TpmRcException(TpmRc.LOCALITY);
        }
        // An H-CRTM sequence counts as locality 0, so that it does not clash with locality 3.
        if (flags.drtmPreStartup()) {
            locality = 0;
        }
        flags.setStartupLocality3(locality == 3);
        flags.setDaUsed(persistent.orderlyState() == TpmSu.DA_USED_VALUE);
        if (flags.daUsed()) {
            persistent.setOrderlyState(TpmSu.NONE_VALUE);
        }
        int previous = persistent.orderlyState();
        if (TpmSu.isOrderly(previous)) {
            previous &= ~(TpmSu.PRE_STARTUP_FLAG | TpmSu.STARTUP_LOCALITY_3);
        }
        flags.setPrevOrderlyState(previous);
        if (in.startupType() == TpmSu.STATE) {
            checkResume(previous, persistent.orderlyState(), flags);
        }
        persistent.setOrderlyState(previous);
        StartupType type = StartupType.RESET;
        if (previous == TpmSu.STATE) {
            state.setResetData(state.nv().resetData());
            type = StartupType.RESTART;
            if (in.startupType() == TpmSu.STATE) {
                state.setClearData(state.nv().clearData());
                type = StartupType.RESUME;
            }
        }
        StartupSequence.run(type, locality, context);
        NvIndices.startup(state, type, previous == TpmSu.NONE_VALUE);
        persistent.setOrderlyState(TpmSu.NONE_VALUE);
        context.requestNvCommit();
        return CommandOutput.NONE;
    }

    /** Resume needs a Shutdown(STATE) with the same H-CRTM and locality-3 conditions. */
    private static void checkResume(int previous, int savedOrderlyState, RuntimeFlags flags) {
        if (previous != TpmSu.STATE) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
        }
        if (flags.drtmPreStartup() != ((savedOrderlyState & TpmSu.PRE_STARTUP_FLAG) != 0)) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
        }
        if (flags.startupLocality3() != ((savedOrderlyState & TpmSu.STARTUP_LOCALITY_3) != 0)) {
            throw new TpmRcException(TpmRc.LOCALITY);
        }
    }
}
