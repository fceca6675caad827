package org.swtpmjava.tpm.tpm2.crypto;

import java.nio.charset.StandardCharsets;

/**
 * The deterministic generator of primary objects (libtpms.md §5.2; reference DRBG_InstantiateSeeded):
 * a CTR_DRBG whose only "entropy" is the derivation function over primary seed || "Primary
 * Object Creation\0" || the template's Name || inSensitive.data. Every key, seedValue and
 * prime-test witness of a primary object is drawn from it, so the same seed and template give
 * the same object.
 */
public final class PrimaryObjectDrbg implements KeyRandom {
    /** PRIMARY_OBJECT_CREATION, with its terminating NUL (24 bytes). */
    private static final byte[] PURPOSE = "Primary Object Creation\0".getBytes(StandardCharsets.US_ASCII);

    private final CtrDrbg drbg = CtrDrbg.uninstantiated();

    public PrimaryObjectDrbg(byte[] seed, byte[] templateName, byte[] sensitiveData) {
        byte[] derived = DrbgDerivation.derive(new byte[][] {seed, PURPOSE, templateName, sensitiveData});
        drbg.instantiate(derived, null);
    }

    /** DRBG_Generate on this state. */
    @Override
    public byte[] generate(int length) {
        return drbg.generate(length);
    }

    /** DRBG_AdditionalData: the value's derivation replaces the entropy of a reseed. */
    public void additionalData(byte[] value) {
        drbg.reseed(DrbgDerivation.derive(value), null);
    }
}
