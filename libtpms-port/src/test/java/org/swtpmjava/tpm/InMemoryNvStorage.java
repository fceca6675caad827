package org.swtpmjava.tpm;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** NvStorage in memory, counting writes; can be told to fail writes. */
public final class InMemoryNvStorage implements NvStorage {
    private final Map<StateBlobType, byte[]> blobs = new EnumMap<>(StateBlobType.class);
    private final Map<StateBlobType, Integer> stores = new EnumMap<>(StateBlobType.class);
    private boolean failStores;

    @Override
    public Optional<byte[]> load(StateBlobType type) {
        byte[] blob = blobs.get(type);
        return blob == null ? Optional.empty() : Optional.of(blob.clone());
    }

    @Override
    public void store(StateBlobType type, byte[] blob) throws NvStorageException {
        if (failStores) {
            throw new NvStorageException(TpmResult.IOERROR, "disk full (test)");
        }
        blobs.put(type, blob.clone());
        stores.merge(type, 1, Integer::sum);
    }

    @Override
    public void delete(StateBlobType type) {
        blobs.remove(type);
    }

    /** How often {@code type} was stored. */
    public int storeCount(StateBlobType type) {
        return stores.getOrDefault(type, 0);
    }

    public void failStores(boolean fail) {
        failStores = fail;
    }

    /** Puts a blob directly, as a previous run would have left it. */
    public void put(StateBlobType type, byte[] blob) {
        blobs.put(type, blob.clone());
    }
}
