package org.swtpmjava.tpm.tpm2.command.audit;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.platform.LibtpmsCommandCodes;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmCc;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmiAlgHash;
import org.swtpmjava.tpm.tpm2.types.TpmlCc;

/**
 * TPM2_SetCommandCodeAuditStatus (Part 3 §21.2; libtpms AuditCommands.c and CommandAudit.c):
 * auth (TPMI_RH_PROVISION, USER) either changes gp.auditHashAlg (then both lists must be empty,
 * else TPM_RC_VALUE on auditAlg, and the command audit digest is marked with size 1 so that it is
 * cleared on exit instead of being extended) or sets, then clears, audit bits. A bit exists only
 * for the commands libtpms 0.9.2 has in its table; TPM2_Shutdown cannot be set and
 * TPM2_SetCommandCodeAuditStatus cannot be cleared. Codes without a bit are ignored. NV is
 * written only when something changed.
 */
public final class SetCommandCodeAuditStatus implements TpmCommand<SetCommandCodeAuditStatus.In> {
    private static final int SHUTDOWN = 0x145;

    /**
     * @param auth      TPMI_RH_PROVISION
     * @param auditAlg  TPMI_ALG_HASH+
     * @param setList   TPML_CC
     * @param clearList TPML_CC
     */
    public record In(int auth, int auditAlg, List<Integer> setList, List<Integer> clearList) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        int alg = arguments.parameters().next(reader -> TpmiAlgHash.unmarshal(reader, true));
        List<Integer> set = arguments.parameters().next(TpmlCc::unmarshal);
        List<Integer> clear = arguments.parameters().next(TpmlCc::unmarshal);
        return new In(arguments.handle(0), alg, set, clear);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        PersistentData persistent = context.state().persistent();
        if (in.auditAlg() != TpmAlgId.NULL && in.auditAlg() != persistent.auditHashAlg()) {
            if (!in.setList().isEmpty() || !in.clearList().isEmpty()) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
            }
            persistent.setAuditHashAlg(in.auditAlg());
            // the mark CommandAudit turns into an empty digest on exit (no audit of this command)
            context.state().resetData().setCommandAuditDigest(new byte[1]);
            context.requestNvCommit();
            return CommandOutput.NONE;
        }
        SortedSet<Integer> audited = new TreeSet<>(persistent.auditCommands());
        boolean changed = false;
        for (int code : in.setList()) {
            if (LibtpmsCommandCodes.isImplemented(code) && code != SHUTDOWN) {
                changed |= audited.add(code);
            }
        }
        for (int code : in.clearList()) {
            if (LibtpmsCommandCodes.isImplemented(code) && code != TpmCc.SET_COMMAND_CODE_AUDIT_STATUS) {
                changed |= audited.remove(code);
            }
        }
        if (changed) {
            persistent.setAuditCommands(audited);
            context.requestNvCommit();
        }
        return CommandOutput.NONE;
    }
}
