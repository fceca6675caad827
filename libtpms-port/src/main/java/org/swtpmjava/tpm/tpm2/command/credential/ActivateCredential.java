package org.swtpmjava.tpm.tpm2.command.credential;

import org.swtpmjava.tpm.tpm2.crypto.SecretSharing;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TransientObject;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_ActivateCredential (Part 3 §12.5): recovers the credential of a blob made by
 * TPM2_MakeCredential for the object at activateHandle (ADMIN role) with the restricted
 * decryption key at keyHandle (USER role; else TPM_RC_TYPE on handle 2). The seed is decrypted
 * with the label "IDENTITY": its codes get parameter 2 (secret), except TPM_RC_KEY, which
 * libtpms turns into TPM_RC_FAILURE, and a failed OAEP decoding, which libtpms 0.9 reports as a
 * bare TPM_RC_FAILURE; then the blob is unwrapped under activateHandle's Name (a different
 * Name or a damaged blob is TPM_RC_INTEGRITY on parameter 1, credentialBlob).
 */
public final class ActivateCredential implements TpmCommand<ActivateCredential.In> {

    /**
     * @param activateHandle TPMI_DH_OBJECT: the object the credential is for
     * @param keyHandle      TPMI_DH_OBJECT: the key that decrypts the secret
     * @param credentialBlob TPM2B_ID_OBJECT
     * @param secret         TPM2B_ENCRYPTED_SECRET
     */
    public record In(int activateHandle, int keyHandle, byte[] credentialBlob, byte[] secret) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] blob = arguments.parameters().next(reader -> reader.readSized(CredentialProtection.MAX_ID_OBJECT));
        byte[] secret = arguments.parameters().next(reader -> reader.readSized(SecretSharing.MAX_ENCRYPTED_SECRET));
        return new In(arguments.handle(0), arguments.handle(1), blob, secret);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        LoadedObject key = context.state().objects().object(in.keyHandle());
        TransientObject activate = context.state().objects().get(in.activateHandle());
        if (key == null || !CredentialProtection.canProtect(key.publicArea())) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 2));
        }
        CredentialProtection.selfTest(context, key.publicArea());
        byte[] seed;
        try {
            seed = SecretSharing.decrypt(key.publicArea(), key.sensitive(), SecretSharing.IDENTITY, in.secret());
        } catch (TpmRcException e) {
            int rc = e.responseCode() == TpmRc.KEY ? TpmRc.FAILURE : e.responseCode();
            throw new TpmRcException(ResponseCodes.parameter(rc, 2));
        }
        byte[] credential;
        try {
            credential = CredentialProtection.unwrap(in.credentialBlob(), CredentialProtection.nameOf(activate), seed,
                    key.publicArea());
        } catch (TpmRcException e) {
            throw new TpmRcException(ResponseCodes.parameter(e.responseCode(), 1));
        }
        return writer -> writer.writeSized(credential);
    }
}
