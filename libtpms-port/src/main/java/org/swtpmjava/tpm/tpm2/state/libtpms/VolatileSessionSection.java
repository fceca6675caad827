package org.swtpmjava.tpm.tpm2.state.libtpms;

import org.swtpmjava.tpm.tpm2.command.session.SymmetricDefinition;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.SessionFields;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * SESSION_SLOT and SESSION of the volatile blob (libtpms.md §4.10 item 9). A loaded session
 * becomes the engine's {@link AuthSession}; what the engine has no field for (the other
 * attribute bits, startTime, timeout, epoch, cpHash / audit digest) rides along in
 * {@link org.swtpmjava.tpm.tpm2.state.CarriedSessionFields} (see {@link SessionFields}) and is written back. libtpms writes no future block for an empty
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
        return new SessionFields(attributes, pcrCounter, startTime, timeout, epoch, commandCode, authHashAlg,
                commandLocality, symmetric, sessionKey, nonceTpm, u1, u2).toSession();
    }

    private static void writeSession(NvMarshalWriter w, AuthSession session, int timeEpoch) {
        SessionFields f = SessionFields.of(session, timeEpoch);
        w.header(SESSION_VERSION, SESSION_MAGIC, 1).u32(f.attributes()).u32(f.pcrCounter());
        w.u64(f.startTime()).u64(f.timeout());
        w.u8(EPOCH_SIZE).u32(f.epoch());
        w.u32(f.commandCode()).u16(f.authHashAlg()).u8(f.commandLocality());
        writeSymDef(w, f.symmetric());
        w.tpm2b(f.sessionKey()).tpm2b(f.nonceTpm()).tpm2b(f.u1()).tpm2b(f.u2());
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
