package org.swtpmjava.tpm.tpm2.state;

/**
 * The three primary seeds (PRIMARY_SEED_SIZE 64 bytes each) and libtpms' seed compatibility
 * levels, which select the key-derivation variant used with each seed.
 */
public record PrimarySeeds(byte[] endorsement, byte[] storage, byte[] platform,
                           int endorsementCompat, int storageCompat, int platformCompat) {
    /** libtpms 0.9's SEED_COMPAT_LEVEL_LAST (RSA prime adjustment fixed), given to new seeds. */
    public static final int COMPAT_LEVEL_LAST = 1;
    /** PRIMARY_SEED_SIZE, also the size of a hierarchy proof (PROOF_SIZE). */
    public static final int SIZE = 64;

    public PrimarySeeds {
        endorsement = endorsement.clone();
        storage = storage.clone();
        platform = platform.clone();
    }

    @Override
    public byte[] endorsement() {
        return endorsement.clone();
    }

    @Override
    public byte[] storage() {
        return storage.clone();
    }

    @Override
    public byte[] platform() {
        return platform.clone();
    }
}
