package org.swtpmjava.store.crypto;

/**
 * A key source (key file, key fd, passphrase, option value) that swtpm would refuse at start-up.
 *
 * <p>{@link #getMessage()} is exactly the line swtpm 0.7.1 prints to stderr for the same input,
 * without the {@code "swtpm: "} prefix and without the newline. It is empty where swtpm fails
 * without printing anything (a binary key of a length other than 16 or 32 bytes: swtpm's
 * {@code SWTPM_NVRAM_Set_FileKey} returns TPM_BAD_KEY_PROPERTY silently and the process exits 1).
 */
public final class KeyMaterialException extends Exception {

    public KeyMaterialException(String swtpmMessage) {
        super(swtpmMessage);
    }

    /** True when swtpm prints nothing for this failure (the daemon then prints nothing either). */
    public boolean isSilent() {
        return getMessage().isEmpty();
    }
}
