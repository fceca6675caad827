package org.swtpmjava.tpm.tpm2.command.policy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.session.EntityName;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_PolicyTicket (Part 3 §23.5): a ticket from PolicySigned or PolicySecret stands in for the
 * signature or secret. Not in a trial session (TPM_RC_ATTRIBUTES, handle 1); the timeout must be
 * the 8-byte buffer those commands returned (TPM_RC_SIZE, parameter 1) and still valid; the
 * recomputed ticket must match (TPM_RC_TICKET, parameter 5); then the digest is extended as the
 * command the ticket came from would have extended it.
 */
public final class PolicyTicket implements TpmCommand<PolicyTicket.In> {
    /**
     * @param policySession TPMI_SH_POLICY
     * @param timeout       TPM2B_TIMEOUT
     * @param cpHashA       TPM2B_DIGEST
     * @param policyRef     TPM2B_NONCE
     * @param authName      TPM2B_NAME
     * @param ticket        TPMT_TK_AUTH
     */
    public record In(int policySession, byte[] timeout, byte[] cpHashA, byte[] policyRef, byte[] authName,
                     AuthTicket ticket) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] timeout = arguments.parameters().next(reader -> reader.readSized(8));
        byte[] cpHashA = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        byte[] policyRef = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        byte[] authName = arguments.parameters().next(reader -> reader.readSized(EntityName.MAX_NAME_SIZE));
        AuthTicket ticket = arguments.parameters().next(AuthTicket::unmarshal);
        return new In(arguments.handle(0), timeout, cpHashA, policyRef, authName, ticket);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmState state = context.state();
        AuthSession session = state.session(in.policySession());
        if (session.isTrial()) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 1));
        }
        if (in.timeout().length != 8) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        long timeout = ByteBuffer.wrap(in.timeout()).getLong();
        boolean expiresOnReset = (timeout & AuthTicket.EXPIRES_ON_RESET) != 0;
        timeout &= ~AuthTicket.EXPIRES_ON_RESET;
        AuthorizationAssertion.checkParameters(session, timeout, in.cpHashA(), null, 0, 2, 1, state);
        AuthTicket expected = AuthTicket.compute(state, in.ticket().tag(), in.ticket().hierarchy(), timeout,
                expiresOnReset, in.cpHashA(), in.policyRef(), in.authName());
        if (!MessageDigest.isEqual(in.ticket().digest(), expected.digest())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.TICKET, 5));
        }
        int code = in.ticket().tag() == AuthTicket.ST_AUTH_SIGNED ? PolicySigned.CODE : PolicySecret.CODE;
        AuthorizationAssertion.update(session, code, in.authName(), in.policyRef(), in.cpHashA(), timeout);
        return CommandOutput.NONE;
    }
}
