package org.swtpmjava.tpm.tpm2.command.policy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.SessionFields;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * What TPM2_PolicySigned, PolicySecret and PolicyTicket share (Part 3 §23.3-23.5; reference
 * Policy_spt.c): the authorization timeout an expiration stands for, the checks of nonceTPM,
 * expiration and cpHashA, and the policy update H(H(digest || CC || Name) || policyRef) that also
 * records the cpHash and the timeout in the session.
 */
final class AuthorizationAssertion {
    private AuthorizationAssertion() {
    }

    /**
     * ComputeAuthTimeout: 0 for no expiration; else |expiration| seconds (INT32_MIN counts as
     * INT32_MIN + 1) after the session's start when nonceTPM is given, or as an absolute g_time
     * (plus the current milliseconds) when it is not.
     */
    static long authTimeout(AuthSession session, int expiration, byte[] nonceTpm, long gTime) {
        if (expiration == 0) {
            return 0;
        }
        long seconds = expiration == Integer.MIN_VALUE ? Integer.MAX_VALUE : Math.abs((long) expiration);
        if (nonceTpm.length == 0) {
            return seconds * 1000 + Long.remainderUnsigned(gTime, 1000);
        }
        return session.startTime() + seconds * 1000;
    }

    /**
     * PolicyParameterChecks: a given nonceTPM must be the session's (TPM_RC_NONCE), a timeout must
     * not have passed nor the time epoch changed (TPM_RC_EXPIRED), a given cpHashA must have the
     * session digest's size (TPM_RC_SIZE) and equal a cpHash set before (TPM_RC_CPHASH, unnumbered).
     *
     * @param nonceTpm null where the command has none (PolicyTicket)
     */
    static void checkParameters(AuthSession session, long authTimeout, byte[] cpHashA, byte[] nonceTpm,
                                int nonceParameter, int cpHashParameter, int expirationParameter, TpmState state) {
        if (nonceTpm != null && nonceTpm.length != 0 && !MessageDigest.isEqual(nonceTpm, session.nonceTpm())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.NONCE, nonceParameter));
        }
        if (authTimeout != 0 && (Long.compareUnsigned(authTimeout, state.flags().time()) < 0
                || session.epoch() != state.persistent().timeEpoch())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.EXPIRED, expirationParameter));
        }
        if (cpHashA.length != 0) {
            if (cpHashA.length != Hashes.digestSize(session.authHashAlg())) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, cpHashParameter));
            }
            byte[] current = session.policyHash();
            if (current.length != 0 && !MessageDigest.isEqual(cpHashA, current)) {
                throw new TpmRcException(TpmRc.CPHASH);
            }
        }
    }

    /**
     * PolicyContextUpdate: policyDigest := H(policyDigest || commandCode || name), then, with a
     * policyRef, H(policyDigest || policyRef); a non-empty cpHash becomes the session's cpHash; a
     * timeout replaces a later (or no) earlier one.
     *
     * @param policyRef null for none (not the same as empty: an empty one still hashes again)
     * @param cpHash    null or empty for none
     */
    static void update(AuthSession session, int commandCode, byte[] name, byte[] policyRef, byte[] cpHash,
                       long timeout) {
        byte[] code = ByteBuffer.allocate(4).putInt(commandCode).array();
        session.setPolicyDigest(Hashes.digest(session.authHashAlg(), session.policyDigest(), code, name));
        if (policyRef != null) {
            session.setPolicyDigest(Hashes.digest(session.authHashAlg(), session.policyDigest(), policyRef));
        }
        if (cpHash != null && cpHash.length != 0) {
            session.setPolicyHash(cpHash);
            session.setPolicyFlag(SessionFields.IS_CP_HASH_DEFINED, true);
        }
        if (timeout != 0 && (session.timeout() == 0 || Long.compareUnsigned(session.timeout(), timeout) > 0)) {
            session.setTimeout(timeout);
        }
    }

    /** PolicyDigestClear: the zero digest of the session's hash (PolicyAuthorize, PolicyAuthorizeNV). */
    static void clearDigest(AuthSession session) {
        session.setPolicyDigest(new byte[Hashes.digestSize(session.authHashAlg())]);
    }
}
