package org.swtpmjava.swtpm.instance;

import org.swtpmjava.store.StateStore;
import org.swtpmjava.store.StateStoreException;

/** Opens the state store when the TPM first needs it (swtpm prepares its backend lazily too). */
@FunctionalInterface
public interface StoreOpener {
    StateStore open() throws StateStoreException;
}
