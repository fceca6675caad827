package org.swtpmjava.tpm.tpm2.crypto;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.CamelliaEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.modes.CFBBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * The symmetric block ciphers libtpms 0.9.2 compiles in (AES, Camellia, TDES) in CFB mode with
 * a feedback of one whole block and a partial last block, as parameter encryption uses them
 * (Part 1 §21.3, CryptSymmetricEncrypt with TPM_ALG_CFB).
 */
public final class SymmetricCfb {
    private SymmetricCfb() {
    }

    /** The block size in bytes of an implemented symmetric algorithm, 0 for any other. */
    public static int blockSize(int symAlg) {
        return switch (symAlg) {
            case TpmAlgId.AES, TpmAlgId.CAMELLIA -> 16;
            case TpmAlgId.TDES -> 8;
            default -> 0;
        };
    }

    public static byte[] encrypt(int symAlg, byte[] key, byte[] iv, byte[] data) {
        return run(true, symAlg, key, iv, data);
    }

    public static byte[] decrypt(int symAlg, byte[] key, byte[] iv, byte[] data) {
        return run(false, symAlg, key, iv, data);
    }

    /** A fresh Bouncy Castle engine for an implemented symmetric algorithm (TDES takes 16- or 24-byte keys). */
    public static BlockCipher engine(int symAlg) {
        return switch (symAlg) {
            case TpmAlgId.AES -> AESEngine.newInstance();
            case TpmAlgId.CAMELLIA -> new CamelliaEngine();
            case TpmAlgId.TDES -> new DESedeEngine();
            default -> throw new IllegalArgumentException(String.format("no block cipher 0x%04x", symAlg));
        };
    }

    private static byte[] run(boolean encrypt, int symAlg, byte[] key, byte[] iv, byte[] data) {
        BlockCipher engine = engine(symAlg);
        CFBBlockCipher cfb = new CFBBlockCipher(engine, engine.getBlockSize() * 8);
        cfb.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[data.length];
        cfb.processBytes(data, 0, data.length, out, 0);
        return out;
    }
}
