package org.swtpmjava.tpm.tpm2.state;

import java.util.Arrays;

/**
 * One loaded authorization session (the reference's SESSION, Session.c): what StartAuthSession
 * fixed (type, hash, symmetric definition, session key, binding) and what changes with every
 * use (nonceTPM and, for policy sessions, the policy digest and the assertions recorded so far).
 */
public final class AuthSession {
    /** TPM_SE (Part 2, Table 21). */
    public enum Type {
        HMAC(0x00),
        POLICY(0x01),
        TRIAL(0x03);

        private final int value;

        Type(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }

        /** The TPM_SE value's type, or null for an undefined value. */
        public static Type of(int value) {
            for (Type type : values()) {
                if (type.value == value) {
                    return type;
                }
            }
            return null;
        }
    }

    /**
     * TPMT_SYM_DEF of a session: TPM_ALG_NULL, TPM_ALG_XOR (keyBits is then a hash algorithm)
     * or a block cipher in CFB mode.
     */
    public record Symmetric(int algorithm, int keyBits, int mode) {
    }

    private final Type type;
    private final int authHashAlg;
    private final Symmetric symmetric;
    private final byte[] sessionKey;
    private byte[] boundEntity;
    private final boolean daBound;
    private final boolean lockoutBound;
    private byte[] nonceTpm;
    private byte[] policyDigest;
    private int commandCode;
    private int commandLocality;
    private boolean authValueNeeded;
    private boolean passwordNeeded;
    private int pcrCounter;
    private boolean audit;
    private CarriedSessionFields carried;

    /**
     * @param boundEntity the bind value (SessionComputeBoundEntity) of an HMAC session bound to
     *                    an entity, else null
     */
    public AuthSession(Type type, int authHashAlg, Symmetric symmetric, byte[] sessionKey, byte[] boundEntity,
                       boolean daBound, boolean lockoutBound, byte[] nonceTpm, int digestSize) {
        this.type = type;
        this.authHashAlg = authHashAlg;
        this.symmetric = symmetric;
        this.sessionKey = sessionKey.clone();
        this.boundEntity = boundEntity == null ? null : boundEntity.clone();
        this.daBound = daBound;
        this.lockoutBound = lockoutBound;
        this.nonceTpm = nonceTpm.clone();
        this.policyDigest = type == Type.HMAC ? new byte[0] : new byte[digestSize];
    }

    public Type type() { return type; }
    public boolean isPolicy() { return type != Type.HMAC; }
    public boolean isTrial() { return type == Type.TRIAL; }
    public int authHashAlg() { return authHashAlg; }
    public Symmetric symmetric() { return symmetric; }
    public byte[] sessionKey() { return sessionKey.clone(); }

    /** The bind value, or null when the session is not bound (policy sessions never are). */
    public byte[] boundEntity() { return boundEntity == null ? null : boundEntity.clone(); }
    public boolean isBound() { return boundEntity != null; }

    /** Bound to a DA-protected entity (isDaBound): every use is subject to DA. */
    public boolean isDaBound() { return daBound; }
    /** Bound to TPM_RH_LOCKOUT (isLockoutBound). */
    public boolean isLockoutBound() { return lockoutBound; }

    public byte[] nonceTpm() { return nonceTpm.clone(); }
    public void setNonceTpm(byte[] value) { nonceTpm = value.clone(); }

    public byte[] policyDigest() { return policyDigest.clone(); }
    public void setPolicyDigest(byte[] value) { policyDigest = value.clone(); }

    /** The command code PolicyCommandCode fixed, 0 if none. */
    public int commandCode() { return commandCode; }
    public void setCommandCode(int value) { commandCode = value; }

    /** TPMA_LOCALITY PolicyLocality fixed, 0 if none. */
    public int commandLocality() { return commandLocality; }
    public void setCommandLocality(int value) { commandLocality = value; }

    public boolean authValueNeeded() { return authValueNeeded; }
    public void setAuthValueNeeded(boolean value) { authValueNeeded = value; }

    public boolean passwordNeeded() { return passwordNeeded; }
    public void setPasswordNeeded(boolean value) { passwordNeeded = value; }

    /** The PCR update counter PolicyPCR saw; 0 means no check (SessionPCRValueIsCurrent). */
    public int pcrCounter() { return pcrCounter; }
    public void setPcrCounter(int value) { pcrCounter = value; }

    /** The session has been used for audit (isAudit); its digest is {@link #auditDigest()}. */
    public boolean isAudit() { return audit; }
    public void setAudit(boolean value) { audit = value; }

    /**
     * An HMAC session's audit digest (libtpms' u2.auditDigest): empty until the session first
     * audits, then the digest size of authHashAlg. Kept in the carried u2, which is what the
     * volatile blob and a session context write for an HMAC session.
     */
    public byte[] auditDigest() { return carriedOrEmpty().u2(); }

    public void setAuditDigest(byte[] value) {
        CarriedSessionFields c = carriedOrEmpty();
        carried = new CarriedSessionFields(c.unmodeledAttributes(), c.startTime(), c.timeout(), c.epoch(), c.u1(),
                value);
    }

