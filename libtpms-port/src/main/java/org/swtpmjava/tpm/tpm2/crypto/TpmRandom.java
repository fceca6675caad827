package org.swtpmjava.tpm.tpm2.crypto;

import org.swtpmjava.tpm.EntropySource;
import org.swtpmjava.tpm.tpm2.platform.TpmFailure;

/**
 * The TPM's random number service (the reference's CryptRand.c public interface) over the
 * persistent DRBG and the platform entropy source.
 */
public final class TpmRandom implements KeyRandom {
    private final EntropySource entropy;
    private final CtrDrbg drbg;

    public TpmRandom(EntropySource entropy, CtrDrbg drbg) {
        this.entropy = entropy;
        this.drbg = drbg;
    }

    /** CryptRandStartup: reseed a DRBG restored from NV, instantiate one that is not. */
    public void startup() {
        if (drbg.isInstantiated()) {
            drbg.reseed(freshEntropy(), null);
        } else {
            drbg.instantiate(freshEntropy(), null);
        }
    }

    /** CryptRandomGenerate: {@code length} bytes (at most 65536 per call). */
    @Override
    public byte[] generate(int length) {
        if (!drbg.isInstantiated()) {
            throw new TpmFailure(TpmFailure.FATAL_ERROR_INTERNAL, "DRBG not instantiated");
        }
        if (drbg.needsReseed()) {
            drbg.reseed(freshEntropy(), null);
        }
        return drbg.generate(length);
    }

    /** CryptRandomStir: fresh entropy, with the caller's data through the derivation function. */
    public void stir(byte[] additionalData) {
        drbg.reseed(freshEntropy(), DrbgDerivation.derive(additionalData));
    }

    private byte[] freshEntropy() {
        byte[] out = new byte[CtrDrbg.SEED_SIZE];
        try {
            entropy.fill(out);
        } catch (RuntimeException e) {
            throw new TpmFailure(TpmFailure.FATAL_ERROR_ENTROPY, "entropy source failed", e);
        }
        return out;
    }
}
