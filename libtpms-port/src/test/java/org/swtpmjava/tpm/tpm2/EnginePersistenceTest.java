package org.swtpmjava.tpm.tpm2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineConfig;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.MutableClock;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.TpmEngine;
import org.swtpmjava.tpm.TpmEngines;
import org.swtpmjava.tpm.TpmResult;

/** State kept through NvStorage across terminate/mainInit, and state blobs given with setStateBlob. */
class EnginePersistenceTest {
    private static final String STARTUP_CLEAR = "8001 0000000c 00000144 0000";
    private static final String STARTUP_STATE = "8001 0000000c 00000144 0001";
    private static final String SHUTDOWN_STATE = "8001 0000000c 00000145 0001";
    private static final String SUCCESS = "80010000000a00000000";
    /** PCR_Read of SHA-256 PCR 0: the response starts with pcrUpdateCounter. */
    private static final String PCR_READ = "8001 00000014 0000017e 00000001 000b 03 010000";

    private final InMemoryNvStorage storage = new InMemoryNvStorage();

    private TpmEngine newEngine() {
        return TpmEngines.tpm2(storage, new EngineConfig(new MutableClock(0), new FixedEntropy()));
    }

    private static String send(TpmEngine engine, String command) {
        return TestBytes.hex(engine.process(TestBytes.hex(command), 0));
    }

    @Test
    void startupStateResumesAfterShutdownStateAndRestart() {
        TpmEngine first = newEngine();
        assertThat(first.mainInit()).isEqualTo(TpmResult.SUCCESS);
        assertThat(send(first, STARTUP_CLEAR)).isEqualTo(SUCCESS);
        assertThat(pcrUpdateCounter(send(first, PCR_READ))).as("20 PCRs counted as changed by Startup").isEqualTo(20);
        assertThat(send(first, SHUTDOWN_STATE)).isEqualTo(SUCCESS);
        first.terminate();

        TpmEngine second = newEngine();
        assertThat(second.mainInit()).isEqualTo(TpmResult.SUCCESS);
        assertThat(send(second, STARTUP_STATE)).isEqualTo(SUCCESS);
        assertThat(pcrUpdateCounter(send(second, PCR_READ)))
                .as("the counter survived; only the 4 unsaved counted PCRs changed").isEqualTo(24);
    }

    private static int pcrUpdateCounter(String pcrReadResponse) {
        assertThat(pcrReadResponse.substring(12, 20)).as("response code").isEqualTo("00000000");
        return Integer.parseInt(pcrReadResponse.substring(20, 28), 16);
    }

    @Test
    void startupStateWithoutShutdownStateIsValueLikeLibtpms() {
        TpmEngine first = newEngine();
        first.mainInit();
        assertThat(send(first, STARTUP_CLEAR)).isEqualTo(SUCCESS);
        first.terminate();

        TpmEngine second = newEngine();
        second.mainInit();
        assertThat(send(second, STARTUP_STATE)).isEqualTo("80010000000a000001c4");
        assertThat(send(second, STARTUP_CLEAR)).isEqualTo(SUCCESS);
    }

    @Test
    void shutdownClearDoesNotAllowResume() {
        TpmEngine first = newEngine();
        first.mainInit();
        send(first, STARTUP_CLEAR);
        assertThat(send(first, "8001 0000000c 00000145 0000")).isEqualTo(SUCCESS);
        first.terminate();
        TpmEngine second = newEngine();
        second.mainInit();
        assertThat(send(second, STARTUP_STATE)).isEqualTo("80010000000a000001c4");
    }

    @Test
    void permanentStateIsStoredAtManufactureAndAfterCommandsThatChangeIt() {
        TpmEngine engine = newEngine();
        engine.mainInit();
        assertThat(storage.storeCount(StateBlobType.PERMANENT)).as("a new TPM is stored at once").isEqualTo(1);
        send(engine, STARTUP_CLEAR);
        assertThat(storage.storeCount(StateBlobType.PERMANENT)).as("Startup writes orderlyState").isEqualTo(2);
        send(engine, "8001 0000000c 0000017b 0008");
        send(engine, "8001 00000016 0000017a 00000006 00000100 00000001");
        assertThat(storage.storeCount(StateBlobType.PERMANENT)).as("reading commands write nothing").isEqualTo(2);
        send(engine, SHUTDOWN_STATE);
        assertThat(storage.storeCount(StateBlobType.PERMANENT)).isEqualTo(3);
        engine.terminate();
        engine.mainInit();
        assertThat(storage.storeCount(StateBlobType.PERMANENT)).as("an existing TPM is only read").isEqualTo(3);
    }

