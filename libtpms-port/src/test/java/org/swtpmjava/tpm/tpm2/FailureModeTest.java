package org.swtpmjava.tpm.tpm2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineConfig;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.MutableClock;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.TpmEngine;
import org.swtpmjava.tpm.TpmEngines;
import org.swtpmjava.tpm.TpmResult;

/** Internal faults put the TPM into failure mode, which only a new mainInit ends (libtpms.md §7.10). */
class FailureModeTest {
    private static final String GET_TEST_RESULT = "8001 0000000a 0000017c";

    @Test
    void failedNvWriteEntersFailureModeAndGetTestResultReportsIt() {
        EngineFixture tpm = EngineFixture.started();
        tpm.storage.failStores(true);
        assertThat(tpm.send("8001 0000000c 00000145 0000")).as("the command whose commit failed")
                .isEqualTo("80010000000a00000101");
        assertThat(tpm.send("8001 0000000c 0000017b 0008")).isEqualTo("80010000000a00000101");
        assertThat(tpm.send(GET_TEST_RESULT)).as("outData: function, line (0 here), FATAL_ERROR_INTERNAL; TPM_RC_FAILURE")
                .isEqualTo("80010000001c" + "00000000" + "000c" + "00000000" + "00000000" + "00000003" + "00000101");
        assertThat(tpm.send("8001 00000016 0000017a 00000006 00000100 00000001"))
                .as("the manufacturer, read in host byte order as libtpms does in failure mode")
                .isEqualTo("80010000001b0000000001000000060000000100000105004d4249");
        assertThat(tpm.send("8001 00000016 0000017a 00000000 00000000 00000001")).isEqualTo("80010000000a00000101");
    }

    @Test
    void failureModeLastsUntilMainInit() {
        EngineFixture tpm = EngineFixture.started();
        tpm.storage.failStores(true);
        tpm.send("8001 0000000c 00000145 0000");
        tpm.storage.failStores(false);
        assertThat(tpm.send("8001 0000000c 0000017b 0008")).isEqualTo("80010000000a00000101");
        tpm.engine.terminate();
        assertThat(tpm.engine.mainInit()).isEqualTo(TpmResult.SUCCESS);
        assertThat(tpm.send("8001 0000000c 00000144 0000")).isEqualTo("80010000000a00000000");
    }

    @Test
    void entropyFailureEntersFailureModeWithTheEntropyCode() {
        boolean[] broken = {false};
        TpmEngine engine = TpmEngines.tpm2(new InMemoryNvStorage(), new EngineConfig(new MutableClock(0), out -> {
            if (broken[0]) {
                throw new IllegalStateException("no entropy (test)");
            }
            Arrays.fill(out, (byte) 1);
        }));
        assertThat(engine.mainInit()).isEqualTo(TpmResult.SUCCESS);
        broken[0] = true;
        assertThat(TestBytes.hex(engine.process(TestBytes.hex("8001 0000000c 00000144 0000"), 0)))
                .isEqualTo("80010000000a00000101");
        assertThat(TestBytes.hex(engine.process(TestBytes.hex(GET_TEST_RESULT), 0)))
                .endsWith("00000005" + "00000101");
    }

    @Test
    void entropyFailureAtManufactureFailsMainInit() {
        TpmEngine engine = TpmEngines.tpm2(new InMemoryNvStorage(), new EngineConfig(new MutableClock(0), out -> {
            throw new IllegalStateException("no entropy (test)");
        }));
        assertThat(engine.mainInit()).isEqualTo(0x101);
        assertThat(engine.isRunning()).isFalse();
    }
}
