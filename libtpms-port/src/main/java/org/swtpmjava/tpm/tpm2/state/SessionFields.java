package org.swtpmjava.tpm.tpm2.state;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;

/**
 * The fields of libtpms' SESSION struct (Global.h) as the engine's {@link AuthSession} maps onto
 * them, shared by the two places that carry a whole session: the volatile blob (SESSION section,
 * libtpms.md §4.10 item 9) and a session context (the raw struct, §4.12). What the engine does not
 * model (other attribute bits, startTime, timeout, epoch, the u1 / u2 unions when they hold a
 * cpHash or an audit digest) travels in {@link CarriedSessionFields}.
 */
public record SessionFields(int attributes, int pcrCounter, long startTime, long timeout, int epoch, int commandCode,
                            int authHashAlg, int commandLocality, AuthSession.Symmetric symmetric, byte[] sessionKey,
                            byte[] nonceTpm, byte[] u1, byte[] u2) {
    /** SESSION_ATTRIBUTES bits (libtpms 0.9, little-endian bit-field order). */
    public static final int IS_POLICY = 1;
    public static final int IS_AUDIT = 1 << 1;
    public static final int IS_BOUND = 1 << 2;
    /** isCpHashDefined: u1 holds a cpHash (PolicyCpHash, PolicySigned/Secret/Ticket with cpHashA). */
    public static final int IS_CP_HASH_DEFINED = 1 << 3;
    public static final int IS_AUTH_VALUE_NEEDED = 1 << 4;
    public static final int IS_PASSWORD_NEEDED = 1 << 5;
    /** isPPRequired: PolicyPhysicalPresence was asserted. */
    public static final int IS_PP_REQUIRED = 1 << 6;
    public static final int IS_TRIAL_POLICY = 1 << 7;
    public static final int IS_DA_BOUND = 1 << 8;
    public static final int IS_LOCKOUT_BOUND = 1 << 9;
    /** includeAuth: set by every authorization with the session (SessionProcess.c), kept in the struct. */
    public static final int INCLUDE_AUTH = 1 << 10;
    /** checkNvWritten and nvWrittenState: PolicyNvWritten's condition on TPMA_NV_WRITTEN. */
    public static final int CHECK_NV_WRITTEN = 1 << 11;
    public static final int NV_WRITTEN_STATE = 1 << 12;
    /** isTemplateSet: u1 holds a templateHash (PolicyTemplate). */
    public static final int IS_TEMPLATE_SET = 1 << 13;
    private static final int MODELED = IS_POLICY | IS_AUDIT | IS_BOUND | IS_AUTH_VALUE_NEEDED | IS_PASSWORD_NEEDED
            | IS_TRIAL_POLICY | IS_DA_BOUND | IS_LOCKOUT_BOUND;

    public SessionFields {
        sessionKey = sessionKey.clone();
        nonceTpm = nonceTpm.clone();
        u1 = u1.clone();
        u2 = u2.clone();
    }

    /**
     * The fields of {@code s}; a session without carried fields has startTime, timeout and the
     * unions' other uses 0 / empty and {@code defaultEpoch} as epoch.
     */
    public static SessionFields of(AuthSession s, int defaultEpoch) {
        CarriedSessionFields carried = s.carried();
        int attributes = carried == null ? 0 : carried.unmodeledAttributes();
        attributes |= s.isPolicy() ? IS_POLICY : 0;
        attributes |= s.isTrial() ? IS_TRIAL_POLICY : 0;
        attributes |= s.isAudit() ? IS_AUDIT : 0;
        attributes |= s.isBound() ? IS_BOUND : 0;
        attributes |= s.authValueNeeded() ? IS_AUTH_VALUE_NEEDED : 0;
        attributes |= s.passwordNeeded() ? IS_PASSWORD_NEEDED : 0;
        attributes |= s.isDaBound() ? IS_DA_BOUND : 0;
        attributes |= s.isLockoutBound() ? IS_LOCKOUT_BOUND : 0;
        byte[] u1 = s.isBound() ? s.boundEntity() : carried == null ? new byte[0] : carried.u1();
        // An HMAC session's audit digest is empty until the session audits (seen in 0.9.2's blobs).
        byte[] u2 = s.isPolicy() ? s.policyDigest() : carried == null ? new byte[0] : carried.u2();
        return new SessionFields(attributes, s.pcrCounter(), carried == null ? 0 : carried.startTime(),
                carried == null ? 0 : carried.timeout(), carried == null ? defaultEpoch : carried.epoch(),
                s.commandCode(), s.authHashAlg(), s.commandLocality(), s.symmetric(), s.sessionKey(), s.nonceTpm(),
                u1, u2);
    }

    /** The engine's session for these fields; the hash must be one the engine implements. */
    public AuthSession toSession() {
        boolean policy = (attributes & IS_POLICY) != 0;
        boolean bound = (attributes & IS_BOUND) != 0;
        AuthSession.Type type = !policy ? AuthSession.Type.HMAC
                : (attributes & IS_TRIAL_POLICY) != 0 ? AuthSession.Type.TRIAL : AuthSession.Type.POLICY;
        AuthSession session = new AuthSession(type, authHashAlg, symmetric, sessionKey, bound ? u1 : null,
                (attributes & IS_DA_BOUND) != 0, (attributes & IS_LOCKOUT_BOUND) != 0, nonceTpm,
                Hashes.digestSize(authHashAlg));
        if (policy) {
            session.setPolicyDigest(u2);
        }
        session.setCommandCode(commandCode);
        session.setCommandLocality(commandLocality);
        session.setAuthValueNeeded((attributes & IS_AUTH_VALUE_NEEDED) != 0);
        session.setPasswordNeeded((attributes & IS_PASSWORD_NEEDED) != 0);
        session.setPcrCounter(pcrCounter);
        session.setAudit((attributes & IS_AUDIT) != 0);
        session.setCarried(new CarriedSessionFields(attributes & ~MODELED, startTime, timeout, epoch,
                bound ? new byte[0] : u1, policy ? new byte[0] : u2));
        return session;
    }

    @Override
    public byte[] sessionKey() { return sessionKey.clone(); }

    @Override
    public byte[] nonceTpm() { return nonceTpm.clone(); }

    @Override
    public byte[] u1() { return u1.clone(); }

    @Override
    public byte[] u2() { return u2.clone(); }
}
