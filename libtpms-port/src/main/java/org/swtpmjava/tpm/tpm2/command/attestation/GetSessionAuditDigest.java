package org.swtpmjava.tpm.tpm2.command.attestation;

import java.security.SecureRandom;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_GetSessionAuditDigest (Part 3 §18.4, libtpms AttestationCommands.c): TPMS_SESSION_AUDIT_INFO
 * with whether the session is the exclusive audit session and its audit digest. After the signer
 * checks, a session that never audited is TPM_RC_TYPE on the session handle (handle 3). The
 * privacy administrator is the endorsement hierarchy.
 */
public final class GetSessionAuditDigest implements TpmCommand<GetSessionAuditDigest.In> {
    /** TPM_ST_ATTEST_SESSION_AUDIT. */
    private static final int ST_ATTEST_SESSION_AUDIT = 0x8016;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param privacyAdminHandle TPMI_RH_ENDORSEMENT
     * @param signHandle         TPMI_DH_OBJECT+
     * @param sessionHandle      TPMI_SH_HMAC
     */
    public record In(int privacyAdminHandle, int signHandle, int sessionHandle,
                     AttestParameters.DataAndScheme parameters) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.handle(1), arguments.handle(2),
                AttestParameters.DataAndScheme.read(arguments));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AttestSigner signer = AttestSigner.select(context, in.signHandle(), in.parameters().inScheme(), 2, 2);
        AuthSession session = context.state().session(in.sessionHandle());
        if (!session.isAudit()) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 3));
        }
        TpmsAttest attest = TpmsAttest.fill(context, signer, in.parameters().qualifyingData());
        boolean exclusive = context.state().sessions().exclusiveAuditSession() == in.sessionHandle();
        byte[] info = new TpmWriter(80).writeBool(exclusive).writeSized(session.auditDigest()).toByteArray();
        return attest.sign(context, random, ST_ATTEST_SESSION_AUDIT, info);
    }
}
