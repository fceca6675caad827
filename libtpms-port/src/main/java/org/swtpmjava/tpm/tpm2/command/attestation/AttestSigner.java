package org.swtpmjava.tpm.tpm2.command.attestation;

import org.swtpmjava.tpm.tpm2.command.signature.SigningKey;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmtSigScheme;

/**
 * The signer of an attestation command and its scheme, checked as every command of Part 3 §18
 * begins: IsSigningObject (TPM_RC_KEY on the signHandle) then CryptSelectSignScheme (TPM_RC_SCHEME
 * on inScheme). TPM_RH_NULL signs nothing and its scheme is TPM_ALG_NULL whatever the caller asked
 * for.
 *
 * @param handle the signHandle
 * @param key    the signing key, null for TPM_RH_NULL
 * @param object the loaded object, null for TPM_RH_NULL
 * @param scheme the selected scheme
 */
record AttestSigner(int handle, SigningKey key, LoadedObject object, TpmtSigScheme scheme) {

    /**
     * @param handleNumber the signHandle's handle number, for TPM_RC_KEY
     * @param schemeNumber inScheme's parameter number, for TPM_RC_SCHEME
     */
    static AttestSigner select(CommandContext context, int signHandle, TpmtSigScheme inScheme, int handleNumber,
                               int schemeNumber) {
        if (signHandle == TpmHandles.RH_NULL) {
            return new AttestSigner(signHandle, null, null, TpmtSigScheme.NULL);
        }
        // a sequence object is no signing object either: its attributes are clear
        LoadedObject object = context.state().objects().object(signHandle);
        if (object == null || !object.has(TpmaObject.SIGN) || object.publicArea().type() == TpmAlgId.SYMCIPHER) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.KEY, handleNumber));
        }
        SigningKey key = new SigningKey(object);
        TpmtSigScheme scheme = key.selectScheme(inScheme);
        if (scheme == null) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SCHEME, schemeNumber));
        }
        return new AttestSigner(signHandle, key, object, scheme);
    }

    /** CryptIsSchemeAnonymous: ECDAA hides the signer, the qualified Names and the extra data. */
    boolean anonymous() {
        return scheme.scheme() == TpmAlgId.ECDAA;
    }
}
