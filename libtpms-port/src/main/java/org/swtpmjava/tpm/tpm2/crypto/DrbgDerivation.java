package org.swtpmjava.tpm.tpm2.crypto;

import java.util.Arrays;

/**
 * The DRBG derivation function exactly as libtpms 0.9.2 computes it (CryptRand.c DfStart,
 * DfUpdate, DfEnd, DfCompute), which is not the SP800-90A Block_Cipher_df: there is no second
 * stage, the length fields go into the first chaining value rather than the data, and the
 * chaining XOR accumulates across the three output blocks. Primary-key derivation and
 * TPM2_StirRandom depend on these bytes, so they are reproduced, not corrected.
 */
public final class DrbgDerivation {
    /** DF_COUNT: output blocks = key words / IV words + 1 = 3 for AES-256. */
    private static final int BLOCKS = 3;
    private static final int BLOCK = Aes256Block.BLOCK_SIZE;

    private final Aes256Block cipher;
    private final byte[][] chain = new byte[BLOCKS][BLOCK];
    private final byte[] pending = new byte[BLOCK];
    private int pendingLength;

    private DrbgDerivation(int totalInputLength) {
        byte[] fixedKey = new byte[Aes256Block.KEY_SIZE];
        for (int i = 0; i < fixedKey.length; i++) {
            fixedKey[i] = (byte) i;
        }
        cipher = new Aes256Block(fixedKey);
        for (int i = 0; i < BLOCKS; i++) {
            chain[i][3] = (byte) i;
        }
        compute();
        putU32(chain[0], 0, totalInputLength);
        putU32(chain[0], 4, CtrDrbg.SEED_SIZE);
        pendingLength = 4;
    }

    /** DfBuffer: the 48-byte seed derived from one input, or null for an empty input. */
    public static byte[] derive(byte[] input) {
        if (input == null || input.length == 0) {
            return null;
        }
        return derive(new byte[][] {input});
    }

    /** DfStart/DfUpdate.../DfEnd over the concatenation of the parts. */
    public static byte[] derive(byte[][] parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        DrbgDerivation df = new DrbgDerivation(total);
        for (byte[] part : parts) {
            df.update(part);
        }
        return df.finish();
    }

    private void update(byte[] data) {
        int offset = 0;
        while (offset < data.length) {
            int take = Math.min(BLOCK - pendingLength, data.length - offset);
            System.arraycopy(data, offset, pending, pendingLength, take);
            pendingLength += take;
            offset += take;
            if (pendingLength == BLOCK) {
                compute();
            }
        }
    }

    private byte[] finish() {
        pending[pendingLength++] = (byte) 0x80;
        while (pendingLength < BLOCK) {
            pending[pendingLength++] = 0;
        }
        compute();
        byte[] seed = new byte[BLOCKS * BLOCK];
        for (int i = 0; i < BLOCKS; i++) {
            System.arraycopy(chain[i], 0, seed, i * BLOCK, BLOCK);
        }
        return seed;
    }

    /** DfCompute: one pass of the pending block through all chains (temp is shared, see above). */
    private void compute() {
        byte[] temp = new byte[BLOCK];
        for (byte[] value : chain) {
            for (int i = 0; i < BLOCK; i++) {
                temp[i] ^= (byte) (value[i] ^ pending[i]);
            }
            cipher.encrypt(temp, 0, value, 0);
        }
        Arrays.fill(pending, (byte) 0);
        pendingLength = 0;
    }

    private static void putU32(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >>> 24);
        target[offset + 1] = (byte) (value >>> 16);
        target[offset + 2] = (byte) (value >>> 8);
        target[offset + 3] = (byte) value;
    }
}
