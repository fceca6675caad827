package org.swtpmjava.tpm.tpm2.crypto;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/** One AES-256 key schedule that encrypts single 16-byte blocks (the DRBG's DRBG_ENCRYPT). */
final class Aes256Block {
    static final int BLOCK_SIZE = 16;
    static final int KEY_SIZE = 32;

    private final BlockCipher cipher = AESEngine.newInstance();

    Aes256Block(byte[] key) {
        if (key.length != KEY_SIZE) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        }
        cipher.init(true, new KeyParameter(key));
    }

    void encrypt(byte[] in, int inOffset, byte[] out, int outOffset) {
        cipher.processBlock(in, inOffset, out, outOffset);
    }
}
