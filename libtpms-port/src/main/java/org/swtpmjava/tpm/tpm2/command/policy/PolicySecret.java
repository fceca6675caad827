package org.swtpmjava.tpm.tpm2.command.policy;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.session.EntityName;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;

/**
 * TPM2_PolicySecret (Part 3 §23.4): the policy requires that authHandle's authorization was
 * shown (the executor has checked it, with DA, before this runs). A real session checks
 * nonceTPM, expiration and cpHashA; every session extends the digest with authHandle's Name and
 * policyRef. A negative expiration on a real session returns a TPM_ST_AUTH_SECRET ticket and its
 * timeout; otherwise both are null.
 */
public final class PolicySecret implements TpmCommand<PolicySecret.In> {
    static final int CODE = 0x151;

    /**
     * @param authHandle    TPMI_DH_ENTITY
     * @param policySession TPMI_SH_POLICY
     * @param nonceTpm      TPM2B_NONCE
     * @param cpHashA       TPM2B_DIGEST
     * @param policyRef     TPM2B_NONCE
     * @param expiration    INT32
     */
    public record In(int authHandle, int policySession, byte[] nonceTpm, byte[] cpHashA, byte[] policyRef,
                     int expiration) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] nonce = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        byte[] cpHashA = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        byte[] policyRef = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        int expiration = arguments.parameters().next(reader -> reader.readU32());
        return new In(arguments.handle(0), arguments.handle(1), nonce, cpHashA, policyRef, expiration);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmState state = context.state();
        AuthSession session = state.session(in.policySession());
        long authTimeout = 0;
        if (!session.isTrial()) {
            authTimeout = AuthorizationAssertion.authTimeout(session, in.expiration(), in.nonceTpm(),
                    state.flags().time());
            AuthorizationAssertion.checkParameters(session, authTimeout, in.cpHashA(), in.nonceTpm(), 1, 2, 4, state);
        }
        byte[] name = EntityName.of(in.authHandle(), state);
        AuthorizationAssertion.update(session, CODE, name, in.policyRef(), in.cpHashA(), authTimeout);
        return ticketOutput(state, session, AuthTicket.ST_AUTH_SECRET, hierarchyOf(in.authHandle(), state),
                in.expiration(), authTimeout, in.nonceTpm(), in.cpHashA(), in.policyRef(), name);
    }

    /**
     * The timeout and ticket of PolicySigned and PolicySecret: a ticket only for a negative
     * expiration in a real session (the timeout is then never 0: ComputeAuthTimeout made it from
     * a non-zero expiration); it expires on TPM Reset when no nonceTPM was given.
     */
    static CommandOutput ticketOutput(TpmState state, AuthSession session, int tag, int hierarchy, int expiration,
                                      long authTimeout, byte[] nonceTpm, byte[] cpHashA, byte[] policyRef,
                                      byte[] name) {
        if (expiration >= 0 || session.isTrial()) {
            AuthTicket ticket = AuthTicket.nullTicket(tag);
            return writer -> {
                writer.writeSized(new byte[0]);
                ticket.marshal(writer);
            };
        }
        boolean expiresOnReset = nonceTpm.length == 0;
        long timeout = authTimeout & ~AuthTicket.EXPIRES_ON_RESET;
        AuthTicket ticket = AuthTicket.compute(state, tag, hierarchy, timeout, expiresOnReset, cpHashA, policyRef,
                name);
        byte[] timeoutBuffer = AuthTicket.timeoutBuffer(timeout, expiresOnReset);
        return writer -> {
            writer.writeSized(timeoutBuffer);
            ticket.marshal(writer);
        };
    }

    /**
     * EntityGetHierarchy: platform, endorsement and TPM_RH_NULL are their own hierarchy; an
     * object is in the hierarchy it was created in; other permanent handles and PCRs count as
     * the owner's.
     */
    static int hierarchyOf(int handle, TpmState state) {
        int type = TpmHandles.type(handle);
        if (type == TpmHandles.HT_TRANSIENT) {
            LoadedObject object = state.objects().object(handle);
            return object == null ? TpmHandles.RH_NULL : object.hierarchy();
        }
        if (type == TpmHandles.HT_PERMANENT && (handle == TpmHandles.RH_PLATFORM
                || handle == TpmHandles.RH_ENDORSEMENT || handle == TpmHandles.RH_NULL)) {
            return handle;
        }
        return TpmHandles.RH_OWNER;
    }
}
