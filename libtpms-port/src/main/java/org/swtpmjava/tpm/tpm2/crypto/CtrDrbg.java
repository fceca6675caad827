package org.swtpmjava.tpm.tpm2.crypto;

import java.util.Arrays;

/**
 * The TPM's AES-256 CTR_DRBG without derivation function on the entropy path (SP800-90A §10.2.1
 * as the reference's CryptRand.c implements it: the counter V is incremented before each block).
 * The state (key, V, reseed counter) is part of ORDERLY_DATA and is persisted.
 */
public final class CtrDrbg {
    /** DRBG_SEED: key (32) followed by V (16). */
    public static final int SEED_SIZE = Aes256Block.KEY_SIZE + Aes256Block.BLOCK_SIZE;
    /** CTR_DRBG_MAX_REQUESTS_PER_RESEED. */
    public static final long MAX_REQUESTS_PER_RESEED = 1L << 20;
    /** CTR_DRBG_MAX_BYTES_PER_REQUEST. */
    public static final int MAX_BYTES_PER_REQUEST = 1 << 16;

    private final byte[] key = new byte[Aes256Block.KEY_SIZE];
    private final byte[] counter = new byte[Aes256Block.BLOCK_SIZE];
    private long reseedCounter;
    private boolean instantiated;

    private CtrDrbg() {
    }

    /** An uninstantiated DRBG (the reference's magic == 0). */
    public static CtrDrbg uninstantiated() {
        return new CtrDrbg();
    }

    /**
     * DRBG_Instantiate, in place: zero the state, then reseed with the entropy (and the
     * personalization string through the derivation function, if there is one).
     */
    public void instantiate(byte[] entropy, byte[] personalization) {
        Arrays.fill(key, (byte) 0);
        Arrays.fill(counter, (byte) 0);
        instantiated = true;
        reseed(entropy, DrbgDerivation.derive(personalization));
    }

    /** A DRBG restored from persisted state. */
    public static CtrDrbg restore(byte[] seed, long reseedCounter, boolean instantiated) {
        if (seed.length != SEED_SIZE) {
            throw new IllegalArgumentException("DRBG seed must be 48 bytes");
        }
        CtrDrbg drbg = new CtrDrbg();
        System.arraycopy(seed, 0, drbg.key, 0, drbg.key.length);
        System.arraycopy(seed, drbg.key.length, drbg.counter, 0, drbg.counter.length);
        drbg.reseedCounter = reseedCounter;
        drbg.instantiated = instantiated;
        return drbg;
    }

    public boolean isInstantiated() {
        return instantiated;
    }

    public long reseedCounter() {
        return reseedCounter;
    }

    /** key || V, as DRBG_STATE.seed. */
    public byte[] seed() {
        byte[] seed = Arrays.copyOf(key, SEED_SIZE);
        System.arraycopy(counter, 0, seed, key.length, counter.length);
        return seed;
    }

    public CtrDrbg copy() {
        return restore(seed(), reseedCounter, instantiated);
    }

    /** Takes over another DRBG's state (when a saved state is restored). */
    public void copyFrom(CtrDrbg other) {
        System.arraycopy(other.key, 0, key, 0, key.length);
        System.arraycopy(other.counter, 0, counter, 0, counter.length);
        reseedCounter = other.reseedCounter;
        instantiated = other.instantiated;
    }

    public boolean needsReseed() {
        return reseedCounter >= MAX_REQUESTS_PER_RESEED;
    }

    /** DRBG_Reseed: the 48 entropy bytes, XORed with the additional data if given, update the state. */
    public void reseed(byte[] entropy, byte[] additional) {
        requireInstantiated();
        if (entropy.length != SEED_SIZE || (additional != null && additional.length != SEED_SIZE)) {
            throw new IllegalArgumentException("reseed input must be 48 bytes");
        }
        byte[] material = entropy.clone();
        if (additional != null) {
            for (int i = 0; i < SEED_SIZE; i++) {
                material[i] ^= additional[i];
            }
        }
        update(material);
        reseedCounter = 1;
    }

    /**
     * DRBG_Generate: up to MAX_BYTES_PER_REQUEST bytes (longer requests are cut, as the
     * reference does), then a key update. The caller reseeds when {@link #needsReseed()}.
     */
    public byte[] generate(int length) {
        requireInstantiated();
        int size = Math.min(length, MAX_BYTES_PER_REQUEST);
        byte[] out = new byte[size];
        Aes256Block cipher = new Aes256Block(key);
        byte[] block = new byte[Aes256Block.BLOCK_SIZE];
        for (int offset = 0; offset < size; offset += block.length) {
            incrementCounter();
            cipher.encrypt(counter, 0, block, 0);
            System.arraycopy(block, 0, out, offset, Math.min(block.length, size - offset));
        }
        update(cipher, null);
        reseedCounter++;
        return out;
    }

    private void update(byte[] provided) {
        update(new Aes256Block(key), provided);
    }

    /** DRBG_Update: key || V := E(V+1) || E(V+2) || E(V+3), XOR provided data. */
    private void update(Aes256Block cipher, byte[] provided) {
        byte[] temp = new byte[SEED_SIZE];
        for (int offset = 0; offset < SEED_SIZE; offset += Aes256Block.BLOCK_SIZE) {
            incrementCounter();
            cipher.encrypt(counter, 0, temp, offset);
        }
        if (provided != null) {
            for (int i = 0; i < SEED_SIZE; i++) {
                temp[i] ^= provided[i];
            }
        }
        System.arraycopy(temp, 0, key, 0, key.length);
        System.arraycopy(temp, key.length, counter, 0, counter.length);
    }

    private void incrementCounter() {
        for (int i = counter.length - 1; i >= 0; i--) {
            if (++counter[i] != 0) {
                return;
            }
        }
    }

    private void requireInstantiated() {
        if (!instantiated) {
            throw new IllegalStateException("DRBG not instantiated");
        }
    }
}
