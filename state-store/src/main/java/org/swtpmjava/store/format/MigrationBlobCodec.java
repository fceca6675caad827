package org.swtpmjava.store.format;

import java.util.Arrays;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;
import org.swtpmjava.store.crypto.StateEncryption;
import org.swtpmjava.store.crypto.StateKey;

/**
 * The blob format of CMD_GET_STATEBLOB / CMD_SET_STATEBLOB (swtpm-protocol.md §5.3, §2.4.12-13):
 * a header with MIGRATION_DATA, around either TLV 4 {inner} or (migration key) TLVs 5, 3, 7 with
 * the encrypted inner part; inner = TLV 1 {plain} or (file key, not DECRYPTED) TLVs 2, 3, 6.
 */
public final class MigrationBlobCodec {
    /** GET request state_flags bit: do not re-encrypt the inner data with the file key. */
    public static final int STATE_FLAG_DECRYPTED = 1;
    /** state_flags bit: the inner data is encrypted with the file key. */
    public static final int STATE_FLAG_ENCRYPTED = 2;

    /** A blob and the state_flags to report with it in the GET_STATEBLOB response. */
    public record WrappedBlob(byte[] blob, int stateFlags) {
    }

    private final StateEncryption encryption;

    public MigrationBlobCodec(StateEncryption encryption) {
        this.encryption = encryption;
    }

    /**
     * Wraps plain state for GET_STATEBLOB. The inner part is file-key encrypted when a file key
     * is given and {@code decryptedRequested} is false; the outer part is migration-key encrypted
     * when a migration key is given. Either key may be null.
     */
    public WrappedBlob wrap(byte[] plain, StateKey fileKey, StateKey migrationKey, boolean decryptedRequested)
            throws StateStoreException {
        StateKey innerKey = decryptedRequested ? null : fileKey;
        byte[] inner = Layer.FILE.seal(plain, innerKey, encryption);
        byte[] outer = Layer.MIGRATION.seal(inner, migrationKey, encryption);
        int flags = HeaderFlags.MIGRATION_DATA | Layer.FILE.flagsFor(innerKey) | Layer.MIGRATION.flagsFor(migrationKey);
        return new WrappedBlob(StateHeader.prepend(flags, outer), innerKey != null ? STATE_FLAG_ENCRYPTED : 0);
    }

    /**
     * Unwraps a SET_STATEBLOB body to plain state. An empty result means "clear the cached blob"
     * (a zero-length or header-only blob). {@code stateFlags} bit 2 says the inner part is file-key
     * encrypted (the header's ENCRYPTED flag says so too). Version-1 blobs and plain
     * (non-migration) wrappers are accepted, so migration encryption can be added but not removed.
     */
    public static byte[] unwrap(byte[] blob, int stateFlags, StateKey fileKey, StateKey migrationKey)
            throws StateStoreException {
        if (blob.length == 0) {
            return blob.clone();
        }
        StateHeader header = StateHeader.parse(blob);
        if (blob.length == StateHeader.SIZE) {
            return new byte[0];
        }
        byte[] body = Arrays.copyOfRange(blob, StateHeader.SIZE, blob.length);
        int flags = header.flags();

        boolean migrationEncrypted = (flags & HeaderFlags.MIGRATION_ENCRYPTED) != 0;
        if (migrationEncrypted && migrationKey == null) {
            throw new StateStoreException(StoreResults.KEY_NOT_FOUND, "Missing migration key to decrypt the blob");
        }
        byte[] inner = Layer.MIGRATION.open(body, header.version(), flags, migrationEncrypted ? migrationKey : null);

        boolean fileEncrypted = (stateFlags & STATE_FLAG_ENCRYPTED) != 0 || (flags & HeaderFlags.ENCRYPTED) != 0;
        if (fileEncrypted && fileKey == null) {
            throw new StateStoreException(StoreResults.KEY_NOT_FOUND, "Missing state key to decrypt the blob");
        }
        return Layer.FILE.open(inner, header.version(), flags, fileEncrypted ? fileKey : null);
    }
}
