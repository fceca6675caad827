package org.swtpmjava.tpm.tpm2.command.attestation;

import java.security.SecureRandom;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;

/**
 * TPM2_GetCommandAuditDigest (Part 3 §18.5, libtpms AttestationCommands.c): TPMS_COMMAND_AUDIT_INFO
 * with gp.auditCounter, gp.auditHashAlg, the command audit digest as it stands before this
 * command (empty if nothing was audited since it was last cleared) and the digest of the audited
 * command codes (CommandAuditGetDigest). The privacy administrator is the endorsement hierarchy.
 * Signed with a key, the audit digest is cleared, so the next audited command increments the
 * audit counter; TPM_RH_NULL (no signature) leaves it.
 */
public final class GetCommandAuditDigest implements TpmCommand<GetCommandAuditDigest.In> {
    /** TPM_ST_ATTEST_COMMAND_AUDIT. */
    private static final int ST_ATTEST_COMMAND_AUDIT = 0x8015;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param privacyHandle TPMI_RH_ENDORSEMENT
     * @param signHandle    TPMI_DH_OBJECT+
     */
    public record In(int privacyHandle, int signHandle, AttestParameters.DataAndScheme parameters) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.handle(1), AttestParameters.DataAndScheme.read(arguments));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AttestSigner signer = AttestSigner.select(context, in.signHandle(), in.parameters().inScheme(), 2, 2);
        TpmsAttest attest = TpmsAttest.fill(context, signer, in.parameters().qualifyingData());
        PersistentData persistent = context.state().persistent();
        byte[] info = new TpmWriter(160).writeU64(persistent.auditCounter()).writeU16(persistent.auditHashAlg())
                .writeSized(context.state().resetData().commandAuditDigest())
                .writeSized(commandDigest(persistent)).toByteArray();
        CommandOutput output = attest.sign(context, random, ST_ATTEST_COMMAND_AUDIT, info);
        if (in.signHandle() != TpmHandles.RH_NULL) {
            context.state().resetData().setCommandAuditDigest(new byte[0]);
        }
        return output;
    }

    /** CommandAuditGetDigest: H(auditHashAlg) over the audited command codes in ascending order. */
    static byte[] commandDigest(PersistentData persistent) {
        TpmWriter codes = new TpmWriter(64);
        persistent.auditCommands().forEach(codes::writeU32);
        return Hashes.digest(persistent.auditHashAlg(), codes.toByteArray());
    }
}
