package org.swtpmjava.tpm.tpm2.session;

import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.Hmacs;
import org.swtpmjava.tpm.tpm2.exec.AuthRole;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * The sessions of one command after {@link AuthorizationArea} read them: authorization of each
 * session (Part 1 §19.6, reference SessionProcess.c ParseSessionBuffer, CheckAuthSession,
 * ComputeCommandHMAC), decryption of the first command parameter, and the response session area
 * (BuildResponseSession: new nonceTPM for every session, encryption of the first response
 * parameter, response HMACs over rpHash, flush of sessions without continueSession).
 */
public final class CommandSessions {
    private final List<SessionEntry> entries;
    private final int[] associated;
    private final int decryptIndex;
    private final int encryptIndex;
    private final CommandShape shape;
    private final CommandContext context;
    private final boolean[] includeAuth;
    private final Map<Integer, byte[]> cpHashes = new HashMap<>();
    /** The response's session attributes (auditExclusive as UpdateAuditSessionStatus reports it). */
    private int[] responseAttributes;

    /**
     * What the session code needs to know about the command.
     *
     * @param code        TPM_CC
     * @param handles     the handle area
     * @param roles       the authorization role of each handle
     * @param parameters  the parameter area as received (still encrypted)
     * @param decryptSize 2 if the first command parameter may be encrypted, else 0
     * @param encryptSize 2 if the first response parameter may be encrypted, else 0
     */
    public record CommandShape(int code, int[] handles, List<AuthRole> roles, byte[] parameters, int decryptSize,
                               int encryptSize) {
    }

    CommandSessions(List<SessionEntry> entries, int[] associated, int decryptIndex, int encryptIndex,
                    CommandShape shape, CommandContext context) {
        this.entries = List.copyOf(entries);
        this.associated = associated;
        this.decryptIndex = decryptIndex;
        this.encryptIndex = encryptIndex;
        this.shape = shape;
        this.context = context;
        this.includeAuth = new boolean[entries.size()];
    }

    public List<SessionEntry> entries() {
        return entries;
    }

    private TpmState state() {
        return context.state();
    }

    private AuthSession session(int index) {
        return state().session(entries.get(index).handle());
    }

    /** The consistency and authorization checks of ParseSessionBuffer, session by session. */
    void authorize() {
        for (int i = 0; i < entries.size(); i++) {
            SessionEntry entry = entries.get(i);
            int number = i + 1;
            boolean isAssociated = associated[i] != TpmHandles.RH_UNASSIGNED;
            if (entry.isPassword()) {
                if (!isAssociated) {
                    throw new TpmRcException(ResponseCodes.session(TpmRc.HANDLE, number));
                }
            } else {
                AuthSession session = session(i);
                if (session.isTrial()) {
                    throw new TpmRcException(ResponseCodes.session(TpmRc.ATTRIBUTES, number));
                }
                if (session.isDaBound()) {
                    DictionaryAttack.checkLockedOut(session.isLockoutBound(), context);
                }
            }
            if (isAssociated) {
                try {
                    checkAuthSession(i);
                } catch (TpmRcException e) {
                    throw new TpmRcException(ResponseCodes.session(e.responseCode(), number));
                }
            } else {
                if (!entry.has(SessionEntry.AUDIT | SessionEntry.ENCRYPT | SessionEntry.DECRYPT)) {
                    throw new TpmRcException(ResponseCodes.session(TpmRc.ATTRIBUTES, number));
                }
                includeAuth[i] = false;
                session(i).setIncludeAuth(false);
                try {
                    checkSessionHmac(i);
                } catch (TpmRcException e) {
                    throw new TpmRcException(ResponseCodes.session(e.responseCode(), number));
                }
            }
            // ParseSessionBuffer: an audit session's cpHash is computed now, before the command
            // runs (an empty HMAC with an empty key skips it above).
            if (entry.has(SessionEntry.AUDIT)) {
                cpHash(session(i).authHashAlg());
            }
        }
    }

