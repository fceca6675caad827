package org.swtpmjava.store.crypto;

/** The {@code kdf=} turning a passphrase into a key; swtpm's default is {@link #PBKDF2}. */
public enum Kdf {
    /** Key = the first N bytes of SHA-512(passphrase). */
    SHA512,
    /** Key = PBKDF2-HMAC-SHA512(passphrase, salt "swtpm", 1000 iterations, N bytes). */
    PBKDF2;

    public static Kdf parse(String text) throws KeyMaterialException {
        switch (text) {
            case "sha512":
                return SHA512;
            case "pbkdf2":
                return PBKDF2;
            default:
                throw new KeyMaterialException("Unknown kdf '" + text + "'.");
        }
    }
}
