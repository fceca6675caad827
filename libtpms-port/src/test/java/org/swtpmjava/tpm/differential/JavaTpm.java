package org.swtpmjava.tpm.differential;

import org.swtpmjava.tpm.EngineConfig;
import org.swtpmjava.tpm.EntropySource;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.MutableClock;
import org.swtpmjava.tpm.NvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TpmEngine;
import org.swtpmjava.tpm.TpmEngine.BufferSizes;
import org.swtpmjava.tpm.TpmEngines;
import org.swtpmjava.tpm.TpmResult;

/** The Java engine over in-memory storage, started as swtpm --flags not-need-init starts libtpms. */
final class JavaTpm implements TpmUnderTest {
    private final InMemoryNvStorage storage;
    private final EntropySource entropy;
    private TpmEngine engine;
    private int locality;

    JavaTpm(EntropySource entropy) {
        this(entropy, new InMemoryNvStorage());
    }

    /** An engine over {@code storage}, which may already hold a state (a state directory in use). */
    JavaTpm(EntropySource entropy, InMemoryNvStorage storage) {
        this.entropy = entropy;
        this.storage = storage;
        start();
    }

    private void start() {
        engine = TpmEngines.tpm2(storage, new EngineConfig(new MutableClock(0), entropy));
        if (engine.mainInit() != TpmResult.SUCCESS) {
            throw new IllegalStateException("engine did not start");
        }
    }

    /** A new engine over the same storage, as a new swtpm process over the same state directory. */
    @Override
    public void restartProcess() {
        engine.terminate();
        locality = 0;
        start();
    }

    TpmEngine engine() {
        return engine;
    }

    @Override
    public byte[] command(byte[] command) {
        return engine.process(command, locality);
    }

    @Override
    public int init() {
        engine.terminate();
        return engine.mainInit();
    }

    @Override
    public int storeVolatile() {
        try {
            storage.store(StateBlobType.VOLATILE, engine.volatileState());
            return TpmResult.SUCCESS;
        } catch (NvStorage.NvStorageException e) {
            return e.result();
        }
    }

    @Override
    public int setLocality(int value) {
        locality = value;
        return TpmResult.SUCCESS;
    }

    @Override
    public BufferSizes restartWithBufferSize(int wanted) {
        engine.terminate();
        BufferSizes sizes = engine.setBufferSize(wanted);
        engine.mainInit();
        return sizes;
    }

    @Override
    public int hashStart() {
        return engine.hashStart();
    }

    @Override
    public int hashData(byte[] data) {
        return engine.hashData(data);
    }

    @Override
    public int hashEnd() {
        return engine.hashEnd();
    }

    @Override
    public boolean tpmEstablished() {
        return engine.tpmEstablished();
    }

    @Override
    public int resetTpmEstablished(int value) {
        return engine.resetTpmEstablished(value);
    }

    @Override
    public String info(long flags) {
        return engine.getInfo(flags);
    }

    @Override
    public void breakStorage() {
        storage.failStores(true);
    }

    @Override
    public void close() {
        engine.terminate();
    }
}