    @Test
    void storedVolatileStateResumesWithoutStartup() {
        TpmEngine first = newEngine();
        first.mainInit();
        send(first, STARTUP_CLEAR);
        String pcrs = send(first, PCR_READ);
        storage.put(StateBlobType.VOLATILE, first.volatileState());
        first.terminate();

        TpmEngine second = newEngine();
        assertThat(second.mainInit()).isEqualTo(TpmResult.SUCCESS);
        assertThat(send(second, STARTUP_CLEAR)).as("already started").isEqualTo("80010000000a00000100");
        assertThat(send(second, PCR_READ)).isEqualTo(pcrs);
    }

    @Test
    void blobsSetWhileStoppedAreUsedByTheNextMainInitAndStored() {
        TpmEngine first = newEngine();
        first.mainInit();
        send(first, STARTUP_CLEAR);
        send(first, SHUTDOWN_STATE);
        byte[] permanent = storage.load(StateBlobType.PERMANENT).orElseThrow();

        InMemoryNvStorage otherStorage = new InMemoryNvStorage();
        TpmEngine second = TpmEngines.tpm2(otherStorage, new EngineConfig(new MutableClock(0), new FixedEntropy()));
        assertThat(second.setStateBlob(StateBlobType.PERMANENT, permanent)).isEqualTo(TpmResult.SUCCESS);
        assertThat(second.mainInit()).isEqualTo(TpmResult.SUCCESS);
        assertThat(otherStorage.load(StateBlobType.PERMANENT)).as("written back during MainInit").isPresent();
        assertThat(send(second, STARTUP_STATE)).as("the first TPM's shutdown state").isEqualTo(SUCCESS);
    }

    @Test
    void setStateBlobRules() {
        TpmEngine engine = newEngine();
        assertThat(engine.setStateBlob(StateBlobType.PERMANENT, new byte[] {1, 2, 3})).isEqualTo(TpmResult.BAD_PARAMETER);
        assertThat(engine.setStateBlob(StateBlobType.PERMANENT, new byte[64])).isEqualTo(TpmResult.BADTAG);
        assertThat(engine.setStateBlob(StateBlobType.SAVESTATE, new byte[64])).isEqualTo(TpmResult.BAD_TYPE);
        assertThat(engine.setStateBlob(StateBlobType.VOLATILE, new byte[64]))
                .as("no permanent state to go with it").isEqualTo(TpmResult.FAIL);
        assertThat(engine.setStateBlob(StateBlobType.SAVESTATE, null)).isEqualTo(TpmResult.SUCCESS);
        engine.mainInit();
        assertThat(engine.setStateBlob(StateBlobType.PERMANENT, new byte[64])).isEqualTo(TpmResult.INVALID_POSTINIT);
    }

    @Test
    void emptyVolatileBlobSuppressesTheStoredOne() {
        TpmEngine first = newEngine();
        first.mainInit();
        send(first, STARTUP_CLEAR);
        storage.put(StateBlobType.VOLATILE, first.volatileState());
        first.terminate();
        assertThat(first.setStateBlob(StateBlobType.VOLATILE, null)).isEqualTo(TpmResult.SUCCESS);
        assertThat(first.mainInit()).isEqualTo(TpmResult.SUCCESS);
        assertThat(send(first, STARTUP_CLEAR)).as("not resumed, so Startup is needed").isEqualTo(SUCCESS);
    }

    @Test
    void unreadablePermanentStateFailsMainInit() {
        storage.put(StateBlobType.PERMANENT, new byte[100]);
        TpmEngine engine = newEngine();
        assertThat(engine.mainInit()).isEqualTo(0x101);
        assertThat(engine.isRunning()).isFalse();
    }
}
