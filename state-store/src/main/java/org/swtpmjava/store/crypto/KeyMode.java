package org.swtpmjava.store.crypto;

/** The {@code mode=} of {@code --key} / {@code --migration-key} (swtpm-protocol.md §1.2, §5.2.4). */
public enum KeyMode {
    AES_128_CBC(16),
    AES_256_CBC(32);

    private final int keyLength;

    KeyMode(int keyLength) {
        this.keyLength = keyLength;
    }

    /** Key length in bytes: 16 or 32. */
    public int keyLength() {
        return keyLength;
    }

    /** Parses {@code aes-cbc}, {@code aes-128-cbc} (both AES-128) or {@code aes-256-cbc}; swtpm's default is aes-128-cbc. */
    public static KeyMode parse(String text) throws KeyMaterialException {
        switch (text) {
            case "aes-cbc":
            case "aes-128-cbc":
                return AES_128_CBC;
            case "aes-256-cbc":
                return AES_256_CBC;
            default:
                throw new KeyMaterialException("Unknown encryption mode '" + text + "'.");
        }
    }
}