    /** CheckAuthSession for session {@code i} and its associated handle. */
    private void checkAuthSession(int i) {
        SessionEntry entry = entries.get(i);
        int handle = associated[i];
        // Physical presence first (Part 1 §19.9; PP.c): a command in gp.ppList authorized by the
        // platform needs it, and swtpm never asserts it (_plat__PhysicalPresenceAsserted), so
        // TPM2_PP_Commands (always in the list) ends here with any session kind.
        if (handle == TpmHandles.RH_PLATFORM && state().persistent().ppCommands().contains(shape.code())) {
            throw new TpmRcException(TpmRc.PP);
        }
        boolean policy = TpmHandles.type(entry.handle()) == TpmHandles.HT_POLICY_SESSION;
        AuthSession session = entry.isPassword() ? null : session(i);
        boolean authUsed;
        if (session == null) {
            authUsed = true;
        } else {
            if (policy) {
                includeAuth[i] = session.authValueNeeded() || session.passwordNeeded();
            } else {
                // A session bound to this very entity leaves its authValue out (Part 1 §19.6.10).
                includeAuth[i] = !(session.isBound()
                        && MessageDigest.isEqual(session.boundEntity(), EntityName.bindValue(handle, state())));
            }
            session.setIncludeAuth(includeAuth[i]); // kept in the SESSION struct, so in its context
            authUsed = includeAuth[i];
        }
        if (authUsed && !EntityAuth.isDaExempt(handle, state())) {
            DictionaryAttack.checkLockedOut(handle == TpmHandles.RH_LOCKOUT, context);
        }
        // IsPolicySessionRequired: a PCR of a group that has a policy (PCR_SetAuthPolicy).
        if (!policy && TpmHandles.type(handle) == TpmHandles.HT_PCR
                && state().persistent().pcrPolicy().governs(handle)) {
            throw new TpmRcException(TpmRc.AUTH_TYPE);
        }
        if (!policy && (ObjectAuthRules.requiresPolicy(handle, shape.roles().get(i), state())
                || NvAuthRules.requiresPolicy(handle, shape.roles().get(i)))) {
            throw new TpmRcException(TpmRc.AUTH_TYPE);
        }
        if (!policy && (ObjectAuthRules.authValueUnavailable(handle, shape.roles().get(i), state())
                || NvAuthRules.authValueUnavailable(handle, shape.code(), state()))) {
            throw new TpmRcException(TpmRc.AUTH_UNAVAILABLE);
        }
        if (policy) {
            NvIndices.Index nvIndex = NvAuthRules.index(handle, state());
            boolean available = nvIndex != null ? NvAuthRules.authPolicyAvailable(nvIndex, shape.code(),
                    shape.roles().get(i))
                    : PolicyAuthorization.isAuthPolicyAvailable(handle, state());
            if (!available) {
                throw new TpmRcException(TpmRc.AUTH_UNAVAILABLE);
            }
            PolicyAuthorization.check(session, handle, shape, shape.roles().get(i), context.locality(), state(),
                    this::cpHash);
        }
        TpmRcException failure = null;
        try {
            if (session == null || session.passwordNeeded()) {
                checkPassword(i);
            } else {
                checkSessionHmac(i);
            }
        } catch (TpmRcException e) {
            failure = e;
        }
        if (authUsed && NvAuthRules.updatePinCount(handle, failure == null, state())) {
            context.requestNvCommit();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** CheckPWAuthSession: the presented value and the authValue, both without trailing zeros. */
    private void checkPassword(int i) {
        byte[] expected = EntityAuth.authValue(associated[i], state());
        byte[] presented = EntityAuth.removeTrailingZeros(entries.get(i).hmac());
        if (!MessageDigest.isEqual(expected, presented)) {
            throw new TpmRcException(incrementLockout(i));
        }
    }

    /** CheckSessionHMAC. */
    private void checkSessionHmac(int i) {
        byte[] expected = commandHmac(i);
        if (!MessageDigest.isEqual(expected, entries.get(i).hmac())) {
            throw new TpmRcException(incrementLockout(i));
        }
    }

    /**
     * IncrementLockout: TPM_RC_BAD_AUTH unless the failure counts against DA (the entity is
     * DA-protected and its authValue was used, or the session is bound to a DA-protected entity).
     */
    private int incrementLockout(int i) {
        SessionEntry entry = entries.get(i);
        int handle = associated[i];
        if (entry.isPassword()) {
            if (EntityAuth.isDaExempt(handle, state())) {
                return TpmRc.BAD_AUTH;
            }
        } else {
            AuthSession session = session(i);
            if (session.isLockoutBound()) {
                handle = TpmHandles.RH_LOCKOUT;
            }
            if (!session.isDaBound() && (EntityAuth.isDaExempt(handle, state()) || !includeAuth[i])) {
                return TpmRc.BAD_AUTH;
            }
        }
        return DictionaryAttack.registerFailure(handle, context);
    }

    /**
     * ComputeCommandHMAC: HMAC(sessionKey || authValue if included, cpHash || nonceCaller ||
     * nonceTPM || [nonceTPM of the decrypt and encrypt sessions, in the first authorization
     * session only] || sessionAttributes). With an empty key and an empty presented HMAC the
     * expected HMAC is empty too.
     */
    private byte[] commandHmac(int i) {
        SessionEntry entry = entries.get(i);
        AuthSession session = session(i);
        byte[] key = hmacKey(i, session);
        if (key.length == 0 && entry.hmac().length == 0) {
            return new byte[0];
        }
        byte[] nonceDecrypt = new byte[0];
        byte[] nonceEncrypt = new byte[0];
        if (i == 0 && associated[0] != TpmHandles.RH_UNASSIGNED) {
            if (decryptIndex >= 0 && decryptIndex != 0) {
                nonceDecrypt = session(decryptIndex).nonceTpm();
            }
            if (encryptIndex >= 0 && encryptIndex != 0 && encryptIndex != decryptIndex) {
                nonceEncrypt = session(encryptIndex).nonceTpm();
            }
        }
        return Hmacs.hmac(session.authHashAlg(), key, cpHash(session.authHashAlg()), entry.nonceCaller(),
                session.nonceTpm(), nonceDecrypt, nonceEncrypt, new byte[] {(byte) entry.attributes()});
    }

    private byte[] hmacKey(int i, AuthSession session) {
        byte[] extra = includeAuth[i] ? EntityAuth.authValue(associated[i], state()) : new byte[0];
        return ParameterEncryption.concat(session.sessionKey(), extra);
    }

    /**
     * cpHash = H(commandCode || Name of every handle || parameters as received), computed once per
     * algorithm (the reference's per-command cpHash cache). The Names change with some commands
     * (NV_Write sets TPMA_NV_WRITTEN), so a hash needed after the command (audit) must be asked for
     * before it runs, as ParseSessionBuffer and CheckCommandAudit do.
     */
    public byte[] cpHash(int hashAlg) {
        return cpHashes.computeIfAbsent(hashAlg,
                alg -> AuditDigests.cpHash(alg, shape.code(), shape.handles(), shape.parameters(), state()));
    }

    /**
     * Decrypts the first command parameter if a session has the decrypt attribute (the last step
     * of session processing). Its size field must fit the parameter area: fewer than two bytes
     * are TPM_RC_INSUFFICIENT, a larger size TPM_RC_SIZE, both with the session's number.
     */
    byte[] decryptParameters() {
        byte[] parameters = shape.parameters();
        if (decryptIndex < 0) {
            return parameters;
        }
        int number = decryptIndex + 1;
        if (parameters.length < shape.decryptSize()) {
            throw new TpmRcException(ResponseCodes.session(TpmRc.INSUFFICIENT, number));
        }
        int size = ByteBuffer.wrap(parameters, 0, 2).getShort() & 0xFFFF;
        if (size > parameters.length - 2) {
            throw new TpmRcException(ResponseCodes.session(TpmRc.SIZE, number));
        }
        AuthSession session = session(decryptIndex);
        byte[] data = Arrays.copyOfRange(parameters, 2, 2 + size);
        byte[] plain = ParameterEncryption.apply(session, extraKey(decryptIndex),
                entries.get(decryptIndex).nonceCaller(), session.nonceTpm(), data, false);
        byte[] out = parameters.clone();
        System.arraycopy(plain, 0, out, 2, size);
        return out;
    }

    /** The authValue of the authorized entity, for a session that authorizes one. */
    private byte[] extraKey(int i) {
        return associated[i] != TpmHandles.RH_UNASSIGNED ? EntityAuth.authValue(associated[i], state()) : new byte[0];
    }

    /**
     * BuildResponseSession after a successful command, first part: rolls every nonceTPM (in
     * session order), encrypts the first response parameter in place, then updates the audit
     * session (UpdateAuditSessionStatus, which extends its digest). Command audit follows (the
     * caller's), then {@link #writeResponseArea}.
     *
     * @param responseParameters the response parameters (no handle), modified in place
     */
    public void prepareResponse(byte[] responseParameters) {
        for (SessionEntry entry : entries) {
            if (!entry.isPassword()) {
                AuthSession session = state().session(entry.handle());
                session.setNonceTpm(context.random().generate(session.nonceTpm().length));
            }
        }
        if (encryptIndex >= 0 && responseParameters.length >= 2) {
            int size = ByteBuffer.wrap(responseParameters, 0, 2).getShort() & 0xFFFF;
            AuthSession session = session(encryptIndex);
            byte[] data = Arrays.copyOfRange(responseParameters, 2, 2 + size);
            byte[] cipher = ParameterEncryption.apply(session, extraKey(encryptIndex), session.nonceTpm(),
                    entries.get(encryptIndex).nonceCaller(), data, true);
            System.arraycopy(cipher, 0, responseParameters, 2, size);
        }
        responseAttributes = updateAuditStatus(responseParameters);
    }

    /**
     * BuildResponseSession, second part (after {@link #prepareResponse}): one TPMS_AUTH_RESPONSE
     * per session, then sessions whose continueSession is clear are flushed.
     *
     * @param responseParameters the response parameters as sent (encrypted)
     */
    public void writeResponseArea(byte[] responseParameters, TpmWriter writer) {
        int[] attributes = responseAttributes;
        Map<Integer, byte[]> rpHashes = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            SessionEntry entry = entries.get(i).withAttributes(attributes[i]);
            if (entry.isPassword()) {
                writer.writeSized(new byte[0]).writeU8(entry.attributes() | SessionEntry.CONTINUE_SESSION)
                        .writeSized(new byte[0]);
                continue;
            }
            AuthSession session = session(i);
            byte[] hmac;
            if (session.isPolicy() && session.passwordNeeded()) {
                hmac = new byte[0];
            } else {
                byte[] rpHash = rpHashes.computeIfAbsent(session.authHashAlg(),
                        alg -> AuditDigests.rpHash(alg, shape.code(), responseParameters));
                hmac = responseHmac(i, session, rpHash, entry.attributes());
            }
            byte[] nonceTpm = session.nonceTpm();
            if (session.isPolicy() && entry.has(SessionEntry.CONTINUE_SESSION)) {
                // UpdateInternalSession: a rolling nonce starts the policy over, and a new timing interval.
                session.resetPolicy();
                session.setStartTime(state().flags().time(), state().persistent().timeEpoch());
            }
            writer.writeSized(nonceTpm).writeU8(entry.attributes()).writeSized(hmac);
            if (!entry.has(SessionEntry.CONTINUE_SESSION)) {
                state().sessions().flush(entry.handle(), state().resetData());
            }
        }
    }

    /**
     * UpdateAuditSessionStatus: the audit session becomes the exclusive one when it starts (first
     * use or auditReset) and stays so while every command is audited by it; the response reports
     * exclusivity in auditExclusive; the session's digest (started by InitAuditSession, which
     * also unbinds the session) is extended with cpHash || rpHash in its authHashAlg (Audit).
     *
     * @return the session attributes for the response
     */
    private int[] updateAuditStatus(byte[] responseParameters) {
        int[] attributes = new int[entries.size()];
        int auditSession = TpmHandles.RH_UNASSIGNED;
        for (int i = 0; i < entries.size(); i++) {
            SessionEntry entry = entries.get(i);
            attributes[i] = entry.attributes();
            if (entry.isPassword() || !entry.has(SessionEntry.AUDIT)) {
                continue;
            }
            AuthSession session = session(i);
            auditSession = entry.handle();
            int alg = session.authHashAlg();
            if (!session.isAudit() || entry.has(SessionEntry.AUDIT_RESET)) {
                session.startAudit(Hashes.digestSize(alg));
                state().sessions().setExclusiveAuditSession(auditSession);
            } else if (state().sessions().exclusiveAuditSession() != auditSession) {
                state().sessions().setExclusiveAuditSession(TpmHandles.RH_UNASSIGNED);
            }
            if (state().sessions().exclusiveAuditSession() == auditSession) {
                attributes[i] |= SessionEntry.AUDIT_EXCLUSIVE;
            } else {
                attributes[i] &= ~SessionEntry.AUDIT_EXCLUSIVE;
            }
            session.setAuditDigest(AuditDigests.extend(alg, session.auditDigest(), cpHash(alg),
                    AuditDigests.rpHash(alg, shape.code(), responseParameters)));
        }
        if (auditSession == TpmHandles.RH_UNASSIGNED) {
            state().sessions().setExclusiveAuditSession(TpmHandles.RH_UNASSIGNED);
        }
        return attributes;
    }

    /** ComputeResponseHMAC: HMAC(key, rpHash || nonceTPM || nonceCaller || sessionAttributes). */
    private byte[] responseHmac(int i, AuthSession session, byte[] rpHash, int attributes) {
        SessionEntry entry = entries.get(i);
        byte[] key = hmacKey(i, session);
        if (key.length == 0 && entry.hmac().length == 0) {
            return new byte[0];
        }
        return Hmacs.hmac(session.authHashAlg(), key, rpHash, session.nonceTpm(), entry.nonceCaller(),
                new byte[] {(byte) attributes});
    }
}
