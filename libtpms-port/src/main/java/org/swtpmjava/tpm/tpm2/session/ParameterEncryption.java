package org.swtpmjava.tpm.tpm2.session;

import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.crypto.Kdfa;
import org.swtpmjava.tpm.tpm2.crypto.SymmetricCfb;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * Session-based encryption of the first parameter's data (Part 1 §21; reference CryptUtil.c
 * CryptParameterEncryption/Decryption). The key is sessionKey || authValue of the authorized
 * entity (empty for a session without one). XOR: the data is XORed with KDFa(authHash, key, "XOR",
 * nonceNewer, nonceOlder, 8 * size). CFB: key and IV are KDFa(authHash, key, "CFB", nonceNewer,
 * nonceOlder, keyBits + blockBits). For a command nonceNewer is nonceCaller, for a response the
 * new nonceTPM.
 */
public final class ParameterEncryption {
    private ParameterEncryption() {
    }

    /** Transforms {@code data} (the bytes after the size field) in the direction given by the nonce order. */
    public static byte[] apply(AuthSession session, byte[] keyExtra, byte[] nonceNewer, byte[] nonceOlder,
                               byte[] data, boolean encrypt) {
        byte[] key = concat(session.sessionKey(), keyExtra);
        AuthSession.Symmetric symmetric = session.symmetric();
        if (symmetric.algorithm() == TpmAlgId.XOR) {
            if (data.length == 0) {
                return data;
            }
            byte[] mask = Kdfa.derive(session.authHashAlg(), key, "XOR", nonceNewer, nonceOlder, data.length * 8);
            byte[] out = data.clone();
            for (int i = 0; i < out.length; i++) {
                out[i] ^= mask[i];
            }
            return out;
        }
        int blockSize = SymmetricCfb.blockSize(symmetric.algorithm());
        int keyBytes = (symmetric.keyBits() + 7) / 8;
        byte[] keyAndIv = Kdfa.derive(session.authHashAlg(), key, "CFB", nonceNewer, nonceOlder,
                symmetric.keyBits() + blockSize * 8);
        byte[] cipherKey = Arrays.copyOf(keyAndIv, keyBytes);
        byte[] iv = Arrays.copyOfRange(keyAndIv, keyBytes, keyBytes + blockSize);
        return encrypt ? SymmetricCfb.encrypt(symmetric.algorithm(), cipherKey, iv, data)
                : SymmetricCfb.decrypt(symmetric.algorithm(), cipherKey, iv, data);
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }
}
