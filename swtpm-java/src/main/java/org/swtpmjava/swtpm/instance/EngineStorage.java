package org.swtpmjava.swtpm.instance;

import java.util.Optional;

import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.StateStore;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.tpm.NvStorage;
import org.swtpmjava.tpm.StateBlobType;

/** The engine's NV callbacks served by a state store (what swtpm's tpm_nvram_* callbacks do). */
final class EngineStorage implements NvStorage {

    private final StateStore store;

    EngineStorage(StateStore store) {
        this.store = store;
    }

    static StateKind kind(StateBlobType type) {
        return switch (type) {
            case PERMANENT -> StateKind.PERMANENT;
            case VOLATILE -> StateKind.VOLATILE;
            case SAVESTATE -> StateKind.SAVESTATE;
        };
    }

    @Override
    public Optional<byte[]> load(StateBlobType type) throws NvStorageException {
        try {
            return store.load(kind(type));
        } catch (StateStoreException e) {
            throw new NvStorageException(e.result(), e.getMessage(), e);
        }
    }

    @Override
    public void store(StateBlobType type, byte[] blob) throws NvStorageException {
        try {
            store.store(kind(type), blob);
        } catch (StateStoreException e) {
            throw new NvStorageException(e.result(), e.getMessage(), e);
        }
    }

    @Override
    public void delete(StateBlobType type) throws NvStorageException {
        try {
            store.delete(kind(type));
        } catch (StateStoreException e) {
            throw new NvStorageException(e.result(), e.getMessage(), e);
        }
    }
}
