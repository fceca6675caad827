package org.swtpmjava.tpm.tpm2.state.codec;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.LoadedSessions;

/**
 * The loaded sessions in the volatile blob (the reference keeps its s_sessions there too,
 * libtpms.md §4.10 item 9): a section version, the exclusive audit session, then per slot
 * whether it is occupied and the session. Their handles follow from STATE_RESET_DATA's
 * contextArray, which the reset-data section carries.
 */
final class SessionStateCodec {
    /** Version of this section's layout; a reader refuses a newer one. */
    static final int VERSION = 1;
    /** sizeof(TPMT_HA) + extra: the largest bind value and session key. */
    private static final int MAX_VALUE = 128;

    private SessionStateCodec() {
    }

    static void write(TpmWriter w, LoadedSessions sessions) {
        w.writeU16(VERSION).writeU32(sessions.exclusiveAuditSession()).writeU8(LoadedSessions.SLOTS);
        for (int slot = 0; slot < LoadedSessions.SLOTS; slot++) {
            AuthSession session = sessions.slot(slot);
            w.writeBool(session != null);
            if (session != null) {
                writeSession(w, session);
            }
        }
    }

    static LoadedSessions read(TpmReader r) {
        int version = r.readU16();
        if (version > VERSION) {
            throw new IllegalArgumentException("session section version " + version + " is newer");
        }
        LoadedSessions sessions = new LoadedSessions();
        sessions.setExclusiveAuditSession(r.readU32());
        int slots = r.readU8();
        if (slots != LoadedSessions.SLOTS) {
            throw new IllegalArgumentException(slots + " session slots");
        }
        for (int slot = 0; slot < slots; slot++) {
            if (r.readBool()) {
                sessions.restoreSlot(slot, readSession(r));
            }
        }
        return sessions;
    }

    private static void writeSession(TpmWriter w, AuthSession s) {
        AuthSession.Symmetric symmetric = s.symmetric();
        w.writeU8(s.type().value()).writeU16(s.authHashAlg());
        w.writeU16(symmetric.algorithm()).writeU16(symmetric.keyBits()).writeU16(symmetric.mode());
        w.writeSized(s.sessionKey());
        w.writeBool(s.isBound());
        if (s.isBound()) {
            w.writeSized(s.boundEntity());
        }
        w.writeBool(s.isDaBound()).writeBool(s.isLockoutBound());
        w.writeSized(s.nonceTpm()).writeSized(s.policyDigest());
        w.writeU32(s.commandCode()).writeU8(s.commandLocality());
        w.writeBool(s.authValueNeeded()).writeBool(s.passwordNeeded()).writeU32(s.pcrCounter()).writeBool(s.isAudit());
    }

    private static AuthSession readSession(TpmReader r) {
        AuthSession.Type type = AuthSession.Type.of(r.readU8());
        int authHash = r.readU16();
        if (type == null || !Hashes.isImplemented(authHash)) {
            throw new IllegalArgumentException("bad session type or hash");
        }
        AuthSession.Symmetric symmetric = new AuthSession.Symmetric(r.readU16(), r.readU16(), r.readU16());
        byte[] sessionKey = r.readSized(MAX_VALUE);
        byte[] boundEntity = r.readBool() ? r.readSized(MAX_VALUE) : null;
        boolean daBound = r.readBool();
        boolean lockoutBound = r.readBool();
        byte[] nonceTpm = r.readSized(Hashes.MAX_DIGEST_SIZE);
        AuthSession session = new AuthSession(type, authHash, symmetric, sessionKey, boundEntity, daBound,
                lockoutBound, nonceTpm, Hashes.digestSize(authHash));
        session.setPolicyDigest(r.readSized(Hashes.MAX_DIGEST_SIZE));
        session.setCommandCode(r.readU32());
        session.setCommandLocality(r.readU8());
        session.setAuthValueNeeded(r.readBool());
        session.setPasswordNeeded(r.readBool());
        session.setPcrCounter(r.readU32());
        session.setAudit(r.readBool());
        return session;
    }
}
