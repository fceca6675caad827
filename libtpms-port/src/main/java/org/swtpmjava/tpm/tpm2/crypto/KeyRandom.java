package org.swtpmjava.tpm.tpm2.crypto;

/**
 * Where object creation draws its key material (the reference's RAND_STATE argument): the
 * primary-object DRBG for CreatePrimary, the TPM's own generator (rand == NULL) for TPM2_Create.
 */
public interface KeyRandom {
    /** The next {@code length} bytes. */
    byte[] generate(int length);
}