    /**
     * InitAuditSession (SessionProcess.c): isAudit set, a zero digest of authHashAlg's size, and
     * the session is no longer bound (isBound cleared; the bind value stays in u1, as the struct
     * keeps it, so it is moved to the carried u1).
     */
    public void startAudit(int digestSize) {
        audit = true;
        if (boundEntity != null) {
            CarriedSessionFields c = carriedOrEmpty();
            carried = new CarriedSessionFields(c.unmodeledAttributes(), c.startTime(), c.timeout(), c.epoch(),
                    boundEntity, c.u2());
            boundEntity = null;
        }
        setAuditDigest(new byte[digestSize]);
    }

    /** What libtpms' SESSION holds for this session beyond this model (see {@link SessionFields}), or null. */
    public CarriedSessionFields carried() { return carried; }
    public void setCarried(CarriedSessionFields value) { carried = value; }

    /**
     * SessionSetStartTime at StartAuthSession of a policy or trial session: startTime is g_time
     * and epoch g_timeEpoch (an HMAC session keeps both 0); they go into the session's context.
     */
    public void setStartTime(long gTime, int timeEpoch) {
        CarriedSessionFields c = carriedOrEmpty();
        carried = new CarriedSessionFields(c.unmodeledAttributes(), gTime, 0, timeEpoch, c.u1(), c.u2());
    }

    /**
     * The includeAuth attribute, which every authorization with the session sets in libtpms
     * (whether the entity's authValue goes into the HMAC key) and which stays in the session,
     * so a session context carries the last value.
     */
    public void setIncludeAuth(boolean value) {
        CarriedSessionFields c = carriedOrEmpty();
        int attributes = value ? c.unmodeledAttributes() | SessionFields.INCLUDE_AUTH
                : c.unmodeledAttributes() & ~SessionFields.INCLUDE_AUTH;
        carried = new CarriedSessionFields(attributes, c.startTime(), c.timeout(), c.epoch(), c.u1(), c.u2());
    }

    /** g_time when the policy started (StartAuthSession or the last rolling nonce), 0 for an HMAC session. */
    public long startTime() { return carriedOrEmpty().startTime(); }

    /** The time epoch the session started in (g_timeEpoch then). */
    public int epoch() { return carriedOrEmpty().epoch(); }

    /** The policy's timeout in g_time milliseconds (PolicySigned/Secret/Ticket expiration), 0 for none. */
    public long timeout() { return carriedOrEmpty().timeout(); }

    public void setTimeout(long value) {
        CarriedSessionFields c = carriedOrEmpty();
        carried = new CarriedSessionFields(c.unmodeledAttributes(), c.startTime(), value, c.epoch(), c.u1(), c.u2());
    }

    /**
     * A policy session's u1: the cpHash (PolicyCpHash, PolicySigned/Secret/Ticket), nameHash
     * (PolicyNameHash, PolicyDuplicationSelect) or templateHash (PolicyTemplate) the authorized
     * command must match; empty when no assertion set one. (Policy sessions are never bound, so
     * u1 never holds a bind value.)
     */
    public byte[] policyHash() { return carriedOrEmpty().u1(); }

    public void setPolicyHash(byte[] value) {
        CarriedSessionFields c = carriedOrEmpty();
        carried = new CarriedSessionFields(c.unmodeledAttributes(), c.startTime(), c.timeout(), c.epoch(), value,
                c.u2());
    }

    /**
     * A SESSION_ATTRIBUTES bit the policy commands keep ({@link SessionFields#IS_CP_HASH_DEFINED},
     * IS_PP_REQUIRED, CHECK_NV_WRITTEN, NV_WRITTEN_STATE, IS_TEMPLATE_SET).
     */
    public boolean policyFlag(int bit) { return (carriedOrEmpty().unmodeledAttributes() & bit) != 0; }

    public void setPolicyFlag(int bit, boolean value) {
        CarriedSessionFields c = carriedOrEmpty();
        int attributes = value ? c.unmodeledAttributes() | bit : c.unmodeledAttributes() & ~bit;
        carried = new CarriedSessionFields(attributes, c.startTime(), c.timeout(), c.epoch(), c.u1(), c.u2());
    }

    private CarriedSessionFields carriedOrEmpty() {
        return carried != null ? carried : new CarriedSessionFields(0, 0, 0, 0, new byte[0], new byte[0]);
    }

    /**
     * SessionResetPolicyData: back to the state right after StartAuthSession (zero digest, no
     * assertions); type, binding, keys, startTime and epoch stay.
     */
    public void resetPolicy() {
        Arrays.fill(policyDigest, (byte) 0);
        commandCode = 0;
        commandLocality = 0;
        authValueNeeded = false;
        passwordNeeded = false;
        pcrCounter = 0;
        // The other attribute bits (includeAuth, isCpHashDefined, ...), isAudit, the timeout and
        // the cpHash are cleared too; startTime and epoch stay.
        audit = false;
        if (carried != null) {
            carried = new CarriedSessionFields(0, carried.startTime(), 0, carried.epoch(), new byte[0], carried.u2());
        }
    }
}
