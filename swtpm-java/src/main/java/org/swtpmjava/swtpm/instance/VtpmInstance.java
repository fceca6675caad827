package org.swtpmjava.swtpm.instance;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.swtpmjava.data.FixedResponses;
import org.swtpmjava.data.TpmCommandFrame;
import org.swtpmjava.store.StateKind;
import org.swtpmjava.store.StateStore;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.swtpm.log.SwtpmLog;
import org.swtpmjava.swtpm.transport.DataHandler;
import org.swtpmjava.tpm.NvStorage;
import org.swtpmjava.tpm.TpmEngine;
import org.swtpmjava.tpm.TpmResult;

/**
 * One vTPM: its engine, its storage and swtpm's lifecycle around them (swtpm-protocol.md
 * §2.2, §2.9, §3.3–3.6). Every operation runs under one lock, so control and data
 * connections on their own threads never interleave inside the engine.
 */
public final class VtpmInstance implements DataHandler {

    private static final int TPM2_CC_SHUTDOWN = 0x145;
    private static final int TPM2_RC_INITIALIZE = 0x100;
    private static final byte[] SHUTDOWN_STATE = {(byte) 0x80, 1, 0, 0, 0, 0x0c, 0, 0, 1, 0x45, 0, 1};
    private static final byte[] SHUTDOWN_CLEAR = {(byte) 0x80, 1, 0, 0, 0, 0x0c, 0, 0, 1, 0x45, 0, 0};

    private final ReentrantLock lock = new ReentrantLock(true);
    private final InstanceSettings settings;
    private final StoreOpener storeOpener;
    private final Function<NvStorage, TpmEngine> engineFactory;
    private final SwtpmLog log;

    private StateStore store;
    private TpmEngine engine;
    private boolean running;
    private int locality;
    private long lastOrdinal = -1;
    private int lockRetries;

    public VtpmInstance(InstanceSettings settings, StoreOpener storeOpener,
                        Function<NvStorage, TpmEngine> engineFactory, SwtpmLog log) {
        this.settings = settings;
        this.storeOpener = storeOpener;
        this.engineFactory = engineFactory;
        this.log = log;
    }

    public InstanceSettings settings() {
        return settings;
    }

    ReentrantLock lock() {
        return lock;
    }

    public boolean isRunning() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** The store, opened on first use. */
    StateStore store() throws StateStoreException {
        if (store == null) {
            store = storeOpener.open();
        }
        return store;
    }

    /** The engine, created on first use over the store. */
    TpmEngine engine() throws StateStoreException {
        if (engine == null) {
            engine = engineFactory.apply(new EngineStorage(store()));
        }
        return engine;
    }

    /** CMD_INIT: {@link #start}, and on failure the line swtpm's control channel adds to the log. */
    public int init(boolean deleteVolatile) {
        int rc = start(deleteVolatile);
        if (rc != TpmResult.SUCCESS) {
            log.error("Error: Could not initialize the TPM");
        }
        return rc;
    }

    /** CMD_INIT and start-up with not-need-init: (re)start the TPM; returns the library result. */
    public int start(boolean deleteVolatile) {
        lock.lock();
        try {
            stopEngine();
            StateStore s = store();
            if (!settings.incomingMigration()) {
                s.lock(0);
            }
            int rc = engine().mainInit();
            if (rc != TpmResult.SUCCESS) {
                log.error("Error: Could not initialize libtpms.");
                return rc;
            }
            running = true;
            lastOrdinal = -1;
            if (deleteVolatile) {
                s.delete(StateKind.VOLATILE);
            }
            return TpmResult.SUCCESS;
        } catch (StateStoreException e) {
            log.error(e.getMessage());
            return e.result();
        } finally {
            lock.unlock();
        }
    }

    /** CMD_STOP, CMD_SHUTDOWN and process exit: automatic TPM2_Shutdown, then terminate. */
    void stopEngine() {
        lock.lock();
        try {
            if (!running) {
                return;
            }
            autoShutdown();
            engine.terminate();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Final shutdown of the process: stop the TPM and release the storage. */
    public void close() {
        lock.lock();
        try {
            stopEngine();
            if (store != null) {
                store.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * swtpm 0.8+ (§2.9): TPM2_Shutdown(SU_STATE), or SU_CLEAR if that fails with anything but
     * TPM_RC_INITIALIZE, unless the last command was a Shutdown. Keeps the DA counter from
     * counting an unorderly restart.
     */
    private void autoShutdown() {
        if (!settings.tpm2() || !settings.autoShutdown() || lastOrdinal == TPM2_CC_SHUTDOWN) {
            return;
        }
        int rc = responseCode(engine.process(SHUTDOWN_STATE, locality));
        if (rc != 0 && rc != TPM2_RC_INITIALIZE) {
            rc = responseCode(engine.process(SHUTDOWN_CLEAR, locality));
        }
        if (rc == 0) {
            lastOrdinal = TPM2_CC_SHUTDOWN;
        }
    }

    private static int responseCode(byte[] response) {
        return (int) FixedResponses.responseCode(response);
    }

    /** The TPM command the daemon sends itself for --flags startup-clear / startup-state. */
    public byte[] processInternal(byte[] command) {
        return process(new TpmCommandFrame(command, -1));
    }

    @Override
    public byte[] process(TpmCommandFrame frame) {
        lock.lock();
        try {
            if (frame.prefixed()) {
                // The prefix's locality is taken without a range check, as swtpm does (§3.4).
                locality = frame.prefixLocality();
            }
            byte[] command = frame.command();
            if (!running) {
                return FixedResponses.stopped(settings.tpm2());
            }
            long ordinal = FixedResponses.ordinal(command);
            if (ordinal == FixedResponses.ORDINAL_SET_LOCALITY) {
                return inbandSetLocality(command);
            }
            ensureLocked();
            byte[] response = engine.process(command, locality);
            lastOrdinal = ordinal;
            return response;
        } finally {
            lock.unlock();
        }
    }

    /** swtpm 0.8+: re-take a lock released for migration before the next TPM command (§2.8). */
    private void ensureLocked() {
        if (store == null || store.isLocked()) {
            return;
        }
        try {
            store.lock(lockRetries);
            lockRetries = 0;
        } catch (StateStoreException e) {
            log.error(e.getMessage());
            log.error("Could not lock NVRAM; terminating");
            Runtime.getRuntime().halt(1);
        }
    }

    /** The vendor command TPM2_SetLocality 0x20001000 (§3.5). */
    private byte[] inbandSetLocality(byte[] command) {
        boolean tpm2 = settings.tpm2();
        if (command.length < 11) {
            return tpm2 ? FixedResponses.tpm2Error(0x9a) : FixedResponses.tpm12Error(0x19);
        }
        if (!settings.allowSetLocality()) {
            return FixedResponses.stopped(tpm2);
        }
        int requested = command[10] & 0xff;
        if (requested > 4 || (requested == 4 && settings.rejectLocality4())) {
            return tpm2 ? FixedResponses.tpm2Error(0x107) : FixedResponses.tpm12Error(0x3d);
        }
        locality = requested;
        return tpm2 ? FixedResponses.tpm2Error(0) : FixedResponses.tpm12Error(0);
    }

    int locality() {
        return locality;
    }

    void setLocality(int locality) {
        this.locality = locality;
    }

    /** After a savestate blob left (migration), the next TPM command waits up to 3 s for the lock. */
    void releaseLockForMigration() {
        if (store != null) {
            store.unlock();
            lockRetries = 300;
        }
    }

    void setLockRetries(int retries) {
        lockRetries = retries;
    }

    boolean hasStore() {
        return store != null;
    }
}
