package org.swtpmjava.store;

import java.io.Closeable;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Storage of one TPM's state objects (swtpm's "NVRAM backend").
 * Implementations: the dir backend ({@code dir://}, {@code DirStateStore}) and the linear backend
 * ({@code file://}, {@code LinearFileStore}).
 * Every method reports failures as {@link StateStoreException} with swtpm's result code.
 */
public interface StateStore extends Closeable {

    /** The object's plain content (header removed, decrypted with the file key if one is set), or empty if absent. */
    Optional<byte[]> load(StateKind kind) throws StateStoreException;

    /**
     * Stores the plain content (wrapped and encrypted as swtpm does); crash-atomic in the dir
     * backend, in place (as in swtpm) in the linear one.
     */
    void store(StateKind kind, byte[] plain) throws StateStoreException;

    /** Deletes the object; absent is fine. */
    void delete(StateKind kind) throws StateStoreException;

    /** Size of the stored object including swtpm's header (what --print-states reports), or empty. */
    OptionalLong storedSize(StateKind kind) throws StateStoreException;

    /** Takes the storage lock, retrying every 10 ms {@code retries} times; no-op if held or locking is off. */
    void lock(int retries) throws StateStoreException;

    /** Releases the storage lock if held. */
    void unlock();

    /** True while this store holds its lock. */
    boolean isLocked();

    /** Releases the lock and any open resources. */
    @Override
    void close();
}
