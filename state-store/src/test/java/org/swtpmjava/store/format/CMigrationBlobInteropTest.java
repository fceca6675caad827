package org.swtpmjava.store.format;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;
import org.swtpmjava.store.crypto.KeyMode;
import org.swtpmjava.store.crypto.StateEncryption;
import org.swtpmjava.store.crypto.StateKey;
import org.swtpmjava.store.dir.DirStateStore;
import org.swtpmjava.store.dir.DirStoreOptions;
import org.swtpmjava.store.oracle.CState;
import org.swtpmjava.store.oracle.CSwtpm;
import org.swtpmjava.store.oracle.CtrlClient;

/** GET/SET_STATEBLOB blobs (swtpm-protocol.md §5.3) exchanged with the C swtpm 0.7.1 in both directions. */
class CMigrationBlobInteropTest {
    private static final byte[] MIGRATION_KEY_256 =
            "f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff\n".getBytes(US_ASCII);
    private static final byte[] MIGRATION_KEY_128 = "0x0f1e2d3c4b5a69788796a5b4c3d2e1f0".getBytes(US_ASCII);
    private static final byte[] FILE_KEY_256 =
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f".getBytes(US_ASCII);
    private static final int TYPE_PERMANENT = 1;

    private final MigrationBlobCodec codec = new MigrationBlobCodec(new StateEncryption());

    @TempDir
    Path work;

    @BeforeAll
    static void requireSwtpm() {
        CSwtpm.requireInstalled();
    }

    @Test
    void cBlobWithoutKeysUnwraps() throws Exception {
        Path dir = work.resolve("plain");
        CState.create(dir, work);
        byte[] blob;
        try (CSwtpm swtpm = CSwtpm.start(dir, work, "--flags", "not-need-init")) {
            blob = save(swtpm, "permanent");
            swtpm.shutdown();
        }
        assertThat(flagsOf(blob)).isEqualTo(HeaderFlags.MIGRATION_DATA);
        assertThat(MigrationBlobCodec.unwrap(blob, 0, null, null)).isEqualTo(permallOf(dir, null));
    }

    @Test
    void cBlobWithMigrationKeyUnwrapsAndNeedsTheKey() throws Exception {
        Path dir = work.resolve("mig");
        CState.create(dir, work);
        StateKey migrationKey = StateKey.fromHexKeyFile(MIGRATION_KEY_256, KeyMode.AES_256_CBC);
        byte[] blob;
        try (CSwtpm swtpm = CSwtpm.start(dir, work, "--flags", "not-need-init", "--migration-key",
                "file=" + CState.file(work, "mig", MIGRATION_KEY_256) + ",mode=aes-256-cbc")) {
            blob = save(swtpm, "permanent");
            swtpm.shutdown();
        }
        assertThat(flagsOf(blob)).isEqualTo(0x16);
        assertThat(MigrationBlobCodec.unwrap(blob, 0, null, migrationKey)).isEqualTo(permallOf(dir, null));
        assertResult(() -> MigrationBlobCodec.unwrap(blob, 0, null, null), StoreResults.KEY_NOT_FOUND);
        assertResult(() -> MigrationBlobCodec.unwrap(blob, 0, null, StateKey.of(new byte[32])),
                StoreResults.DECRYPT_ERROR);
        assertResult(() -> MigrationBlobCodec.unwrap(blob, 0, null, StateKey.of(new byte[16])),
                StoreResults.BAD_KEY_PROPERTY);
    }

    @Test
    void cBlobWithFileKeyEncryptedInnerUnwraps() throws Exception {
        Path dir = work.resolve("both");
        String keyArg = "file=" + CState.file(work, "key", FILE_KEY_256) + ",mode=aes-256-cbc";
        CState.create(dir, work, "--key", keyArg);
        StateKey fileKey = StateKey.fromHexKeyFile(FILE_KEY_256, KeyMode.AES_256_CBC);
        StateKey migrationKey = StateKey.fromHexKeyFile(MIGRATION_KEY_256, KeyMode.AES_256_CBC);
        CtrlClient.StateBlob got;
        try (CSwtpm swtpm = CSwtpm.start(dir, work, "--flags", "not-need-init", "--key", keyArg, "--migration-key",
                "file=" + CState.file(work, "mig", MIGRATION_KEY_256) + ",mode=aes-256-cbc")) {
            got = swtpm.ctrl().getStateBlob(0, TYPE_PERMANENT); // not DECRYPTED: inner stays file-key encrypted
            swtpm.shutdown();
        }
        assertThat(got.result()).isZero();
        assertThat(got.stateFlags()).isEqualTo(MigrationBlobCodec.STATE_FLAG_ENCRYPTED);
        assertThat(flagsOf(got.data())).isEqualTo(0x1f);
        byte[] expected = permallOf(dir, fileKey);
        assertThat(MigrationBlobCodec.unwrap(got.data(), got.stateFlags(), fileKey, migrationKey)).isEqualTo(expected);
        assertResult(() -> MigrationBlobCodec.unwrap(got.data(), 0, null, migrationKey), StoreResults.KEY_NOT_FOUND);
    }

    @Test
    void javaBlobsLoadIntoC() throws Exception {
        Path source = work.resolve("source");
        CState.create(source, work);
        byte[] plain = permallOf(source, null);
        StateKey key256 = StateKey.fromHexKeyFile(MIGRATION_KEY_256, KeyMode.AES_256_CBC);
        StateKey key128 = StateKey.fromHexKeyFile(MIGRATION_KEY_128, KeyMode.AES_128_CBC);

        assertCAccepts("none", codec.wrap(plain, null, null, true).blob(), plain, null);
        assertCAccepts("m128", codec.wrap(plain, null, key128, true).blob(), plain, key128,
                "--migration-key", "file=" + CState.file(work, "m128", MIGRATION_KEY_128));
        assertCAccepts("m256", codec.wrap(plain, null, key256, false).blob(), plain, key256,
                "--migration-key", "file=" + CState.file(work, "m256", MIGRATION_KEY_256) + ",mode=aes-256-cbc");
    }

