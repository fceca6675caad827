package org.swtpmjava.tpm.tpm2;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.swtpmjava.tpm.NvStorage;
import org.swtpmjava.tpm.StateBlobType;

/**
 * Blobs given with TPMLIB_SetState, used by the next MainInit instead of the storage callbacks.
 * An entry set to "empty" makes the next load report "not found" without asking the storage.
 */
final class StateBlobCache {
    private final Map<StateBlobType, byte[]> blobs = new EnumMap<>(StateBlobType.class);

    void put(StateBlobType type, byte[] blob) {
        blobs.put(type, blob.clone());
    }

    /** Marks the entry empty (TPMLIB_SetState with a NULL buffer). */
    void putEmpty(StateBlobType type) {
        blobs.put(type, new byte[0]);
    }

    void clear() {
        blobs.clear();
    }

    boolean contains(StateBlobType type) {
        return blobs.containsKey(type);
    }

    /** The cached blob, without consuming it. */
    Optional<byte[]> peek(StateBlobType type) {
        byte[] blob = blobs.get(type);
        return blob == null || blob.length == 0 ? Optional.empty() : Optional.of(blob.clone());
    }

    /**
     * Consumes the cached entry if there is one, else loads from storage: libtpms' load path.
     */
    Optional<byte[]> take(StateBlobType type, NvStorage storage) throws NvStorage.NvStorageException {
        if (blobs.containsKey(type)) {
            byte[] blob = blobs.remove(type);
            return blob.length == 0 ? Optional.empty() : Optional.of(blob);
        }
        return storage.load(type);
    }
}
