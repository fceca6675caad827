package org.swtpmjava.tpm.tpm2.command.session;

import org.swtpmjava.tpm.tpm2.crypto.SecretSharing;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * CryptSecretDecrypt for a session salt (Part 1 §24, reference CryptUtil.c) with an asymmetric
 * tpmKey and the label "SECRET\0" ({@link SecretSharing}: RSA-OAEP, or ECDH and KDFe). Any
 * failure is a bare TPM_RC_VALUE the caller numbers, as StartAuthSession reports it.
 */
final class SaltDecryption {
    private SaltDecryption() {
    }

    static byte[] decrypt(LoadedObject key, byte[] encryptedSalt) {
        try {
            return SecretSharing.decrypt(key.publicArea(), key.sensitive(), SecretSharing.SECRET, encryptedSalt);
        } catch (TpmRcException | IllegalArgumentException e) {
            throw new TpmRcException(TpmRc.VALUE);
        }
    }
}
