package org.swtpmjava.tpm;

/**
 * Where the TPM's DRBG gets its entropy (the reference's _plat__GetEntropy). The engine asks for
 * 48 bytes at manufacture, at every Startup and at StirRandom, as libtpms does, so a fixed
 * stream gives the same random numbers as the C library fed the same stream.
 */
@FunctionalInterface
public interface EntropySource {

    /**
     * Fills the whole array. Throwing (any RuntimeException) is an entropy failure and puts the
     * TPM into failure mode.
     */
    void fill(byte[] out);
}
