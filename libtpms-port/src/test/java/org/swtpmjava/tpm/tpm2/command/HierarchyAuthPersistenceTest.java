package org.swtpmjava.tpm.tpm2.command;

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

/**
 * HierarchyChangeAuth: ownerAuth, endorsementAuth and lockoutAuth are persistent data written to
 * NV by the command (they survive a new engine on the same storage); platformAuth is state-clear
 * data (Startup(CLEAR) empties it). Expected codes as libtpms 0.9.2 answers (see the
 * differential tests): success with a password response area, TPM_RC_BAD_AUTH + session 1.
 */
class HierarchyAuthPersistenceTest {
    private static final String STARTUP_CLEAR = "8001 0000000c 00000144 0000";
    private static final String SHUTDOWN_CLEAR = "8001 0000000c 00000145 0000";
    private static final String OK_WITH_PASSWORD = "80020000001300000000000000000000010000";
    private static final String BAD_AUTH_SESSION_1 = "80010000000a000009a2";

    private final InMemoryNvStorage storage = new InMemoryNvStorage();

    private TpmEngine newStartedEngine() {
        TpmEngine engine = TpmEngines.tpm2(storage, new EngineConfig(new MutableClock(0), new FixedEntropy()));
        engine.mainInit();
        assertThat(send(engine, STARTUP_CLEAR)).isEqualTo("80010000000a00000000");
        return engine;
    }

    private static String send(TpmEngine engine, String command) {
        return TestBytes.hex(engine.process(TestBytes.hex(command), 0));
    }

    /** HierarchyChangeAuth(hierarchy) authorized with {@code password} (1 byte or empty), new auth 0x77. */
    private static String changeAuth(String hierarchy, String password) {
        String session = password.isEmpty() ? "40000009 0000 00 0000" : "40000009 0000 00 0001 " + password;
        int sessionSize = password.isEmpty() ? 9 : 10;
        return String.format("8002 %08x 00000129 %s %08x %s 0001 77",
                10 + 4 + 4 + sessionSize + 3, hierarchy, sessionSize, session);
    }

    @Test
    void ownerAuthIsWrittenToNvAndSurvivesANewEngine() {
        TpmEngine first = newStartedEngine();
        int stores = storage.storeCount(StateBlobType.PERMANENT);
        assertThat(send(first, changeAuth("40000001", ""))).isEqualTo(OK_WITH_PASSWORD);
        assertThat(storage.storeCount(StateBlobType.PERMANENT)).as("one NV commit").isEqualTo(stores + 1);
        send(first, SHUTDOWN_CLEAR);
        first.terminate();

        TpmEngine second = newStartedEngine();
        assertThat(send(second, changeAuth("40000001", ""))).isEqualTo(BAD_AUTH_SESSION_1);
        assertThat(send(second, changeAuth("40000001", "77"))).isEqualTo(OK_WITH_PASSWORD);
    }

    @Test
    void platformAuthIsNotWrittenToNvAndStartupClearEmptiesIt() {
        TpmEngine first = newStartedEngine();
        int stores = storage.storeCount(StateBlobType.PERMANENT);
        assertThat(send(first, changeAuth("4000000c", ""))).isEqualTo(OK_WITH_PASSWORD);
        assertThat(storage.storeCount(StateBlobType.PERMANENT)).as("state-clear data only").isEqualTo(stores);
        assertThat(send(first, changeAuth("4000000c", ""))).isEqualTo(BAD_AUTH_SESSION_1);
        send(first, SHUTDOWN_CLEAR);
        first.terminate();

        TpmEngine second = newStartedEngine();
        assertThat(send(second, changeAuth("4000000c", ""))).isEqualTo(OK_WITH_PASSWORD);
    }
}
