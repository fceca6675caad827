package org.swtpmjava.store.crypto;

/** The {@code format=} of a key file or key fd; swtpm's default is {@link #HEX}. */
public enum KeyFormat {
    HEX,
    BINARY;

    public static KeyFormat parse(String text) throws KeyMaterialException {
        switch (text) {
            case "hex":
                return HEX;
            case "binary":
                return BINARY;
            default:
                throw new KeyMaterialException("Unknown key format '" + text + "'.");
        }
    }
}
