package org.swtpmjava.tpm.tpm2.crypto;

import java.security.SecureRandom;

/**
 * Key material from the platform's generator rather than the TPM's DRBG: libtpms 0.9 generates
 * the RSA and ECC keys of TPM2_Create (rand == NULL) with OpenSSL, whose private generator the
 * TPM's DRBG never sees; this is its counterpart.
 */
public final class OsRandom implements KeyRandom {
    private final SecureRandom random = new SecureRandom();

    @Override
    public byte[] generate(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }
}
