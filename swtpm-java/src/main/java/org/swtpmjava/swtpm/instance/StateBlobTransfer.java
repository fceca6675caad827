package org.swtpmjava.swtpm.instance;

import java.util.Optional;

import org.swtpmjava.ctrl.CtrlRequest;
import org.swtpmjava.ctrl.CtrlResponse;
import org.swtpmjava.ctrl.CtrlResult;
import org.swtpmjava.ctrl.StateBlobs;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.StateStore;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.crypto.StateEncryption;
import org.swtpmjava.store.crypto.StateKey;
import org.swtpmjava.store.format.MigrationBlobCodec;
import org.swtpmjava.tpm.StateBlobType;

/**
 * CMD_GET_STATEBLOB and CMD_SET_STATEBLOB (swtpm-protocol.md §2.4.12–13, §2.6): blobs leave
 * re-wrapped from the backend (never a raw copy of a file) and arrive unwrapped into the
 * engine's cache for the next INIT.
 */
final class StateBlobTransfer {

    private final VtpmInstance instance;
    private final StateKey fileKey;
    private final StateKey migrationKey;
    private final MigrationBlobCodec codec = new MigrationBlobCodec(new StateEncryption());

    StateBlobTransfer(VtpmInstance instance, StateKey fileKey, StateKey migrationKey) {
        this.instance = instance;
        this.fileKey = fileKey;
        this.migrationKey = migrationKey;
    }

    /** GET_STATEBLOB while running. */
    CtrlResponse get(CtrlRequest.GetStateBlob request) {
        StateKind kind = kind(request.type());
        if (kind == null) {
            // 0.7.1 answers an unknown type like a missing blob (observed); HEAD would say TPM_FAIL.
            return empty(CtrlResult.RETRY);
        }
        try {
            StateStore store = instance.store();
            Optional<byte[]> plain;
            if (kind == StateKind.VOLATILE) {
                // swtpm stores a fresh volatile state, reads it back, and deletes the file again.
                byte[] blob = instance.engine().volatileState();
                if (blob == null) {
                    return empty(CtrlResult.FAIL);
                }
                try {
                    store.store(kind, blob);
                    plain = store.load(kind);
                } finally {
                    store.delete(kind);
                }
            } else {
                plain = store.load(kind);
            }
            if (plain.isEmpty()) {
                return empty(CtrlResult.RETRY);
            }
            boolean decrypted = (request.stateFlags() & StateBlobs.FLAG_DECRYPTED) != 0;
            MigrationBlobCodec.WrappedBlob wrapped = codec.wrap(plain.get(), fileKey, migrationKey, decrypted);
            byte[] blob = wrapped.blob();
            int offset = request.offset();
            byte[] rest = Integer.compareUnsigned(offset, blob.length) >= 0 ? new byte[0]
                    : java.util.Arrays.copyOfRange(blob, offset, blob.length);
            return new CtrlResponse.StateBlob(CtrlResult.SUCCESS, wrapped.stateFlags(), rest.length, rest);
        } catch (StateStoreException e) {
            return empty(e.result());
        }
    }

    /** SET_STATEBLOB while stopped. */
    CtrlResponse set(CtrlRequest.SetStateBlob request) {
        StateKind kind = kind(request.type());
        if (kind == null) {
            return new CtrlResponse.Result(CtrlResult.BAD_PARAMETER);
        }
        try {
            byte[] plain = MigrationBlobCodec.unwrap(request.data(), request.stateFlags(), fileKey, migrationKey);
            return new CtrlResponse.Result(instance.engine().setStateBlob(type(kind), plain));
        } catch (StateStoreException e) {
            return new CtrlResponse.Result(e.result());
        }
    }

    private static CtrlResponse empty(int result) {
        return new CtrlResponse.StateBlob(result, 0, 0, new byte[0]);
    }

    private static StateKind kind(int type) {
        return switch (type) {
            case StateBlobs.TYPE_PERMANENT -> StateKind.PERMANENT;
            case StateBlobs.TYPE_VOLATILE -> StateKind.VOLATILE;
            case StateBlobs.TYPE_SAVESTATE -> StateKind.SAVESTATE;
            default -> null;
        };
    }

    private static StateBlobType type(StateKind kind) {
        return switch (kind) {
            case PERMANENT -> StateBlobType.PERMANENT;
            case VOLATILE -> StateBlobType.VOLATILE;
            case SAVESTATE -> StateBlobType.SAVESTATE;
        };
    }
}
