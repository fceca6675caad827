package org.swtpmjava.tpm.tpm2.command.hierarchy;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.StateClearData;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_HierarchyControl (Part 3 §24.2): authHandle (TPMI_RH_HIERARCHY, USER) enables or disables
 * the hierarchy named by enable. Platform and platformNV need platformAuth; owner and
 * endorsement may disable themselves but only the platform re-enables them (TPM_RC_AUTH_TYPE).
 * A change clears the orderly state. No object belongs to a hierarchy yet, so none is flushed.
 */
public final class HierarchyControl implements TpmCommand<HierarchyControl.In> {

    /**
     * @param authHandle TPMI_RH_HIERARCHY
     * @param enable     TPMI_RH_ENABLES
     * @param state      TPMI_YES_NO
     */
    public record In(int authHandle, int enable, boolean state) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        int enable = arguments.parameters().next(HierarchyControl::readEnables);
        boolean state = arguments.parameters().next(HierarchyControl::readYesNo);
        return new In(arguments.handle(0), enable, state);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        StateClearData clear = context.state().clearData();
        boolean byPlatform = in.authHandle() == TpmHandles.RH_PLATFORM;
        boolean current = switch (in.enable()) {
            case TpmHandles.RH_OWNER -> clear.shEnable();
            case TpmHandles.RH_ENDORSEMENT -> clear.ehEnable();
            case TpmHandles.RH_PLATFORM -> context.state().flags().phEnable();
            default -> clear.phEnableNv();
        };
        boolean ownHierarchy = in.authHandle() == in.enable() && in.enable() != TpmHandles.RH_PLATFORM;
        if (!byPlatform && (!ownHierarchy || (!current && in.state()))) {
            throw new TpmRcException(TpmRc.AUTH_TYPE);
        }
        if (current == in.state()) {
            return CommandOutput.NONE;
        }
        switch (in.enable()) {
            case TpmHandles.RH_OWNER -> clear.setShEnable(in.state());
            case TpmHandles.RH_ENDORSEMENT -> clear.setEhEnable(in.state());
            case TpmHandles.RH_PLATFORM -> context.state().flags().setPhEnable(in.state());
            default -> clear.setPhEnableNv(in.state());
        }
        if (!in.state() && in.enable() != TpmHandles.RH_PLATFORM_NV) {
            context.state().objects().flushHierarchy(in.enable());
        }
        context.clearOrderly();
        return CommandOutput.NONE;
    }

    /** TPMI_RH_ENABLES: owner, endorsement, platform, platform NV, else TPM_RC_VALUE. */
    private static int readEnables(TpmReader reader) {
        int handle = reader.readU32();
        if (handle != TpmHandles.RH_OWNER && handle != TpmHandles.RH_ENDORSEMENT
                && handle != TpmHandles.RH_PLATFORM && handle != TpmHandles.RH_PLATFORM_NV) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return handle;
    }

    /** TPMI_YES_NO: 0 or 1, else TPM_RC_VALUE. */
    static boolean readYesNo(TpmReader reader) {
        int value = reader.readU8();
        if (value > 1) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return value == 1;
    }
}
