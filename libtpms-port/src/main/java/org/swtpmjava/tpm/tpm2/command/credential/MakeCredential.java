package org.swtpmjava.tpm.tpm2.command.credential;

import java.security.SecureRandom;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.SecretSharing;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.TransientObject;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;

/**
 * TPM2_MakeCredential (Part 3 §12.6): protects a credential for the object named objectName
 * with a loaded restricted decryption key (no authorization; TPM_RC_TYPE on handle 1 for any
 * other key). A seed is shared with the key under the label "IDENTITY" ({@link SecretSharing}:
 * for RSA from the TPM's generator, so with the same entropy the credential blob equals libtpms';
 * the OAEP padding and ECC ephemeral keys come from the platform generator, as libtpms 0.9 has
 * OpenSSL make them) and wraps the credential ({@link CredentialProtection}).
 */
public final class MakeCredential implements TpmCommand<MakeCredential.In> {
    private final SecureRandom platformRandom = new SecureRandom();

    /**
     * @param handle     TPMI_DH_OBJECT: the key that will decrypt the secret
     * @param credential TPM2B_DIGEST
     * @param objectName TPM2B_NAME
     */
    public record In(int handle, byte[] credential, byte[] objectName) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] credential = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        byte[] name = arguments.parameters().next(reader -> reader.readSized(CredentialProtection.MAX_NAME));
        return new In(arguments.handle(0), credential, name);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TransientObject object = context.state().objects().get(in.handle());
        TpmtPublic key = object == null ? null : CredentialProtection.publicArea(object);
        if (key == null || !CredentialProtection.canProtect(key)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 1));
        }
        if (in.credential().length > Hashes.digestSize(key.nameAlg())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        CredentialProtection.selfTest(context, key);
        SecretSharing.SharedSecret shared = SecretSharing.encrypt(key, SecretSharing.IDENTITY, context.random(),
                platformRandom);
        byte[] blob = CredentialProtection.wrap(in.credential(), in.objectName(), shared.seed(), key);
        return writer -> writer.writeSized(blob).writeSized(shared.encryptedSecret());
    }
}
