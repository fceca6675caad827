package org.swtpmjava.store.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** JDK message digests that every Java SE runtime has. */
final class Digests {
    private Digests() {
    }

    static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    static byte[] sha512(byte[] data) {
        return digest("SHA-512", data);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }
}