    @Test
    void javaBlobWithFileKeyEncryptedInnerLoadsIntoC() throws Exception {
        Path source = work.resolve("source");
        CState.create(source, work);
        byte[] plain = permallOf(source, null);
        StateKey fileKey = StateKey.fromHexKeyFile(FILE_KEY_256, KeyMode.AES_256_CBC);
        StateKey migrationKey = StateKey.fromHexKeyFile(MIGRATION_KEY_256, KeyMode.AES_256_CBC);
        MigrationBlobCodec.WrappedBlob wrapped = codec.wrap(plain, fileKey, migrationKey, false);
        assertThat(wrapped.stateFlags()).isEqualTo(MigrationBlobCodec.STATE_FLAG_ENCRYPTED);
        assertThat(flagsOf(wrapped.blob())).isEqualTo(0x1f);

        assertCAccepts("both", wrapped.blob(), plain, migrationKey,
                "--key", "file=" + CState.file(work, "fk", FILE_KEY_256) + ",mode=aes-256-cbc",
                "--migration-key", "file=" + CState.file(work, "mk", MIGRATION_KEY_256) + ",mode=aes-256-cbc");
    }

    @Test
    void legacyVersion1BlobLoadsIntoCAndUnwraps() throws Exception {
        Path source = work.resolve("source");
        CState.create(source, work);
        byte[] plain = permallOf(source, null);
        StateKey migrationKey = StateKey.fromHexKeyFile(MIGRATION_KEY_128, KeyMode.AES_128_CBC);
        byte[] v1 = LegacyBlobs.version1(HeaderFlags.MIGRATION_ENCRYPTED,
                StateEncryption.sealLegacy(migrationKey, plain));

        assertThat(MigrationBlobCodec.unwrap(v1, 0, null, migrationKey)).isEqualTo(plain);
        assertCAccepts("v1", v1, plain, migrationKey, "--migration-key", "file=" + CState.file(work, "v1", MIGRATION_KEY_128));
    }

    @Test
    void bareStateFileObjectIsRefusedByBothWithFail() throws Exception {
        Path source = work.resolve("source");
        CState.create(source, work);
        byte[] fileObject = Files.readAllBytes(source.resolve("tpm2-00.permall"));

        assertResult(() -> MigrationBlobCodec.unwrap(fileObject, 0, null, null), StoreResults.FAIL);
        Path dir = Files.createDirectory(work.resolve("target"));
        try (CSwtpm swtpm = CSwtpm.start(dir, work)) {
            CSwtpm.Run load = swtpm.ioctl("--load", "permanent", CState.file(work, "bare", fileObject).toString());
            assertThat(load.exitCode()).isNotZero();
            assertThat(load.stderr() + load.stdout()).contains("0x9");
        }
    }

    /**
     * --stop, --load permanent, -i into a C swtpm with {@code keyArgs}; then a new C swtpm with the
     * same keys on that directory hands the permanent state back (GET, DECRYPTED) and it must be
     * {@code expectedPlain}. {@code migrationKey} unwraps that answer (the C side re-encrypts with it).
     */
    private void assertCAccepts(String name, byte[] blob, byte[] expectedPlain, StateKey migrationKey,
            String... keyArgs) throws Exception {
        Path dir = Files.createDirectory(work.resolve("c-" + name));
        try (CSwtpm swtpm = CSwtpm.start(dir, work, keyArgs)) {
            swtpm.ioctlOk("--stop");
            swtpm.ioctlOk("--load", "permanent", CState.file(work, "blob-" + name, blob).toString());
            swtpm.ioctlOk("-i");
            swtpm.shutdown();
        }
        String[] args = new String[keyArgs.length + 2];
        args[0] = "--flags";
        args[1] = "not-need-init";
        System.arraycopy(keyArgs, 0, args, 2, keyArgs.length);
        try (CSwtpm swtpm = CSwtpm.start(dir, work, args)) {
            CtrlClient.StateBlob saved = swtpm.ctrl().getStateBlob(MigrationBlobCodec.STATE_FLAG_DECRYPTED,
                    TYPE_PERMANENT);
            swtpm.shutdown();
            assertThat(saved.result()).isZero();
            assertThat(MigrationBlobCodec.unwrap(saved.data(), saved.stateFlags(), null, migrationKey))
                    .isEqualTo(expectedPlain);
        }
    }

    private byte[] save(CSwtpm swtpm, String type) throws Exception {
        Path file = work.resolve("saved-" + type + "-" + System.nanoTime());
        swtpm.ioctlOk("--save", type, file.toString());
        return Files.readAllBytes(file);
    }

    private static byte[] permallOf(Path dir, StateKey fileKey) throws StateStoreException {
        return new DirStateStore(dir, DirStoreOptions.forTpm2().withFileKey(fileKey)).load(StateKind.PERMANENT)
                .orElseThrow();
    }

    private static int flagsOf(byte[] blob) {
        return (blob[4] & 0xff) << 8 | blob[5] & 0xff;
    }

    private static void assertResult(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int result) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StateStoreException.class,
                e -> assertThat(e.result()).as(e.getMessage()).isEqualTo(result));
    }
}
