package org.swtpmjava.tpm.tpm2.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.StreamCipher;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CFBBlockCipher;
import org.bouncycastle.crypto.modes.OFBBlockCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * The block cipher modes of TPM2_EncryptDecrypt (Part 3 §15.2) over Bouncy Castle: CTR, OFB, CBC,
 * CFB (full-block feedback) and ECB with AES, Camellia or TDES, as libtpms 0.9.2 runs them through
 * OpenSSL's EVP interface (CryptSymmetricEncrypt / CryptSymmetricDecrypt). Besides the data, each
 * call yields the chaining value OpenSSL leaves in the cipher context, which libtpms returns as
 * ivOut so that a caller can continue the stream with a second call:
 * <ul>
 * <li>CBC: the last ciphertext block;</li>
 * <li>CFB: the last ciphertext block; after a partial block, its ciphertext bytes followed by the
 * rest of that block's key stream;</li>
 * <li>OFB: the last key stream block (also after a partial block);</li>
 * <li>CTR: the counter after the last (possibly partial) block, incremented big-endian over the
 * whole block with wrap-around;</li>
 * <li>ECB: empty.</li>
 * </ul>
 * CBC and ECB need whole blocks (the caller checks, TPM_RC_SIZE). Empty data leaves the IV as it
 * was.
 */
public final class SymmetricModes {

    /**
     * @param data    the output, as long as the input
     * @param ivOut   the chaining value to continue with (empty for ECB)
     */
    public record Output(byte[] data, byte[] ivOut) {
    }

    private SymmetricModes() {
    }

    /** Whether libtpms 0.9.2 can encrypt with this mode (CryptSymModeIsValid without NULL). */
    public static boolean isCipherMode(int mode) {
        return mode == TpmAlgId.CTR || mode == TpmAlgId.OFB || mode == TpmAlgId.CBC || mode == TpmAlgId.CFB
                || mode == TpmAlgId.ECB;
    }

    public static Output encrypt(int symAlg, byte[] key, int mode, byte[] iv, byte[] data) {
        return run(true, symAlg, key, mode, iv, data);
    }

    public static Output decrypt(int symAlg, byte[] key, int mode, byte[] iv, byte[] data) {
        return run(false, symAlg, key, mode, iv, data);
    }

    private static Output run(boolean encrypt, int symAlg, byte[] key, int mode, byte[] iv, byte[] data) {
        if (data.length == 0) {
            // CryptSymmetricEncrypt/Decrypt return before looking at the mode
            return new Output(new byte[0], iv.clone());
        }
        BlockCipher engine = SymmetricCfb.engine(symAlg);
        int blockSize = engine.getBlockSize();
        KeyParameter keyParameter = new KeyParameter(key);
        switch (mode) {
            case TpmAlgId.ECB:
                engine.init(encrypt, keyParameter);
                return new Output(blocks(engine, data), new byte[0]);
            case TpmAlgId.CBC: {
                BlockCipher cbc = CBCBlockCipher.newInstance(engine);
                cbc.init(encrypt, new ParametersWithIV(keyParameter, iv));
                byte[] out = blocks(cbc, data);
                byte[] ciphertext = encrypt ? out : data;
                return new Output(out, Arrays.copyOfRange(ciphertext, data.length - blockSize, data.length));
            }
            case TpmAlgId.CFB: {
                byte[] out = stream(CFBBlockCipher.newInstance(SymmetricCfb.engine(symAlg), blockSize * 8), encrypt,
                        keyParameter, iv, data);
                return new Output(out, cfbChainingValue(engine, keyParameter, iv, encrypt ? out : data));
            }
            case TpmAlgId.OFB: {
                byte[] out = stream(new OFBBlockCipher(SymmetricCfb.engine(symAlg), blockSize * 8), encrypt,
                        keyParameter, iv, data);
                return new Output(out, ofbChainingValue(engine, keyParameter, iv, blockCount(data, blockSize)));
            }
            case TpmAlgId.CTR: {
                byte[] out = stream(SICBlockCipher.newInstance(SymmetricCfb.engine(symAlg)), encrypt, keyParameter,
                        iv, data);
                return new Output(out, addToCounter(iv, blockCount(data, blockSize)));
            }
            default:
                throw new IllegalArgumentException(String.format("not a cipher mode: 0x%04x", mode));
        }
    }

    private static byte[] blocks(BlockCipher cipher, byte[] data) {
        int blockSize = cipher.getBlockSize();
        if (data.length % blockSize != 0) {
            throw new IllegalArgumentException("not a multiple of the block size");
        }
        byte[] out = new byte[data.length];
        for (int offset = 0; offset < data.length; offset += blockSize) {
            cipher.processBlock(data, offset, out, offset);
        }
        return out;
    }

    private static byte[] stream(StreamCipher cipher, boolean encrypt, KeyParameter key, byte[] iv, byte[] data) {
        cipher.init(encrypt, new ParametersWithIV(key, iv));
        byte[] out = new byte[data.length];
        cipher.processBytes(data, 0, data.length, out, 0);
        return out;
    }

    private static int blockCount(byte[] data, int blockSize) {
        return (data.length + blockSize - 1) / blockSize;
    }

    /**
     * CFB's feedback register after the data: the last ciphertext block, or for a partial last
     * block its ciphertext bytes over the key stream E(previous ciphertext block).
     */
    private static byte[] cfbChainingValue(BlockCipher engine, KeyParameter key, byte[] iv, byte[] ciphertext) {
        int blockSize = engine.getBlockSize();
        int partial = ciphertext.length % blockSize;
        int lastStart = ciphertext.length - (partial == 0 ? blockSize : partial);
        if (partial == 0) {
            return Arrays.copyOfRange(ciphertext, lastStart, ciphertext.length);
        }
        byte[] previous = lastStart == 0 ? iv : Arrays.copyOfRange(ciphertext, lastStart - blockSize, lastStart);
        engine.init(true, key);
        byte[] register = new byte[blockSize];
        engine.processBlock(previous, 0, register, 0);
        System.arraycopy(ciphertext, lastStart, register, 0, partial);
        return register;
    }

    /** OFB's register after {@code blocks} blocks: E applied that many times to the IV. */
    private static byte[] ofbChainingValue(BlockCipher engine, KeyParameter key, byte[] iv, int blocks) {
        engine.init(true, key);
        byte[] register = iv.clone();
        for (int i = 0; i < blocks; i++) {
            engine.processBlock(register, 0, register, 0);
        }
        return register;
    }

    /** The big-endian counter plus {@code blocks}, modulo 2^(8 * length). */
    static byte[] addToCounter(byte[] counter, int blocks) {
        byte[] out = counter.clone();
        long carry = blocks;
        for (int i = out.length - 1; i >= 0 && carry != 0; i--) {
            long sum = (out[i] & 0xFF) + carry;
            out[i] = (byte) sum;
            carry = sum >>> 8;
        }
        return out;
    }
}
