package org.swtpmjava.tpm.tpm2.command.session;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.Kdfa;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.session.EntityAuth;
import org.swtpmjava.tpm.tpm2.session.EntityName;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.LoadedSessions;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_StartAuthSession (Part 3 §11.1): starts an HMAC, policy or trial session.
 *
 * <p>tpmKey (TPMI_DH_OBJECT+) and bind (TPMI_DH_ENTITY+) are handles without authorization,
 * checked by the executor. Only unsalted sessions exist: no key can be loaded, so a tpmKey other
 * than TPM_RH_NULL has failed its load check or is a sequence object, which is no asymmetric key
 * (TPM_RC_KEY, handle 1). With tpmKey TPM_RH_NULL encryptedSalt must be
 * empty (TPM_RC_VALUE, parameter 2). nonceCaller must hold 16 bytes up to the authHash digest size
 * (TPM_RC_SIZE, parameter 1); a block cipher must be in CFB mode (TPM_RC_MODE, parameter 4).
 *
 * <p>SessionCreate: nonceTPM has nonceCaller's size and comes from the DRBG; with a bind entity
 * the session key is KDFa(authHash, authValue(bind), "ATH", nonceTPM, nonceCaller, digest bits)
 * (Part 1 §19.6.8), otherwise it is empty. Only an HMAC session is bound (it records the bind
 * value); any session bound to a DA-protected entity (TPM_RH_LOCKOUT) is subject to DA.
 */
public final class StartAuthSession implements TpmCommand<StartAuthSession.In> {
    private static final int MIN_NONCE = 16;

    /**
     * @param tpmKey        TPMI_DH_OBJECT+
     * @param bind          TPMI_DH_ENTITY+
     * @param nonceCaller   TPM2B_NONCE
     * @param encryptedSalt TPM2B_ENCRYPTED_SECRET
     * @param sessionType   TPM_SE
     * @param symmetric     TPMT_SYM_DEF+
     * @param authHash      TPMI_ALG_HASH
     */
    public record In(int tpmKey, int bind, byte[] nonceCaller, byte[] encryptedSalt, AuthSession.Type sessionType,
                     AuthSession.Symmetric symmetric, int authHash) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        var parameters = arguments.parameters();
        byte[] nonceCaller = parameters.next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        // TPM2B_ENCRYPTED_SECRET: sizeof(TPMU_ENCRYPTED_SECRET), the largest RSA key (256 bytes).
        byte[] encryptedSalt = parameters.next(reader -> reader.readSized(256));
        AuthSession.Type type = parameters.next(reader -> {
            AuthSession.Type value = AuthSession.Type.of(reader.readU8());
            if (value == null) {
                throw new TpmRcException(TpmRc.VALUE);
            }
            return value;
        });
        AuthSession.Symmetric symmetric = parameters.next(SymmetricDefinition::read);
        int authHash = parameters.next(reader -> {
            int alg = reader.readU16();
            if (!Hashes.isImplemented(alg)) {
                throw new TpmRcException(TpmRc.HASH);
            }
            return alg;
        });
        return new In(arguments.handle(0), arguments.handle(1), nonceCaller, encryptedSalt, type, symmetric, authHash);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        int digestSize = Hashes.digestSize(in.authHash());
        if (in.nonceCaller().length < MIN_NONCE || in.nonceCaller().length > digestSize) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        if (in.tpmKey() != TpmHandles.RH_NULL) {
            // Only sequence objects can be loaded yet; their type is TPM_ALG_NULL, no asymmetric key.
            throw new TpmRcException(ResponseCodes.handle(TpmRc.KEY, 1));
        }
        if (in.encryptedSalt().length != 0) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 2));
        }
        int algorithm = in.symmetric().algorithm();
        if (algorithm != TpmAlgId.XOR && algorithm != TpmAlgId.NULL && in.symmetric().mode() != TpmAlgId.CFB) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.MODE, 4));
        }
        TpmState state = context.state();
        if (state.sessions().loaded() == LoadedSessions.SLOTS) {
            throw new TpmRcException(TpmRc.SESSION_MEMORY);
        }
        byte[] nonceTpm = context.random().generate(in.nonceCaller().length);
        int bind = in.bind();
        byte[] sessionKey = new byte[0];
        if (bind != TpmHandles.RH_NULL) {
            sessionKey = Kdfa.derive(in.authHash(), EntityAuth.authValue(bind, state), "ATH", nonceTpm,
                    in.nonceCaller(), digestSize * 8);
        }
        byte[] bindValue = bind != TpmHandles.RH_NULL && in.sessionType() == AuthSession.Type.HMAC
                ? EntityName.bindValue(bind, state) : null;
        boolean daBound = bind != TpmHandles.RH_NULL && !EntityAuth.isDaExempt(bind);
        AuthSession session = new AuthSession(in.sessionType(), in.authHash(), in.symmetric(), sessionKey, bindValue,
                daBound, daBound && bind == TpmHandles.RH_LOCKOUT, nonceTpm, digestSize);
        int handle = state.sessions().create(session, state.resetData());
        return writer -> writer.writeU32(handle).writeSized(nonceTpm);
    }
}
