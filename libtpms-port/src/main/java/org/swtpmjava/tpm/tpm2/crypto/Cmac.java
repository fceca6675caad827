package org.swtpmjava.tpm.tpm2.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * CMAC (NIST SP 800-38B) as libtpms 0.9.2 computes it (CryptCmac.c) with AES, Camellia or TDES;
 * the block encryption is Bouncy Castle's engine. Two reasons not to use Bouncy Castle's CMac:
 * an HMAC/MAC sequence object must be storable mid-way, so the running state is explicit here
 * (the reference's tpmCmacState_t: algorithm, key size, key, the chaining block {@code iv} with
 * the pending last block XORed in, and {@code bcount}, the bytes of that block); and libtpms
 * derives the subkeys with the constant 0x87 for every block size, so for TDES's 64-bit blocks
 * its CMAC differs from SP 800-38B's (which uses 0x1B there).
 */
public final class Cmac implements MacComputation {
    /** The reduction constant libtpms XORs into a subkey whose top bit was shifted out. */
    private static final int SUBKEY_CONSTANT = 0x87;

    private final int symAlg;
    private final int keyBits;
    private final byte[] key;
    private final byte[] chain;
    private int count;

    private Cmac(int symAlg, int keyBits, byte[] key, byte[] chain, int count) {
        this.symAlg = symAlg;
        this.keyBits = keyBits;
        this.key = key.clone();
        this.chain = chain.clone();
        this.count = count;
    }

    /** CryptCmacStart: a new CMAC with a symmetric key of {@code keyBits} bits. */
    public static Cmac start(int symAlg, int keyBits, byte[] key) {
        int blockSize = SymmetricCfb.blockSize(symAlg);
        if (blockSize == 0 || key.length * 8 != keyBits) {
            throw new IllegalArgumentException("bad CMAC key");
        }
        return new Cmac(symAlg, keyBits, key, new byte[blockSize], 0);
    }

    /** A CMAC continued from {@link #chainingBlock()} and {@link #pendingBytes()}. */
    public static Cmac restore(int symAlg, int keyBits, byte[] key, byte[] chainingBlock, int pendingBytes) {
        Cmac cmac = start(symAlg, keyBits, key);
        if (chainingBlock.length != cmac.chain.length || pendingBytes < 0 || pendingBytes > chainingBlock.length) {
            throw new IllegalArgumentException("bad CMAC state");
        }
        return new Cmac(symAlg, keyBits, key, chainingBlock, pendingBytes);
    }

    @Override
    public int macAlg() {
        return TpmAlgId.CMAC;
    }

    public int symAlg() {
        return symAlg;
    }

    public int keyBits() {
        return keyBits;
    }

    public byte[] key() {
        return key.clone();
    }

    /** The chaining block with the pending (not yet encrypted) block XORed in (the reference's iv). */
    public byte[] chainingBlock() {
        return chain.clone();
    }

    /** How many bytes of the current block have been XORed in (the reference's bcount). */
    public int pendingBytes() {
        return count;
    }

    @Override
    public int macSize() {
        return chain.length;
    }

    /**
     * CryptCmacData: XORs data into the block; a full block is encrypted only when more data
     * follows, since the last block needs a subkey first.
     */
    @Override
    public void update(byte[] data) {
        BlockCipher engine = null;
        for (byte b : data) {
            if (count == chain.length) {
                if (engine == null) {
                    engine = engine();
                }
                engine.processBlock(chain, 0, chain, 0);
                count = 0;
            }
            chain[count++] ^= b;
        }
    }

    /** CryptCmacEnd: pads a partial last block, applies subkey 1 or 2 and encrypts. */
    @Override
    public byte[] finish() {
        BlockCipher engine = engine();
        byte[] subkey = new byte[chain.length];
        engine.processBlock(subkey, 0, subkey, 0);
        doubleInPlace(subkey);
        byte[] last = chain.clone();
        if (count < chain.length) {
            last[count] ^= (byte) 0x80;
            doubleInPlace(subkey);
        }
        for (int i = 0; i < last.length; i++) {
            last[i] ^= subkey[i];
        }
        engine.processBlock(last, 0, last, 0);
        Arrays.fill(chain, (byte) 0);
        count = 0;
        return last;
    }

    private BlockCipher engine() {
        BlockCipher engine = SymmetricCfb.engine(symAlg);
        engine.init(true, new KeyParameter(key));
        return engine;
    }

    /** Shift left by one bit, XOR the constant into the last byte if the top bit fell out. */
    private static void doubleInPlace(byte[] block) {
        int carry = (block[0] & 0x80) != 0 ? SUBKEY_CONSTANT : 0;
        for (int i = 0; i < block.length - 1; i++) {
            block[i] = (byte) ((block[i] << 1) | ((block[i + 1] & 0xFF) >>> 7));
        }
        block[block.length - 1] = (byte) ((block[block.length - 1] << 1) ^ carry);
    }
}
