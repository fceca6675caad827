package org.swtpmjava.store.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * An AES key for state files ({@code --key}) or state blobs ({@code --migration-key}):
 * 16 bytes (AES-128) or 32 bytes (AES-256).
 *
 * <p>The factories take what the daemon read from {@code file=}/{@code fd=} (key) or
 * {@code pwdfile=}/{@code pwdfd=} (passphrase, read to EOF) and behave like swtpm 0.7.1
 * (swtpm-protocol.md §5.2.4); their {@link KeyMaterialException} messages are swtpm's.
 * The daemon prints them itself for the cases that are its business:
 * {@code Unable to open file <p>: <strerror>} (key file), {@code Unable to open file <p> : <strerror>}
 * (pwdfile, note the space), and for a missing source
 * {@code Either file=, fd=, pwdfile=, or pwdfd= is required for key option}.
 */
public final class StateKey {
    /** swtpm reads at most this many bytes of a key file or key fd ("0x" + 64 digits + 1). */
    public static final int MAX_KEY_FILE_READ = 67;

    private static final byte[] PBKDF2_SALT = "swtpm".getBytes(StandardCharsets.US_ASCII);
    private static final int PBKDF2_ITERATIONS = 1000;
    private static final int SHORT_PASSPHRASE = 6;

    private final byte[] key;

    private StateKey(byte[] key) {
        this.key = key;
    }

    /** A key from its raw bytes; exactly 16 or 32 bytes. */
    public static StateKey of(byte[] raw) {
        if (raw.length != 16 && raw.length != 32) {
            throw new IllegalArgumentException("AES key must be 16 or 32 bytes, got " + raw.length);
        }
        return new StateKey(raw.clone());
    }

    /** {@code file=}/{@code fd=} content in the given {@code format=}. */
    public static StateKey fromKeyFile(byte[] content, KeyFormat format, KeyMode mode) throws KeyMaterialException {
        return format == KeyFormat.HEX ? fromHexKeyFile(content, mode) : fromBinaryKeyFile(content, mode);
    }

    /** A hex key file (see {@link HexKeyText} for the exact grammar). */
    public static StateKey fromHexKeyFile(byte[] content, KeyMode mode) throws KeyMaterialException {
        return new StateKey(HexKeyText.parse(content, mode));
    }

    /**
     * A binary key file: its first {@link #MAX_KEY_FILE_READ} bytes are the key. Longer than the
     * mode's key: refused. A 16-byte key with aes-256-cbc is accepted and used as AES-128
     * (swtpm quirk). Any length other than 16 or 32 fails without a message, as in swtpm.
     */
    public static StateKey fromBinaryKeyFile(byte[] content, KeyMode mode) throws KeyMaterialException {
        int length = Math.min(content.length, MAX_KEY_FILE_READ);
        if (length > mode.keyLength()) {
            throw new KeyMaterialException("Key is larger than buffer (" + length + " > " + mode.keyLength() + ").");
        }
        if (length != 16 && length != 32) {
            throw new KeyMaterialException("");
        }
        return new StateKey(Arrays.copyOf(content, length));
    }

    /** A key derived from the whole passphrase content (including any trailing newline). */
    public static StateKey fromPassphrase(byte[] passphrase, KeyMode mode, Kdf kdf) {
        int length = mode.keyLength();
        if (kdf == Kdf.SHA512) {
            return new StateKey(Arrays.copyOf(Digests.sha512(passphrase), length));
        }
        return new StateKey(Pbkdf2HmacSha512.derive(passphrase, PBKDF2_SALT, PBKDF2_ITERATIONS, length));
    }

    /** The warning swtpm 0.8+ logs for a passphrase of at most 6 bytes (0.7.1 logs none). */
    public static Optional<String> passphraseWarning(byte[] passphrase) {
        return passphrase.length <= SHORT_PASSPHRASE
                ? Optional.of("Warning: Passphrase is only " + passphrase.length + " bytes long")
                : Optional.empty();
    }

    /** 16 or 32. */
    public int length() {
        return key.length;
    }

    public boolean isAes256() {
        return key.length == 32;
    }

    /** A copy of the key bytes. */
    public byte[] bytes() {
        return key.clone();
    }

    /** The key bytes without a copy, for this package's cipher code only. */
    byte[] rawBytes() {
        return key;
    }

    @Override
    public String toString() {
        return "StateKey[AES-" + key.length * 8 + "]";
    }
}
