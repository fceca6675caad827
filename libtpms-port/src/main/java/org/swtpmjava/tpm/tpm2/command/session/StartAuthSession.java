package org.swtpmjava.tpm.tpm2.command.session;

import java.util.Arrays;
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
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;

/**
 * TPM2_StartAuthSession (Part 3 §11.1): starts an HMAC, policy or trial session.
 *
 * <p>tpmKey (TPMI_DH_OBJECT+) and bind (TPMI_DH_ENTITY+) are handles without authorization,
 * checked by the executor. A tpmKey must be a loaded RSA or ECC key (else TPM_RC_KEY, handle 1)
 * with a salt (else TPM_RC_VALUE, parameter 2) and the decrypt attribute (else TPM_RC_ATTRIBUTES,
 * handle 1); the salt is decrypted by {@link SaltDecryption}. With tpmKey TPM_RH_NULL
 * encryptedSalt must be empty (TPM_RC_VALUE, parameter 2). nonceCaller must hold 16 bytes up to
 * the authHash digest size (TPM_RC_SIZE, parameter 1); a block cipher must be in CFB mode
 * (TPM_RC_MODE, parameter 4).
 *
 * <p>SessionCreate: nonceTPM has nonceCaller's size and comes from the DRBG; with a bind entity or
 * a salt the session key is KDFa(authHash, authValue(bind) || salt, "ATH", nonceTPM, nonceCaller,
 * digest bits) (Part 1 §19.6.8), otherwise it is empty. Only an HMAC session is bound (it records
 * the bind value); any session bound to a DA-protected entity (TPM_RH_LOCKOUT, a key without noDA)
 * is subject to DA.
 */
public final class StartAuthSession implements TpmCommand<StartAuthSession.In> {
    /** sizeof(TPMU_ENCRYPTED_SECRET): MAX_RSA_KEY_BYTES of libtpms 0.9 (RSA-3072). */
    private static final int MAX_SECRET = 384;
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
        // TPM2B_ENCRYPTED_SECRET: sizeof(TPMU_ENCRYPTED_SECRET), the largest RSA key (RSA-3072: 384 bytes).
        byte[] encryptedSalt = parameters.next(reader -> reader.readSized(MAX_SECRET));
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
        byte[] salt = new byte[0];
        if (in.tpmKey() != TpmHandles.RH_NULL) {
            salt = decryptSalt(context, context.state().objects().object(in.tpmKey()), in.encryptedSalt());
        } else if (in.encryptedSalt().length != 0) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 2));
        }
        int algorithm = in.symmetric().algorithm();
        if (algorithm != TpmAlgId.XOR && algorithm != TpmAlgId.NULL && in.symmetric().mode() != TpmAlgId.CFB) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.MODE, 4));
        }
        TpmState state = context.state();
        // SessionCreate's checks come before the nonce is drawn: TPM_RC_SESSION_MEMORY, _CONTEXT_GAP, _SESSION_HANDLES
        state.sessions().checkCreate(state.resetData());
        byte[] nonceTpm = context.random().generate(in.nonceCaller().length);
        int bind = in.bind();
        byte[] sessionKey = new byte[0];
        if (bind != TpmHandles.RH_NULL || salt.length != 0) {
            // sessionKey = KDFa(authHash, authValue(bind) || salt, "ATH", nonceTPM, nonceCaller)
            byte[] authValue = EntityAuth.authValue(bind, state);
            byte[] key = Arrays.copyOf(authValue, authValue.length + salt.length);
            System.arraycopy(salt, 0, key, authValue.length, salt.length);
            sessionKey = Kdfa.derive(in.authHash(), key, "ATH", nonceTpm, in.nonceCaller(), digestSize * 8);
        }
        byte[] bindValue = bind != TpmHandles.RH_NULL && in.sessionType() == AuthSession.Type.HMAC
                ? EntityName.bindValue(bind, state) : null;
        boolean daBound = bind != TpmHandles.RH_NULL && !EntityAuth.isDaExempt(bind, state);
        AuthSession session = new AuthSession(in.sessionType(), in.authHash(), in.symmetric(), sessionKey, bindValue,
                daBound, daBound && bind == TpmHandles.RH_LOCKOUT, nonceTpm, digestSize);
        if (session.isPolicy()) {
            session.setStartTime(state.flags().time(), state.persistent().timeEpoch());
        }
        int handle = state.sessions().create(session, state.resetData());
        return writer -> writer.writeU32(handle).writeSized(nonceTpm);
    }

    /**
     * The tpmKey checks (an asymmetric key, else TPM_RC_KEY; a salt; a decryption key), then
     * CryptSecretDecrypt: a salt that does not decrypt is TPM_RC_VALUE for encryptedSalt.
     */
    private static byte[] decryptSalt(CommandContext context, LoadedObject key, byte[] encryptedSalt) {
        if (key == null || key.publicArea().type() != TpmAlgId.RSA && key.publicArea().type() != TpmAlgId.ECC) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.KEY, 1));
        }
        if (encryptedSalt.length == 0) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 2));
        }
        if (!key.has(TpmaObject.DECRYPT)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 1));
        }
        if (key.publicArea().type() == TpmAlgId.RSA) {
            context.state().selfTests().test(TpmAlgId.OAEP);
        }
        try {
            return SaltDecryption.decrypt(key, encryptedSalt);
        } catch (TpmRcException e) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 2));
        }
    }
}
