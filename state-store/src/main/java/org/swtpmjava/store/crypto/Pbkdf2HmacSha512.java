package org.swtpmjava.store.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * PBKDF2 (RFC 8018 §5.2) with HMAC-SHA512 over an arbitrary byte password.
 * The JDK's PBKDF2WithHmacSHA512 takes a char[] and re-encodes it, so it cannot take
 * swtpm's passphrase, which is raw file content (including any trailing newline).
 */
final class Pbkdf2HmacSha512 {
    private static final String HMAC = "HmacSHA512";
    private static final int HASH_LENGTH = 64;

    private Pbkdf2HmacSha512() {
    }

    static byte[] derive(byte[] password, byte[] salt, int iterations, int length) {
        if (iterations < 1 || length < 1) {
            throw new IllegalArgumentException("iterations and length must be positive");
        }
        Mac prf = newPrf(password);
        byte[] out = new byte[length];
        int blocks = (length + HASH_LENGTH - 1) / HASH_LENGTH;
        for (int block = 1; block <= blocks; block++) {
            byte[] t = blockValue(prf, salt, iterations, block);
            int offset = (block - 1) * HASH_LENGTH;
            System.arraycopy(t, 0, out, offset, Math.min(HASH_LENGTH, length - offset));
        }
        return out;
    }

    /** F(P, S, c, i) = U1 ^ U2 ^ ... ^ Uc with U1 = PRF(P, S || INT(i)), Uj = PRF(P, Uj-1). */
    private static byte[] blockValue(Mac prf, byte[] salt, int iterations, int block) {
        prf.update(salt);
        prf.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
        byte[] u = prf.doFinal();
        byte[] t = u.clone();
        for (int j = 2; j <= iterations; j++) {
            u = prf.doFinal(u);
            for (int k = 0; k < t.length; k++) {
                t[k] ^= u[k];
            }
        }
        return t;
    }

    private static Mac newPrf(byte[] password) {
        // SecretKeySpec refuses an empty key. HMAC zero-pads the key to the block size,
        // so the one-byte key {0} gives exactly the HMAC of the empty key.
        byte[] keyBytes = password.length == 0 ? new byte[1] : password;
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(keyBytes, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + HMAC, e);
        }
    }
}
