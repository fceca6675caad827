package org.swtpmjava.store.dir;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.swtpmjava.store.crypto.StateEncryption;
import org.swtpmjava.store.crypto.StateKey;

/**
 * Settings of a {@link DirStateStore}, from {@code --tpm2}, {@code --key} and
 * {@code --tpmstate dir=…[,mode=0ooo][,lock=b]}.
 *
 * @param tpm2 TPM 2 file names ({@code tpm2-00.*}) instead of TPM 1.2 ({@code tpm-00.*})
 * @param fileKey the state file key, empty for unencrypted files
 * @param mode an explicit {@code mode=} (exact bits), empty for the default 0640 minus umask
 * @param locking whether {@link DirStateStore#lock(int)} takes the {@code .lock} (default on)
 * @param encryption source of IVs
 * @param lockRegistry in-process claims on directories; the process-wide one unless testing
 */
public record DirStoreOptions(boolean tpm2, Optional<StateKey> fileKey, OptionalInt mode, boolean locking,
        StateEncryption encryption, DirLockRegistry lockRegistry) {

    /** swtpm's default mode of state files. */
    public static final int DEFAULT_MODE = 0640;

    public DirStoreOptions {
        Objects.requireNonNull(fileKey);
        Objects.requireNonNull(mode);
        Objects.requireNonNull(encryption);
        Objects.requireNonNull(lockRegistry);
        if (mode.isPresent() && (mode.getAsInt() < 0 || mode.getAsInt() > 0777)) {
            throw new IllegalArgumentException("mode must be within 0..0777");
        }
    }

    /** TPM 2 names, no key, default mode, locking on. */
    public static DirStoreOptions forTpm2() {
        return defaults(true);
    }

    /** TPM 1.2 names, no key, default mode, locking on. */
    public static DirStoreOptions forTpm12() {
        return defaults(false);
    }

    private static DirStoreOptions defaults(boolean tpm2) {
        return new DirStoreOptions(tpm2, Optional.empty(), OptionalInt.empty(), true, new StateEncryption(),
                DirLockRegistry.processWide());
    }

    public DirStoreOptions withFileKey(StateKey key) {
        return new DirStoreOptions(tpm2, Optional.ofNullable(key), mode, locking, encryption, lockRegistry);
    }

    public DirStoreOptions withMode(int explicitMode) {
        return new DirStoreOptions(tpm2, fileKey, OptionalInt.of(explicitMode), locking, encryption, lockRegistry);
    }

    public DirStoreOptions withLocking(boolean enabled) {
        return new DirStoreOptions(tpm2, fileKey, mode, enabled, encryption, lockRegistry);
    }

    public DirStoreOptions withEncryption(StateEncryption source) {
        return new DirStoreOptions(tpm2, fileKey, mode, locking, source, lockRegistry);
    }

    public DirStoreOptions withLockRegistry(DirLockRegistry registry) {
        return new DirStoreOptions(tpm2, fileKey, mode, locking, encryption, registry);
    }

    /** The mode bits new state files get. */
    int effectiveMode() {
        return mode.orElse(DEFAULT_MODE);
    }
}
