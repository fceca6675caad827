package org.swtpmjava.store.dir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;
import org.swtpmjava.store.crypto.StateKey;

/** File names, modes, atomic writes and load failures of the dir backend (swtpm-protocol.md §5.1). */
class DirStateStoreTest {
    private static final byte[] DATA = new byte[] {1, 2, 3, 4, 5};

    @TempDir
    Path dir;

    @Test
    void usesSwtpmsFileNamesForTpm2AndTpm12() throws Exception {
        new DirStateStore(dir, true).store(StateKind.PERMANENT, DATA);
        new DirStateStore(dir, true).store(StateKind.VOLATILE, DATA);
        new DirStateStore(dir, false).store(StateKind.PERMANENT, DATA);
        new DirStateStore(dir, false).store(StateKind.SAVESTATE, DATA);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("tpm2-00.permall", "tpm2-00.volatilestate", "tpm-00.permall",
                            "tpm-00.savestate");
        }
        assertThat(StateFileNames.TPM2.tempFileName(StateKind.PERMANENT)).isEqualTo("TMP2-00.permall");
        assertThat(StateFileNames.TPM12.tempFileName(StateKind.VOLATILE)).isEqualTo("TMP-00.volatilestate");
    }

    @Test
    void storesLoadsSizesAndDeletes() throws Exception {
        DirStateStore store = new DirStateStore(dir, true);
        assertThat(store.load(StateKind.PERMANENT)).isEmpty();
        assertThat(store.storedSize(StateKind.PERMANENT)).isEmpty();
        store.store(StateKind.PERMANENT, DATA);
        assertThat(store.load(StateKind.PERMANENT)).hasValueSatisfying(v -> assertThat(v).isEqualTo(DATA));
        assertThat(store.storedSize(StateKind.PERMANENT)).hasValue(16 + DATA.length);
        store.store(StateKind.PERMANENT, new byte[0]);
        assertThat(store.load(StateKind.PERMANENT)).hasValueSatisfying(v -> assertThat(v).isEmpty());
        store.delete(StateKind.PERMANENT);
        store.delete(StateKind.PERMANENT);
        assertThat(store.load(StateKind.PERMANENT)).isEmpty();
    }

    @Test
    void defaultModeIs0640AndAnExplicitModeIsExact() throws Exception {
        new DirStateStore(dir, true).store(StateKind.PERMANENT, DATA);
        assertThat(mode(dir.resolve("tpm2-00.permall"))).isEqualTo("rw-r-----");

        Path other = Files.createDirectory(dir.resolve("explicit"));
        new DirStateStore(other, DirStoreOptions.forTpm2().withMode(0606)).store(StateKind.PERMANENT, DATA);
        assertThat(mode(other.resolve("tpm2-00.permall"))).as("not reduced by the umask").isEqualTo("rw----rw-");
    }

    @Test
    void loadRestoresTheExplicitModeAndOwnerWriteLikeSwtpm011() throws Exception {
        DirStateStore store = new DirStateStore(dir, DirStoreOptions.forTpm2().withMode(0600));
        store.store(StateKind.PERMANENT, DATA);
        Path file = dir.resolve("tpm2-00.permall");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        store.load(StateKind.PERMANENT);
        assertThat(mode(file)).isEqualTo("rw-------");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
        new DirStateStore(dir, true).load(StateKind.PERMANENT);
        assertThat(mode(file)).isEqualTo("rw-r-----");
    }

    @Test
    void encryptedStoreNeedsItsKeyToLoad() throws Exception {
        StateKey key = StateKey.of(new byte[32]);
        new DirStateStore(dir, DirStoreOptions.forTpm2().withFileKey(key)).store(StateKind.VOLATILE, DATA);
        assertThat(new DirStateStore(dir, DirStoreOptions.forTpm2().withFileKey(key)).load(StateKind.VOLATILE))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(DATA));
        assertResult(new DirStateStore(dir, true), StateKind.VOLATILE, StoreResults.FAIL);
        byte[] raw = new DirStateStore(dir, true).loadRaw(StateKind.VOLATILE).orElseThrow();
        assertThat(raw[5]).isEqualTo((byte) 0x09);
    }

    @Test
    void corruptAndTruncatedFilesFailWithResultCodes() throws Exception {
        DirStateStore store = new DirStateStore(dir, true);
        store.store(StateKind.PERMANENT, new byte[300]);
        Path file = store.pathOf(StateKind.PERMANENT);
        byte[] good = Files.readAllBytes(file);
        for (int length : new int[] {0, 5, 10, 200, good.length - 1}) {
            Files.write(file, Arrays.copyOf(good, length));
            assertResult(store, StateKind.PERMANENT, StoreResults.BAD_PARAMETER);
        }
        Files.write(file, good);
        Files.write(file, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        assertResult(store, StateKind.PERMANENT, StoreResults.BAD_PARAMETER);

        Files.delete(file);
        Files.createDirectory(file);
        assertResult(store, StateKind.PERMANENT, StoreResults.FAIL);
        assertThatThrownBy(() -> store.storedSize(StateKind.PERMANENT)).isInstanceOfSatisfying(
                StateStoreException.class, e -> assertThat(e.result()).isEqualTo(StoreResults.FAIL));
    }

    @Test
    void failedWriteKeepsTheOldFileAndRemovesTheTempFile() throws Exception {
        DirStateStore store = new DirStateStore(dir, true);
        store.store(StateKind.VOLATILE, DATA);
        // make the rename fail: the target becomes a non-empty directory
        Path target = store.pathOf(StateKind.VOLATILE);
        Files.delete(target);
        Files.createDirectories(target.resolve("occupied"));
        assertThatThrownBy(() -> store.store(StateKind.VOLATILE, new byte[10])).isInstanceOfSatisfying(
                StateStoreException.class, e -> assertThat(e.result()).isEqualTo(StoreResults.FAIL));
        assertThat(dir.resolve("TMP2-00.volatilestate")).doesNotExist();
        assertThat(target.resolve("occupied")).isDirectory();
    }

    @Test
    void aSymlinkPlantedAsTempFileIsNotFollowed() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "keep me");
        Files.createSymbolicLink(dir.resolve("TMP2-00.permall"), victim);
        DirStateStore store = new DirStateStore(dir, true);
        assertThatThrownBy(() -> store.store(StateKind.PERMANENT, DATA)).isInstanceOfSatisfying(
                StateStoreException.class, e -> assertThat(e.getMessage()).contains("Too many levels of symbolic links"));
        assertThat(Files.readString(victim)).isEqualTo("keep me");
        assertThat(store.load(StateKind.PERMANENT)).isEmpty();
    }

    private static void assertResult(DirStateStore store, StateKind kind, int result) {
        assertThatThrownBy(() -> store.load(kind)).isInstanceOfSatisfying(StateStoreException.class,
                e -> assertThat(e.result()).as(e.getMessage()).isEqualTo(result));
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
