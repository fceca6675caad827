package org.swtpmjava.tpm.tpm2.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.AuthRole;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * Parses and checks the authorization area of a TPM_ST_SESSIONS command in the reference's order
 * (SessionProcess.c RetrieveSessionData, then the consistency checks of ParseSessionBuffer).
 * Codes carry the session number (TPM_RC_S + n).
 */
public final class AuthorizationArea {
    /** MAX_SESSION_NUM. */
    public static final int MAX_SESSIONS = 3;
    private static final int PASSWORD_FORBIDDEN = SessionEntry.ENCRYPT | SessionEntry.DECRYPT | SessionEntry.AUDIT
            | SessionEntry.AUDIT_EXCLUSIVE | SessionEntry.AUDIT_RESET;

    private AuthorizationArea() {
    }

    /**
     * Reads every session of {@code area} (exactly authorizationSize bytes) and checks it against
     * the command's handle roles.
     *
     * @param handles       the command's handle values, one per role
     * @param loadedSession tells whether a session handle refers to a loaded session
     * @param authorizer    checks a session against the entity of its associated handle
     */
    public static List<SessionEntry> parse(TpmReader area, List<AuthRole> handleRoles, int[] handles,
                                           IntPredicate loadedSession, Authorizer authorizer) {
        List<SessionEntry> sessions = retrieve(area, loadedSession);
        for (int i = 0; i < handleRoles.size(); i++) {
            if (handleRoles.get(i) != AuthRole.NONE && i >= sessions.size()) {
                throw new TpmRcException(TpmRc.AUTH_MISSING);
            }
        }
        for (int i = 0; i < sessions.size(); i++) {
            boolean associated = i < handleRoles.size() && handleRoles.get(i) != AuthRole.NONE;
            SessionEntry session = sessions.get(i);
            if (session.isPassword() && !associated) {
                throw new TpmRcException(ResponseCodes.session(TpmRc.HANDLE, i + 1));
            }
            if (associated) {
                authorizer.authorize(handles[i], session, i + 1);
            }
        }
        return sessions;
    }

    /** CheckAuthSession for one session and the entity of its associated handle. */
    @FunctionalInterface
    public interface Authorizer {
        /** Throws the numbered failure code if {@code session} does not authorize {@code handle}. */
        void authorize(int handle, SessionEntry session, int sessionNumber);
    }

    private static List<SessionEntry> retrieve(TpmReader area, IntPredicate loadedSession) {
        List<SessionEntry> sessions = new ArrayList<>();
        while (area.hasRemaining()) {
            int number = sessions.size() + 1;
            if (sessions.size() == MAX_SESSIONS) {
                throw new TpmRcException(ResponseCodes.session(TpmRc.SIZE, number));
            }
            SessionEntry session;
            try {
                session = readEntry(area);
            } catch (TpmRcException e) {
                throw new TpmRcException(ResponseCodes.session(e.responseCode(), number));
            }
            if (session.isPassword()) {
                if (session.has(PASSWORD_FORBIDDEN)) {
                    throw new TpmRcException(ResponseCodes.session(TpmRc.ATTRIBUTES, number));
                }
                if (session.nonceCaller().length != 0) {
                    throw new TpmRcException(ResponseCodes.session(TpmRc.NONCE, number));
                }
            } else if (!loadedSession.test(session.handle())) {
                throw new TpmRcException(TpmRc.REFERENCE_S0 + sessions.size());
            }
            sessions.add(session);
        }
        return sessions;
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
