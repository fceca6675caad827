package org.swtpmjava.tpm.tpm2.command.management;

import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.platform.LibtpmsCommandCodes;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.types.TpmCc;
import org.swtpmjava.tpm.tpm2.types.TpmlCc;

/**
 * TPM2_PP_Commands (Part 3 §26.2; libtpms ManagementCommands.c and PP.c): auth
 * (TPMI_RH_PLATFORM, USER) adds the codes of setList to gp.ppList, then removes those of
 * clearList, and writes PERSISTENT_DATA. Only commands of libtpms' table with the PP_COMMAND
 * attribute can be set; PP_Commands itself (PP_REQUIRED) cannot be cleared; other codes are
 * ignored.
 *
 * <p>The command is PP_REQUIRED: its platform authorization needs physical presence
 * ({@code CommandSessions}: TPM_RC_PP on the session), which swtpm never asserts. So with swtpm
 * it never gets here and the list keeps its manufacture value (PP_Commands alone); the body is
 * kept for what the reference would do with presence asserted.
 */
public final class PpCommands implements TpmCommand<PpCommands.In> {
    /** The commands of libtpms 0.9.2 whose s_commandAttributes carry PP_COMMAND (CommandAttributeData.h). */
    private static final Set<Integer> PP_COMMAND = Set.of(0x11F, 0x120, 0x121, 0x122, 0x124, 0x125, 0x126, 0x127,
            0x128, 0x129, 0x12A, 0x12B, 0x12C, 0x12E, 0x130, 0x131, 0x132, 0x140, 0x191);

    /**
     * @param auth      TPMI_RH_PLATFORM
     * @param setList   TPML_CC
     * @param clearList TPML_CC
     */
    public record In(int auth, List<Integer> setList, List<Integer> clearList) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        List<Integer> set = arguments.parameters().next(TpmlCc::unmarshal);
        List<Integer> clear = arguments.parameters().next(TpmlCc::unmarshal);
        return new In(arguments.handle(0), set, clear);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        PersistentData persistent = context.state().persistent();
        persistent.setPpCommands(updated(persistent.ppCommands(), in.setList(), in.clearList()));
        // NV_SYNC_PERSISTENT(ppList): written whether or not anything changed
        context.requestNvCommit();
        return CommandOutput.NONE;
    }

    /**
     * gp.ppList after PhysicalPresenceCommandSet for each code of {@code setList}, then
     * PhysicalPresenceCommandClear for each code of {@code clearList}.
     */
    static SortedSet<Integer> updated(SortedSet<Integer> ppList, List<Integer> setList, List<Integer> clearList) {
        SortedSet<Integer> list = new TreeSet<>(ppList);
        for (int code : setList) {
            if (LibtpmsCommandCodes.isImplemented(code) && PP_COMMAND.contains(code)) {
                list.add(code);
            }
        }
        for (int code : clearList) {
            if (code != TpmCc.PP_COMMANDS) {
                list.remove(code);
            }
        }
        return list;
    }
}
