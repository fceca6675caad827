package org.swtpmjava.tpm.tpm2.exec;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.session.AuditDigests;
import org.swtpmjava.tpm.tpm2.session.CommandSessions;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.StateResetData;
import org.swtpmjava.tpm.tpm2.state.TpmState;

/**
 * Command audit (Part 1 §33.2, libtpms SessionProcess.c CheckCommandAudit / CommandAudit): a
 * command in PERSISTENT_DATA's auditCommands extends STATE_RESET_DATA's commandAuditDigest with
 * cpHash || rpHash in gp.auditHashAlg when it succeeds. The cpHash is taken before the command
 * runs ({@link #before}); the first audited command after the digest was cleared (TPM Reset,
 * TPM2_GetCommandAuditDigest with a signing key) starts a zero digest and increments
 * gp.auditCounter, which is written to NV. A digest of size 1 is the mark
 * TPM2_SetCommandCodeAuditStatus leaves when it changes the algorithm: that command is not
 * audited and the digest is cleared.
 */
final class CommandAudit {
    private final int code;
    private final byte[] cpHash;

    private CommandAudit(int code, byte[] cpHash) {
        this.code = code;
        this.cpHash = cpHash;
    }

    /**
     * CheckCommandAudit, after the sessions were checked and before parameter decryption.
     *
     * @param sessions   the command's sessions, null for TPM_ST_NO_SESSIONS
     * @param parameters the parameter area as received, not consumed (used when there are no
     *                   sessions, and copied only for an audited command)
     * @return the audit of this command, or null if it is not audited
     */
    static CommandAudit before(int code, int[] handles, CommandSessions sessions, TpmReader parameters,
                               TpmState state) {
        PersistentData persistent = state.persistent();
        if (!persistent.isAudited(code)) {
            return null;
        }
        int alg = persistent.auditHashAlg();
        byte[] cpHash = sessions != null ? sessions.cpHash(alg)
                : AuditDigests.cpHash(alg, code, handles, parameters.peekRemaining(), state);
        return new CommandAudit(code, cpHash);
    }

    /** CommandAudit, after the audit session was updated. */
    void after(byte[] responseParameters, CommandContext context) {
        TpmState state = context.state();
        StateResetData reset = state.resetData();
        byte[] digest = reset.commandAuditDigest();
        if (digest.length == 1) {
            reset.setCommandAuditDigest(new byte[0]);
            return;
        }
        PersistentData persistent = state.persistent();
        // The list may have changed during the command; only SetCommandCodeAuditStatus can change
        // it and it is always audited, so the decision taken before still holds.
        int alg = persistent.auditHashAlg();
        if (digest.length == 0) {
            digest = new byte[Hashes.digestSize(alg)];
            persistent.setAuditCounter(persistent.auditCounter() + 1);
            context.requestNvCommit();
        }
        reset.setCommandAuditDigest(AuditDigests.extend(alg, digest, cpHash,
                AuditDigests.rpHash(alg, code, responseParameters)));
    }
}
