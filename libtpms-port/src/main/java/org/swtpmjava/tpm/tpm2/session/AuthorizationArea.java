package org.swtpmjava.tpm.tpm2.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.AuthRole;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * Parses and checks the authorization area of a TPM_ST_SESSIONS command in the reference's order
 * (SessionProcess.c RetrieveSessionData, then ParseSessionBuffer): every session is read and
 * checked on its own (password rules; HMAC and policy sessions must be loaded, of the handle's
 * type, used once, and at most one each may decrypt, encrypt or audit), then each handle that
 * needs authorization gets the session at its position, then each session is authorized and
 * finally the first parameter is decrypted. Codes carry the session number (TPM_RC_S + n).
 */
public final class AuthorizationArea {
    /** MAX_SESSION_NUM. */
    public static final int MAX_SESSIONS = 3;
    private static final int PASSWORD_FORBIDDEN = SessionEntry.ENCRYPT | SessionEntry.DECRYPT | SessionEntry.AUDIT
            | SessionEntry.AUDIT_EXCLUSIVE | SessionEntry.AUDIT_RESET;

    private AuthorizationArea() {
    }

    /**
     * Reads every session of {@code area} (exactly authorizationSize bytes), authorizes the
     * command's handles and decrypts its first parameter.
     *
     * @return the sessions and the parameters to unmarshal (decrypted)
     */
    public static Parsed parse(TpmReader area, CommandSessions.CommandShape shape, CommandContext context) {
        Retrieved retrieved = retrieve(area, shape, context);
        List<SessionEntry> sessions = retrieved.sessions();
        int[] associated = new int[sessions.size()];
        Arrays.fill(associated, TpmHandles.RH_UNASSIGNED);
        List<AuthRole> roles = shape.roles();
        for (int i = 0; i < roles.size(); i++) {
            if (roles.get(i) != AuthRole.NONE) {
                if (i >= sessions.size()) {
                    throw new TpmRcException(TpmRc.AUTH_MISSING);
                }
                associated[i] = shape.handles()[i];
            }
        }
        CommandSessions commandSessions = new CommandSessions(sessions, associated, retrieved.decryptIndex(),
                retrieved.encryptIndex(), shape, context);
        commandSessions.authorize();
        return new Parsed(commandSessions, commandSessions.decryptParameters());
    }

    /** The result of {@link #parse}. */
    public record Parsed(CommandSessions sessions, byte[] parameters) {
    }

    private record Retrieved(List<SessionEntry> sessions, int decryptIndex, int encryptIndex) {
    }

    private static Retrieved retrieve(TpmReader area, CommandSessions.CommandShape shape, CommandContext context) {
        List<SessionEntry> sessions = new ArrayList<>();
        int decryptIndex = -1;
        int encryptIndex = -1;
        int auditIndex = -1;
        while (area.hasRemaining()) {
            int index = sessions.size();
            int number = index + 1;
            if (sessions.size() == MAX_SESSIONS) {
                throw new TpmRcException(ResponseCodes.session(TpmRc.SIZE, number));
            }
            SessionEntry session;
            try {
                session = readEntry(area);
            } catch (TpmRcException e) {
                throw new TpmRcException(ResponseCodes.session(e.responseCode(), number));
            }
            sessions.add(session);
            if (session.isPassword()) {
                if (session.has(PASSWORD_FORBIDDEN)) {
                    throw new TpmRcException(ResponseCodes.session(TpmRc.ATTRIBUTES, number));
                }
                if (session.nonceCaller().length != 0) {
                    throw new TpmRcException(ResponseCodes.session(TpmRc.NONCE, number));
                }
                continue;
            }
            AuthSession loaded = context.state().session(session.handle());
            if (loaded == null) {
                throw new TpmRcException(TpmRc.REFERENCE_S0 + index);
            }
            boolean policyHandle = TpmHandles.type(session.handle()) == TpmHandles.HT_POLICY_SESSION;
            if (loaded.isPolicy() != policyHandle) {
                throw new TpmRcException(ResponseCodes.session(TpmRc.HANDLE, number));
            }
            for (int j = 0; j < index; j++) {
                if (sessions.get(j).handle() == session.handle()) {
                    throw new TpmRcException(ResponseCodes.session(TpmRc.HANDLE, number));
                }
            }
            if (session.has(SessionEntry.DECRYPT)) {
                checkParameterSession(shape.decryptSize(), decryptIndex, loaded, number);
                decryptIndex = index;
            }
            if (session.has(SessionEntry.ENCRYPT)) {
                checkParameterSession(shape.encryptSize(), encryptIndex, loaded, number);
                encryptIndex = index;
            }
            if (session.has(SessionEntry.AUDIT)) {
                if (auditIndex >= 0 || policyHandle) {
                    throw new TpmRcException(ResponseCodes.session(TpmRc.ATTRIBUTES, number));
                }
                // Not a (re)start of the audit: auditExclusive asks that no command went unaudited.
                if (!session.has(SessionEntry.AUDIT_RESET) && loaded.isAudit() && session.has(SessionEntry.AUDIT_EXCLUSIVE)
                        && context.state().sessions().exclusiveAuditSession() != session.handle()) {
                    throw new TpmRcException(TpmRc.EXCLUSIVE);
                }
                auditIndex = index;
            }
        }
        return new Retrieved(sessions, decryptIndex, encryptIndex);
    }

    /** A command whose parameter is no sized buffer, a second such session or no cipher. */
    private static void checkParameterSession(int parameterSize, int previousIndex, AuthSession session, int number) {
        if (parameterSize == 0 || previousIndex >= 0) {
            throw new TpmRcException(ResponseCodes.session(TpmRc.ATTRIBUTES, number));
        }
        if (session.symmetric().algorithm() == TpmAlgId.NULL) {
            throw new TpmRcException(ResponseCodes.session(TpmRc.SYMMETRIC, number));
        }
    }

    private static SessionEntry readEntry(TpmReader area) {
        int handle = area.readU32();
        if (handle != TpmHandles.RS_PW && !TpmHandles.isSessionHandle(handle)) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        byte[] nonce = area.readSized(Hashes.MAX_DIGEST_SIZE);
        int attributes = area.readU8();
        if ((attributes & SessionEntry.RESERVED) != 0) {
            throw new TpmRcException(TpmRc.RESERVED_BITS);
        }
        byte[] hmac = area.readSized(Hashes.MAX_DIGEST_SIZE);
        return new SessionEntry(handle, nonce, attributes, hmac);
    }
}
