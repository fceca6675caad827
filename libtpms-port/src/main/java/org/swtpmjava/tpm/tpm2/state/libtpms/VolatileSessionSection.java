package org.swtpmjava.tpm.tpm2.state.libtpms;

import org.swtpmjava.tpm.tpm2.command.session.SymmetricDefinition;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.CarriedSessionFields;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * SESSION_SLOT and SESSION of the volatile blob (libtpms.md §4.10 item 9). A loaded session
 * becomes the engine's {@link AuthSession}; what the engine has no field for (the other
 * attribute bits, startTime, timeout, epoch, cpHash / audit digest) rides along in
 * {@link CarriedSessionFields} and is written back. libtpms writes no future block for an empty
 * slot.
 */
final class VolatileSessionSection {
    private static final int SLOT_MAGIC = 0x3664AEBC;
    private static final int SLOT_VERSION = 2;
    private static final int SESSION_MAGIC = 0x44BE9F45;
    private static final int SESSION_VERSION = 2;
    /** sizeof(UINT32): the epoch of a build without CLOCK_STOPS. */
    private static final int EPOCH_SIZE = 4;
    /** sizeof(TPMU_HA): TPM2B_AUTH, TPM2B_NONCE, TPM2B_DIGEST. */
    private static final int MAX_DIGEST = 64;
    /** sizeof(TPMU_NAME): TPMT_HA (66 bytes) in a union with a TPM_HANDLE, so padded to 68. */
    private static final int MAX_NAME = 68;

    /** Session-attribute bits the engine models (libtpms.md §4.10). */
    private static final int IS_POLICY = 1;
    private static final int IS_AUDIT = 1 << 1;
    private static final int IS_BOUND = 1 << 2;
    private static final int IS_AUTH_VALUE_NEEDED = 1 << 4;
    private static final int IS_PASSWORD_NEEDED = 1 << 5;
    private static final int IS_TRIAL_POLICY = 1 << 7;
    private static final int IS_DA_BOUND = 1 << 8;
    private static final int IS_LOCKOUT_BOUND = 1 << 9;
    private static final int MODELED = IS_POLICY | IS_AUDIT | IS_BOUND | IS_AUTH_VALUE_NEEDED | IS_PASSWORD_NEEDED
            | IS_TRIAL_POLICY | IS_DA_BOUND | IS_LOCKOUT_BOUND;

    private VolatileSessionSection() {
    }

    /** One SESSION_SLOT: the session, or null for an empty slot. */
    static AuthSession readSlot(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(SLOT_MAGIC, SLOT_VERSION, "SESSION_SLOT");
        if (!r.bool()) {
            return null;
        }
        AuthSession session = readSession(r);
        if (version >= 2) {
            r.block(false, "SESSION_SLOT future versions");
        }
        return session;
    }

    static void writeSlot(NvMarshalWriter w, AuthSession session, int timeEpoch) {
        w.header(SLOT_VERSION, SLOT_MAGIC, 1).bool(session != null);
        if (session == null) {
            return;
        }
        writeSession(w, session, timeEpoch);
        w.emptyFutureBlock();
    }

    private static AuthSession readSession(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(SESSION_MAGIC, SESSION_VERSION, "SESSION");
        int attributes = r.u32();
        int pcrCounter = r.u32();
        long startTime = r.u64();
        long timeout = r.u64();
        int epochSize = r.u8();
        if (epochSize != EPOCH_SIZE) {
            throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "session epoch of " + epochSize + " bytes");
        }
        int epoch = r.u32();
        int commandCode = r.u32();
        int authHashAlg = r.u16();
        int commandLocality = r.u8();
        AuthSession.Symmetric symmetric = readSymDef(r);
        byte[] sessionKey = r.tpm2b(MAX_DIGEST, "sessionKey");
        byte[] nonceTpm = r.tpm2b(MAX_DIGEST, "nonceTPM");
        byte[] u1 = r.tpm2b(MAX_NAME, "boundEntity");
        byte[] u2 = r.tpm2b(MAX_DIGEST, "auditDigest");
        if (version >= 2) {
            r.block(false, "SESSION future versions");
        }
        if (!Hashes.isImplemented(authHashAlg)) {
            // libtpms does not check it; the engine cannot compute with it.
            throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, String.format("session hash 0x%04x", authHashAlg));
        }
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

    private static void writeSession(NvMarshalWriter w, AuthSession s, int timeEpoch) {
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
        w.header(SESSION_VERSION, SESSION_MAGIC, 1).u32(attributes).u32(s.pcrCounter());
        w.u64(carried == null ? 0 : carried.startTime()).u64(carried == null ? 0 : carried.timeout());
        w.u8(EPOCH_SIZE).u32(carried == null ? timeEpoch : carried.epoch());
        w.u32(s.commandCode()).u16(s.authHashAlg()).u8(s.commandLocality());
        writeSymDef(w, s.symmetric());
        w.tpm2b(s.sessionKey()).tpm2b(s.nonceTpm());
        w.tpm2b(s.isBound() ? s.boundEntity() : carried == null ? new byte[0] : carried.u1());
        // An HMAC session's audit digest is empty until the session audits (seen in 0.9.2's blobs).
        byte[] u2 = s.isPolicy() ? s.policyDigest() : carried == null ? new byte[0] : carried.u2();
        w.tpm2b(u2);
        w.emptyFutureBlock();
    }

    /**
     * TPMT_SYM_DEF with TPM_ALG_NULL allowed, checked as libtpms' unmarshaller checks it. A block
     * cipher must also be in CFB mode: StartAuthSession allows no other, and the engine's
     * parameter encryption has no other (libtpms would load such a hand-made session).
     */
    private static AuthSession.Symmetric readSymDef(NvMarshalReader r) throws LibtpmsFormatException {
        AuthSession.Symmetric symmetric = r.wire(SymmetricDefinition::read, "session symmetric");
        boolean blockCipher = symmetric.algorithm() != TpmAlgId.NULL && symmetric.algorithm() != TpmAlgId.XOR;
        if (blockCipher && symmetric.mode() != TpmAlgId.CFB) {
            throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, String.format("session mode 0x%04x", symmetric.mode()));
        }
        return symmetric;
    }

    private static void writeSymDef(NvMarshalWriter w, AuthSession.Symmetric symmetric) {
        w.u16(symmetric.algorithm());
        if (symmetric.algorithm() == TpmAlgId.XOR) {
            w.u16(symmetric.keyBits());
        } else if (symmetric.algorithm() != TpmAlgId.NULL) {
            w.u16(symmetric.keyBits()).u16(symmetric.mode());
        }
    }
}
