package org.swtpmjava.swtpm;

import java.nio.file.Path;

import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.crypto.StateKey;
import org.swtpmjava.store.dir.DirStateStore;
import org.swtpmjava.store.dir.DirStoreOptions;
import org.swtpmjava.swtpm.cli.SocketConfig;
import org.swtpmjava.swtpm.instance.StoreOpener;

/** The state store {@code --tpmstate} (or {@code TPM_PATH}) names. */
final class Stores {

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

    static StoreOpener opener(SocketConfig config, StateKey fileKey) {
        return () -> {
            if (config.tpmState() == null) {
                throw new StateStoreException(0x09, "Missing tpmstate directory: use --tpmstate dir=... or TPM_PATH");
            }
            return new DirStateStore(Path.of(config.tpmState().dir()), options(config, fileKey));
        };
    }
}
