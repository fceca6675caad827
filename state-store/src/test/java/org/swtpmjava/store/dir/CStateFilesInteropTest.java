package org.swtpmjava.store.dir;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;
import org.swtpmjava.store.crypto.Kdf;
import org.swtpmjava.store.crypto.KeyFormat;
import org.swtpmjava.store.crypto.KeyMode;
import org.swtpmjava.store.crypto.StateKey;
import org.swtpmjava.store.format.HeaderFlags;
import org.swtpmjava.store.oracle.CState;
import org.swtpmjava.store.oracle.CSwtpm;

/**
 * State files written by the C swtpm 0.7.1 load with DirStateStore, and files written by
 * DirStateStore load in the C swtpm (swtpm-protocol.md §5.2.3-5.2.4).
 */
class CStateFilesInteropTest {
    private static final byte[] HEX_KEY_128 = "0x00112233445566778899aabbccddeeff\n".getBytes(US_ASCII);
    private static final byte[] HEX_KEY_256 =
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f".getBytes(US_ASCII);
    private static final byte[] PASSPHRASE = "correct horse battery staple\n".getBytes(US_ASCII);

    @TempDir
    Path work;

    @BeforeAll
    static void requireSwtpm() {
        CSwtpm.requireInstalled();
    }

    @Test
    void unencryptedCStateLoadsAndSizesMatch() throws Exception {
        Path dir = work.resolve("plain");
        CState.create(dir, work);
        DirStateStore store = new DirStateStore(dir, true);

        byte[] permall = store.load(StateKind.PERMANENT).orElseThrow();
        byte[] volatileState = store.load(StateKind.VOLATILE).orElseThrow();

        // header 10 + TLV header 6 (§5.2.3)
        assertThat(Files.size(store.pathOf(StateKind.PERMANENT))).isEqualTo(permall.length + 16L);
        assertThat(store.storedSize(StateKind.PERMANENT)).hasValue(permall.length + 16L);
        assertThat(Files.size(store.pathOf(StateKind.VOLATILE))).isEqualTo(volatileState.length + 16L);
        assertThat(store.load(StateKind.SAVESTATE)).isEmpty();
    }

    @Test
    void hexKey128CStateDecryptsAndWrongKeyIsDecryptError() throws Exception {
        Path dir = work.resolve("k128");
        CState.create(dir, work, "--key", "file=" + CState.file(work, "k128", HEX_KEY_128));
        StateKey key = StateKey.fromHexKeyFile(HEX_KEY_128, KeyMode.AES_128_CBC);

        assertDecryptsWithStructure(dir, key, false);
        StateKey wrong = StateKey.of(new byte[16]);
        assertThatThrownBy(() -> storeWith(dir, wrong).load(StateKind.PERMANENT))
                .isInstanceOfSatisfying(StateStoreException.class,
                        e -> assertThat(e.result()).isEqualTo(StoreResults.DECRYPT_ERROR));
        assertThatThrownBy(() -> storeWith(dir, StateKey.of(new byte[32])).load(StateKind.PERMANENT))
                .isInstanceOfSatisfying(StateStoreException.class,
                        e -> assertThat(e.result()).isEqualTo(StoreResults.BAD_KEY_PROPERTY));
        assertThatThrownBy(() -> new DirStateStore(dir, true).load(StateKind.PERMANENT))
                .isInstanceOfSatisfying(StateStoreException.class,
                        e -> assertThat(e.result()).isEqualTo(StoreResults.FAIL));
    }

    @Test
    void keyFile256CStateDecrypts() throws Exception {
        Path dir = work.resolve("k256");
        CState.create(dir, work, "--key", "file=" + CState.file(work, "k256", HEX_KEY_256) + ",mode=aes-256-cbc");
        assertDecryptsWithStructure(dir, StateKey.fromHexKeyFile(HEX_KEY_256, KeyMode.AES_256_CBC), true);
        assertThatThrownBy(() -> storeWith(dir, StateKey.of(new byte[32])).load(StateKind.VOLATILE))
                .isInstanceOfSatisfying(StateStoreException.class,
                        e -> assertThat(e.result()).isEqualTo(StoreResults.DECRYPT_ERROR));
    }

    @Test
    void binaryKey256CStateDecrypts() throws Exception {
        byte[] binaryKey = HexFormat.of().parseHex(new String(HEX_KEY_256, US_ASCII));
        Path dir = work.resolve("kbin");
        CState.create(dir, work, "--key",
                "file=" + CState.file(work, "kbin", binaryKey) + ",format=binary,mode=aes-256-cbc");
        assertDecryptsWithStructure(dir, StateKey.fromKeyFile(binaryKey, KeyFormat.BINARY, KeyMode.AES_256_CBC), true);
    }

    @Test
    void passphraseWithDefaultPbkdf2CStateDecrypts() throws Exception {
        Path dir = work.resolve("pbkdf2");
        CState.create(dir, work, "--key", "pwdfile=" + CState.file(work, "pwd", PASSPHRASE));
        assertDecryptsWithStructure(dir, StateKey.fromPassphrase(PASSPHRASE, KeyMode.AES_128_CBC, Kdf.PBKDF2), false);
    }

