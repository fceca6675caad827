package org.swtpmjava.store.dir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Optional;
import java.util.OptionalLong;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.StateStore;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;
import org.swtpmjava.store.crypto.StateKey;
import org.swtpmjava.store.format.StateObjectCodec;

/**
 * swtpm's {@code dir://} backend (swtpm-protocol.md §5.1): one file per state object with swtpm's
 * names and format, so directories written by the C swtpm load here and vice versa.
 */
public final class DirStateStore implements StateStore {
    /** Longest accepted directory name: swtpm wants strlen(dir) + 20 <= FILENAME_MAX (4096). */
    static final int MAX_DIR_NAME_LENGTH = 4096 - 20;
    /** Refuse to read objects beyond this size; libtpms state is a few KiB to a few hundred KiB. */
    static final long MAX_OBJECT_SIZE = 64L * 1024 * 1024;

    private final Path dir;
    private final DirStoreOptions options;
    private final StateFileNames names;
    private final StateObjectCodec codec;
    private final DirLock lock;

    public DirStateStore(Path dir, DirStoreOptions options) {
        this.dir = dir;
        this.options = options;
        this.names = StateFileNames.of(options.tpm2());
        this.codec = new StateObjectCodec(options.encryption());
        this.lock = new DirLock(dir, options.lockRegistry());
    }

    /** A store with default options and the given TPM version's names. */
    public DirStateStore(Path dir, boolean tpm2) {
        this(dir, tpm2 ? DirStoreOptions.forTpm2() : DirStoreOptions.forTpm12());
    }

    public Path directory() {
        return dir;
    }

    /** Where {@code kind} is stored, e.g. {@code <dir>/tpm2-00.permall}. */
    public Path pathOf(StateKind kind) {
        return dir.resolve(names.fileName(kind));
    }

    @Override
    public Optional<byte[]> load(StateKind kind) throws StateStoreException {
        Optional<byte[]> object = readObject(pathOf(kind));
        if (object.isEmpty()) {
            return object;
        }
        return Optional.of(StateObjectCodec.decode(object.get(), options.fileKey().orElse(null)));
    }

    /** The file's bytes as stored (header included, still encrypted), or empty if absent. */
    public Optional<byte[]> loadRaw(StateKind kind) throws StateStoreException {
        return readObject(pathOf(kind));
    }

    @Override
    public void store(StateKind kind, byte[] plain) throws StateStoreException {
        StateKey key = options.fileKey().orElse(null);
        byte[] object = codec.encode(plain, key);
        AtomicFileWriter.write(dir.resolve(names.tempFileName(kind)), pathOf(kind), object,
                options.effectiveMode(), options.mode().isPresent());
    }

    @Override
    public void delete(StateKind kind) throws StateStoreException {
        try {
            Files.deleteIfExists(pathOf(kind));
        } catch (IOException e) {
            throw new StateStoreException(StoreResults.FAIL,
                    "SWTPM_NVRAM_DeleteName: Error, (fatal) file remove failed: " + IoErrors.strerror(e), e);
        }
    }

    @Override
    public OptionalLong storedSize(StateKind kind) throws StateStoreException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(pathOf(kind), BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new StateStoreException(StoreResults.FAIL, pathOf(kind) + " is not a regular file");
            }
            return OptionalLong.of(attributes.size());
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new StateStoreException(StoreResults.FAIL,
                    "Could not stat " + pathOf(kind) + ": " + IoErrors.strerror(e), e);
        }
    }

    @Override
    public void lock(int retries) throws StateStoreException {
        if (!options.locking()) {
            return;
        }
        if (dir.toString().length() > MAX_DIR_NAME_LENGTH) {
            throw new StateStoreException(StoreResults.FAIL,
                    "SWTPM_NVRAM_Validate_Dir: Error (fatal), TPM state path name " + dir + " too large");
        }
        lock.lock(retries);
    }

    @Override
    public void unlock() {
        lock.unlock();
    }

    @Override
    public boolean isLocked() {
        return lock.isHeld();
    }

    @Override
    public void close() {
        unlock();
    }

    private Optional<byte[]> readObject(Path path) throws StateStoreException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] data = in.readNBytes((int) MAX_OBJECT_SIZE + 1);
            if (data.length > MAX_OBJECT_SIZE) {
                throw new StateStoreException(StoreResults.FAIL, path + " is larger than " + MAX_OBJECT_SIZE + " bytes");
            }
            fixModeAfterLoad(path);
            return Optional.of(data);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new StateStoreException(StoreResults.FAIL,
                    "SWTPM_NVRAM_LoadData_Dir: Error (fatal) reading " + path + ": " + describe(e), e);
        }
    }

    /**
     * swtpm 0.11 on load: with an explicit mode, correct differing bits; with the default mode,
     * make a file that lost its owner-write bit writable again (0640 | 0200).
     */
    private void fixModeAfterLoad(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        int current = FileModes.toMode(view.readAttributes().permissions());
        int wanted;
        if (options.mode().isPresent()) {
            wanted = options.mode().getAsInt();
        } else if ((current & 0200) == 0) {
            wanted = DirStoreOptions.DEFAULT_MODE | 0200;
        } else {
            return;
        }
        if (current != wanted) {
            // swtpm fchmod()s the descriptor it read through, so a symlinked state file's target changes
            view.setPermissions(FileModes.toPermissions(wanted));
        }
    }

    private static String describe(Exception e) {
        return e instanceof IOException io ? IoErrors.strerror(io) : String.valueOf(e.getMessage());
    }
}
