package org.swtpmjava.tpm.tpm2.command.policy;

import java.nio.ByteBuffer;
import org.swtpmjava.tpm.tpm2.command.signature.SigningKey;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.session.EntityName;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmtSignature;

/**
 * TPM2_PolicySigned (Part 3 §23.3): the policy requires a signature by authObject over aHash =
 * H(nonceTPM || expiration || cpHashA || policyRef), hashed with the signature's hash. A real
 * session checks nonceTPM, expiration and cpHashA, then the signature (libtpms' codes of
 * CryptValidateSignature, numbered as parameter 5; the key's sign attribute is not required);
 * every session extends the digest with authObject's Name and policyRef. A negative expiration
 * returns a TPM_ST_AUTH_SIGNED ticket in authObject's hierarchy.
 */
public final class PolicySigned implements TpmCommand<PolicySigned.In> {
    static final int CODE = 0x160;

    /**
     * @param authObject    TPMI_DH_OBJECT
     * @param policySession TPMI_SH_POLICY
     * @param nonceTpm      TPM2B_NONCE
     * @param cpHashA       TPM2B_DIGEST
     * @param policyRef     TPM2B_NONCE
     * @param expiration    INT32
     * @param auth          TPMT_SIGNATURE
     */
    public record In(int authObject, int policySession, byte[] nonceTpm, byte[] cpHashA, byte[] policyRef,
                     int expiration, TpmtSignature auth) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] nonce = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        byte[] cpHashA = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        byte[] policyRef = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        int expiration = arguments.parameters().next(reader -> reader.readU32());
        TpmtSignature auth = arguments.parameters().next(reader -> TpmtSignature.unmarshal(reader, false));
        return new In(arguments.handle(0), arguments.handle(1), nonce, cpHashA, policyRef, expiration, auth);
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
            byte[] aHash = Hashes.digest(in.auth().hashAlg(), in.nonceTpm(),
                    ByteBuffer.allocate(4).putInt(in.expiration()).array(), in.cpHashA(), in.policyRef());
            LoadedObject key = state.objects().object(in.authObject());
            try {
                if (key == null) {
                    // a sequence object: its type is TPM_ALG_NULL, which CryptValidateSignature has no case for
                    throw new TpmRcException(TpmRc.SCHEME);
                }
                new SigningKey(key).verify(aHash, in.auth());
            } catch (TpmRcException e) {
                throw new TpmRcException(ResponseCodes.parameter(e.responseCode(), 5));
            }
        }
        byte[] name = EntityName.of(in.authObject(), state);
        AuthorizationAssertion.update(session, CODE, name, in.policyRef(), in.cpHashA(), authTimeout);
        return PolicySecret.ticketOutput(state, session, AuthTicket.ST_AUTH_SIGNED,
                PolicySecret.hierarchyOf(in.authObject(), state), in.expiration(), authTimeout, in.nonceTpm(),
                in.cpHashA(), in.policyRef(), name);
    }
}
