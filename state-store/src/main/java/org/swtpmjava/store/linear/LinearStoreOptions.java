package org.swtpmjava.store.linear;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.swtpmjava.store.crypto.StateEncryption;
import org.swtpmjava.store.crypto.StateKey;

/**
 * Settings of a {@link LinearFileStore}, from {@code --key} and
 * {@code --tpmstate backend-uri=file://<path>[,mode=0ooo][,lock[=b]]}.
 *
 * @param uri the backend URI as given (swtpm names it in its messages)
 * @param fileKey the state file key, empty for unencrypted slots
 * @param mode an explicit {@code mode=} (applied with fchmod semantics), empty for 0640 minus umask at creation
 * @param locking whether {@link LinearFileStore#lock(int)} locks the file (default off for this backend, §1.2)
 * @param encryption source of IVs
 */
public record LinearStoreOptions(String uri, Optional<StateKey> fileKey, OptionalInt mode, boolean locking,
        StateEncryption encryption) {

    /** swtpm's default mode of a state file it creates. */
    public static final int DEFAULT_MODE = 0640;

    public LinearStoreOptions {
        Objects.requireNonNull(uri);
        Objects.requireNonNull(fileKey);
        Objects.requireNonNull(mode);
        Objects.requireNonNull(encryption);
        if (mode.isPresent() && (mode.getAsInt() < 0 || mode.getAsInt() > 0777)) {
            throw new IllegalArgumentException("mode must be within 0..0777");
        }
    }

    /** No key, default mode, no locking. */
    public static LinearStoreOptions defaults(String uri) {
        return new LinearStoreOptions(uri, Optional.empty(), OptionalInt.empty(), false, new StateEncryption());
    }

    public LinearStoreOptions withFileKey(StateKey key) {
        return new LinearStoreOptions(uri, Optional.ofNullable(key), mode, locking, encryption);
    }

    public LinearStoreOptions withMode(int explicitMode) {
        return new LinearStoreOptions(uri, fileKey, OptionalInt.of(explicitMode), locking, encryption);
    }

    public LinearStoreOptions withLocking(boolean enabled) {
        return new LinearStoreOptions(uri, fileKey, mode, enabled, encryption);
    }

    public LinearStoreOptions withEncryption(StateEncryption source) {
        return new LinearStoreOptions(uri, fileKey, mode, locking, source);
    }
}