    @Test
    void passphraseWithSha512Aes256CStateDecrypts() throws Exception {
        Path dir = work.resolve("sha512");
        CState.create(dir, work, "--key",
                "pwdfile=" + CState.file(work, "pwd", PASSPHRASE) + ",kdf=sha512,mode=aes-256-cbc");
        assertDecryptsWithStructure(dir, StateKey.fromPassphrase(PASSPHRASE, KeyMode.AES_256_CBC, Kdf.SHA512), true);
    }

    @Test
    void emptyPassphraseMatchesC() throws Exception {
        Path dir = work.resolve("empty-pwd");
        CState.create(dir, work, "--key", "pwdfile=" + CState.file(work, "pwd", new byte[0]) + ",mode=aes-256-cbc");
        assertDecryptsWithStructure(dir, StateKey.fromPassphrase(new byte[0], KeyMode.AES_256_CBC, Kdf.PBKDF2), true);
    }

    @Test
    void hexKeyQuirksParseToTheKeySwtpmUses() throws Exception {
        // sscanf("%2hhx") accepts "+d", "-d" and "0x" as a digit pair; the C swtpm encrypts with that key.
        for (String text : new String[] {"-123456789abcdef0123456789abcdef", "+f0x456789abcdef0123456789abcdef\tjunk"}) {
            byte[] content = text.getBytes(US_ASCII);
            Path dir = work.resolve("quirk" + Math.abs(text.hashCode()));
            CState.create(dir, work, "--key", "file=" + CState.file(work, "kq", content));
            assertDecryptsWithStructure(dir, StateKey.fromHexKeyFile(content, KeyMode.AES_128_CBC), false);
        }
    }

    @Test
    void fileEncryptedByJavaLoadsInC() throws Exception {
        byte[] plainPermall = plainPermallFromC();
        for (StateKey key : new StateKey[] {
            StateKey.fromHexKeyFile(HEX_KEY_128, KeyMode.AES_128_CBC),
            StateKey.fromHexKeyFile(HEX_KEY_256, KeyMode.AES_256_CBC),
        }) {
            Path dir = Files.createDirectory(work.resolve("java-" + key.length()));
            storeWith(dir, key).store(StateKind.PERMANENT, plainPermall);
            byte[] keyFile = key.isAes256() ? HEX_KEY_256 : HEX_KEY_128;
            String mode = key.isAes256() ? "aes-256-cbc" : "aes-128-cbc";

            try (CSwtpm swtpm = CSwtpm.start(dir, work, "--key",
                    "file=" + CState.file(work, "key", keyFile) + ",mode=" + mode)) {
                swtpm.ioctlOk("-i");
                // The permanent blob is read back from our file by the C code, decrypted with its key.
                Path saved = work.resolve("saved-" + key.length());
                swtpm.ioctlOk("--save", "permanent", saved.toString());
                byte[] fromC = org.swtpmjava.store.format.MigrationBlobCodec.unwrap(Files.readAllBytes(saved), 0, null,
                        null);
                assertThat(fromC).isEqualTo(plainPermall);
                swtpm.shutdown();
            }
        }
    }

    @Test
    void cRefusesJavaFileEncryptedWithAnotherKey() throws Exception {
        byte[] plainPermall = plainPermallFromC();
        Path dir = Files.createDirectory(work.resolve("other-key"));
        storeWith(dir, StateKey.of(new byte[16])).store(StateKind.PERMANENT, plainPermall);
        try (CSwtpm swtpm = CSwtpm.start(dir, work, "--key", "file=" + CState.file(work, "key", HEX_KEY_128))) {
            CSwtpm.Run init = swtpm.ioctl("-i");
            assertThat(init.exitCode()).isNotZero();
            assertThat(swtpm.stderr()).contains("Verification of HMAC failed");
        }
    }

    private byte[] plainPermallFromC() throws Exception {
        Path dir = work.resolve("source");
        if (!Files.exists(dir)) {
            CState.create(dir, work);
        }
        return new DirStateStore(dir, true).load(StateKind.PERMANENT).orElseThrow();
    }

    private static DirStateStore storeWith(Path dir, StateKey key) {
        return new DirStateStore(dir, DirStoreOptions.forTpm2().withFileKey(key));
    }

    /** Decrypts both objects and checks the file layout the C swtpm wrote (§5.2.3). */
    private static void assertDecryptsWithStructure(Path dir, StateKey key, boolean aes256) throws Exception {
        DirStateStore store = storeWith(dir, key);
        for (StateKind kind : new StateKind[] {StateKind.PERMANENT, StateKind.VOLATILE}) {
            byte[] plain = store.load(kind).orElseThrow();
            byte[] raw = Files.readAllBytes(store.pathOf(kind));
            int keyLength = aes256 ? 32 : 16;
            int ciphertext = plain.length + keyLength - plain.length % keyLength;
            // header + TLV(ciphertext) + TLV(HMAC 32) + TLV(IV: key length in 0.7.1)
            assertThat(raw).hasSize(10 + 6 + ciphertext + 6 + 32 + 6 + keyLength);
            int flags = (raw[4] & 0xff) << 8 | raw[5] & 0xff;
            assertThat(flags).isEqualTo(HeaderFlags.ENCRYPTED | (aes256 ? HeaderFlags.ENCRYPTED_256BIT_KEY : 0));
            assertThat(Arrays.copyOfRange(raw, 10, 12)).containsExactly(0, 2);
        }
    }
}
