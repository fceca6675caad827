package org.swtpmjava.swtpm;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.swtpmjava.store.StateStore;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;
import org.swtpmjava.store.crypto.StateKey;
import org.swtpmjava.store.dir.DirStateStore;
import org.swtpmjava.store.dir.DirStoreOptions;
import org.swtpmjava.store.linear.LinearFileStore;
import org.swtpmjava.store.linear.LinearStoreOptions;
import org.swtpmjava.swtpm.cli.SocketConfig;
import org.swtpmjava.swtpm.instance.StoreOpener;

/** The state store {@code --tpmstate} (or {@code TPM_PATH}) names: dir:// or file:// (linear). */
final class Stores {

    /** swtpm's text for a backend URI of an unknown scheme, reported when the store is opened. */
    static final String UNSUPPORTED_BACKEND = "SWTPM_NVRAM_Init: Unsupported backend.";

    private Stores() {
    }

    static DirStoreOptions options(SocketConfig config, StateKey fileKey) {
        DirStoreOptions o = (config.tpm2() ? DirStoreOptions.forTpm2() : DirStoreOptions.forTpm12())
                .withFileKey(fileKey);
        SocketConfig.TpmState state = config.tpmState();
        if (state != null) {
            o = o.withLocking(state.lock());
            if (state.modeExplicit()) {
                o = o.withMode(state.mode());
            }
        }
        return o;
    }

    static LinearStoreOptions linearOptions(SocketConfig.TpmState state, StateKey fileKey) {
        LinearStoreOptions o = LinearStoreOptions.defaults(state.location()).withFileKey(fileKey)
                .withLocking(state.lock());
        return state.modeExplicit() ? o.withMode(state.mode()) : o;
    }

    /**
     * Opens the configured store; {@code notices} receives what swtpm logs while preparing it
     * (the linear backend's "Formatting '…' as new linear NVRAM store").
     */
    static StateStore open(SocketConfig config, StateKey fileKey, Consumer<String> notices)
            throws StateStoreException {
        SocketConfig.TpmState state = config.tpmState();
        if (state == null) {
            throw new StateStoreException(StoreResults.FAIL,
                    "Missing tpmstate directory: use --tpmstate dir=... or TPM_PATH");
        }
        switch (state.backend()) {
            case DIR:
                return new DirStateStore(Path.of(state.dir()), options(config, fileKey));
            case FILE:
                LinearFileStore store = LinearFileStore.open(linearOptions(state, fileKey));
                if (store.formattedOnOpen()) {
                    notices.accept(store.formatNotice());
                }
                return store;
            default:
                throw new StateStoreException(StoreResults.FAIL, UNSUPPORTED_BACKEND);
        }
    }

    static StoreOpener opener(SocketConfig config, StateKey fileKey, Consumer<String> notices) {
        return () -> open(config, fileKey, notices);
    }
}
