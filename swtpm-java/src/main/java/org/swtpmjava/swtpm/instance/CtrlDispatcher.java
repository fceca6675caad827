package org.swtpmjava.swtpm.instance;

import java.io.FileDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.swtpmjava.ctrl.CtrlCapabilities;
import org.swtpmjava.ctrl.CtrlCommand;
import org.swtpmjava.ctrl.CtrlRequest;
import org.swtpmjava.ctrl.CtrlResponse;
import org.swtpmjava.ctrl.CtrlResult;
import org.swtpmjava.ctrl.StateBlobs;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.crypto.StateKey;
import org.swtpmjava.swtpm.transport.CtrlHandler;
import org.swtpmjava.swtpm.transport.Sockets;
import org.swtpmjava.tpm.TpmEngine;

/**
 * The control commands and swtpm's state machine around them (swtpm-protocol.md §2.2, §2.4):
 * which commands a stopped or running TPM accepts, checked before the payload length, and
 * what each does to the instance.
 */
public final class CtrlDispatcher implements CtrlHandler {

    /** GET_INFO answers at most this many bytes of the JSON per request. */
    private static final int INFO_CHUNK = 3072;

    private final VtpmInstance instance;
    private final Lifecycle lifecycle;
    private final StateBlobTransfer blobs;
    private final boolean terminateOnClientLoss;

    public CtrlDispatcher(VtpmInstance instance, Lifecycle lifecycle, StateKey fileKey, StateKey migrationKey,
                          boolean terminateOnClientLoss) {
        this.instance = instance;
        this.lifecycle = lifecycle;
        this.blobs = new StateBlobTransfer(instance, fileKey, migrationKey);
        this.terminateOnClientLoss = terminateOnClientLoss;
    }

    @Override
    public CtrlResponse handle(CtrlRequest request, FileDescriptor[] fds, boolean fdCapable) {
        instance.lock().lock();
        try {
            if (!(request instanceof CtrlRequest.SetDataFd)) {
                closeAll(fds, 0);
            }
            CtrlCommand command = request.command();
            if (command == null) {
                return result(CtrlResult.BAD_ORDINAL);
            }
            if (!allowed(command, request)) {
                return result(CtrlResult.BAD_ORDINAL);
            }
            if (request instanceof CtrlRequest.Malformed m) {
                return result(m.result());
            }
            return dispatch(request, fds, fdCapable);
        } catch (StateStoreException e) {
            return result(e.result());
        } finally {
            instance.lock().unlock();
        }
    }

    /** The running/stopped column of §2.2. */
    private boolean allowed(CtrlCommand command, CtrlRequest request) {
        boolean running = instance.isRunning();
        return switch (command) {
            case GET_TPMESTABLISHED, HASH_START, HASH_DATA, HASH_END, CANCEL_TPM_CMD, STORE_VOLATILE,
                    RESET_TPMESTABLISHED, GET_STATEBLOB -> running;
            case SET_STATEBLOB -> !running;
            // While running only the query (size 0) is allowed.
            case SET_BUFFERSIZE -> !running || !(request instanceof CtrlRequest.SetBufferSize s) || s.size() == 0;
            default -> true;
        };
    }

    private CtrlResponse dispatch(CtrlRequest request, FileDescriptor[] fds, boolean fdCapable)
            throws StateStoreException {
        if (request instanceof CtrlRequest.GetCapability) {
            return new CtrlResponse.Capability(instance.settings().tpm2() ? CtrlCapabilities.ALL_TPM2
                    : CtrlCapabilities.ALL_TPM12);
        } else if (request instanceof CtrlRequest.Init r) {
            return result(instance.init(r.deleteVolatile()));
        } else if (request instanceof CtrlRequest.Shutdown || request instanceof CtrlRequest.Stop) {
            if (request instanceof CtrlRequest.Shutdown) {
                lifecycle.exitRequested();
            }
            instance.stopEngine();
            return result(CtrlResult.SUCCESS);
        } else if (request instanceof CtrlRequest.GetTpmEstablished) {
            return new CtrlResponse.TpmEstablished(engine().tpmEstablished());
        } else if (request instanceof CtrlRequest.SetLocality r) {
            return setLocality(r.locality());
        } else if (request instanceof CtrlRequest.HashStart) {
            return result(engine().hashStart());
        } else if (request instanceof CtrlRequest.HashData r) {
            return result(engine().hashData(r.data()));
        } else if (request instanceof CtrlRequest.HashEnd) {
            return result(engine().hashEnd());
        } else if (request instanceof CtrlRequest.CancelTpmCmd) {
            return result(engine().cancelCommand());
        } else if (request instanceof CtrlRequest.StoreVolatile) {
            byte[] blob = engine().volatileState();
            if (blob == null) {
                return result(CtrlResult.FAIL);
            }
            instance.store().store(StateKind.VOLATILE, blob);
            return result(CtrlResult.SUCCESS);
        } else if (request instanceof CtrlRequest.ResetTpmEstablished r) {
            return resetEstablished(r.locality());
        } else if (request instanceof CtrlRequest.GetStateBlob r) {
            return blobs.get(r);
        } else if (request instanceof CtrlRequest.SetStateBlob r) {
            return blobs.set(r);
        } else if (request instanceof CtrlRequest.GetConfig) {
            int flags = (instance.settings().fileKeyConfigured() ? CtrlResponse.Config.FILE_KEY : 0)
                    | (instance.settings().migrationKeyConfigured() ? CtrlResponse.Config.MIGRATION_KEY : 0);
            return new CtrlResponse.Config(flags);
        } else if (request instanceof CtrlRequest.SetDataFd) {
            return setDataFd(fds, fdCapable);
        } else if (request instanceof CtrlRequest.SetBufferSize r) {
            TpmEngine.BufferSizes sizes = engine().setBufferSize(r.size());
            return new CtrlResponse.BufferSize(sizes.inUse(), sizes.min(), sizes.max());
        } else if (request instanceof CtrlRequest.GetInfo r) {
            return info(r);
        } else if (request instanceof CtrlRequest.LockStorage r) {
            return lockStorage(r.retries());
        }
        return result(CtrlResult.BAD_ORDINAL);
    }

    private TpmEngine engine() throws StateStoreException {
        return instance.engine();
    }

    private CtrlResponse setLocality(int locality) {
        if (locality > 4 || (locality == 4 && instance.settings().rejectLocality4())) {
            return result(CtrlResult.BAD_LOCALITY);
        }
        instance.setLocality(locality);
        return result(CtrlResult.SUCCESS);
    }

    /** The TPM clears the bit from locality 3 or 4 only; the global locality is restored after (§2.4.9). */
    private CtrlResponse resetEstablished(int locality) throws StateStoreException {
        if (locality > 4) {
            return result(CtrlResult.BAD_LOCALITY);
        }
        return result(engine().resetTpmEstablished(locality));
    }

    private CtrlResponse setDataFd(FileDescriptor[] fds, boolean fdCapable) {
        if (!fdCapable || fds.length == 0) {
            closeAll(fds, 0);
            return result(CtrlResult.BAD_PARAMETER);
        }
        closeAll(fds, 1);
        if (!lifecycle.offerDataFd(fds[0])) {
            closeAll(fds, 0);
            return result(CtrlResult.IOERROR);
        }
        return result(CtrlResult.SUCCESS);
    }

    /** A slice of the NUL-terminated JSON (§2.4.16). */
    private CtrlResponse info(CtrlRequest.GetInfo request) throws StateStoreException {
        byte[] json = engine().getInfo(request.flags()).getBytes(StandardCharsets.UTF_8);
        long offset = Integer.toUnsignedLong(request.offset());
        if (offset >= json.length) {
            return result(CtrlResult.BAD_PARAMETER);
        }
        int total = json.length + 1;
        int length = (int) Math.min(total - offset, INFO_CHUNK);
        byte[] withNul = Arrays.copyOf(json, total);
        return new CtrlResponse.Info(total, Arrays.copyOfRange(withNul, (int) offset, (int) offset + length));
    }

    /** swtpm 0.8+ (§2.4.17): before the backend is prepared nothing is locked yet, which is success. */
    private CtrlResponse lockStorage(int retries) {
        instance.setLockRetries(retries);
        if (!instance.hasStore()) {
            return result(CtrlResult.SUCCESS);
        }
        try {
            instance.store().lock(retries);
            instance.setLockRetries(0);
            return result(CtrlResult.SUCCESS);
        } catch (StateStoreException e) {
            return result(CtrlResult.FAIL);
        }
    }

    @Override
    public void responseSent(CtrlRequest request) {
        if (request instanceof CtrlRequest.Shutdown) {
            lifecycle.exit();
        } else if (request instanceof CtrlRequest.GetStateBlob r && r.type() == StateBlobs.TYPE_SAVESTATE) {
            // §2.8: after a savestate blob left, the destination may take the lock.
            instance.lock().lock();
            try {
                instance.releaseLockForMigration();
            } finally {
                instance.lock().unlock();
            }
        }
    }

    @Override
    public void clientGone() {
        if (terminateOnClientLoss) {
            lifecycle.exit();
        }
    }

    private static CtrlResponse result(int code) {
        return new CtrlResponse.Result(code);
    }

    private static void closeAll(FileDescriptor[] fds, int from) {
        for (int i = from; i < fds.length; i++) {
            Sockets.closeQuietly(fds[i]);
        }
    }
}
