package org.swtpmjava.tpm.tpm2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.TpmEngine;
import org.swtpmjava.tpm.TpmEngine.BufferSizes;
import org.swtpmjava.tpm.TpmEngines;
import org.swtpmjava.tpm.TpmResult;

/** The library-level functions besides process(), with libtpms 0.9.2's answers. */
class TpmEngineApiTest {
    private static final String SPEC = "\"TPMSpecification\":{\"family\":\"2.0\",\"level\":0,\"revision\":164}";
    private static final String ATTRIBUTES =
            "\"TPMAttributes\":{\"manufacturer\":\"id:00001014\",\"version\":\"id:20191023\",\"model\":\"swtpm\"}";
    private static final String FEATURES =
            "\"TPMFeatures\":{\"RSAKeySizes\":[1024,2048,3072],\"CamelliaKeySizes\":[128,256]}";

    private final TpmEngine engine = TpmEngines.tpm2(new InMemoryNvStorage());

    @Test
    void getInfoPrintsExactlyWhatLibtpmsPrints() {
        assertThat(engine.getInfo(0)).isEqualTo("{}");
        assertThat(engine.getInfo(1)).isEqualTo("{" + SPEC + "}");
        assertThat(engine.getInfo(2)).isEqualTo("{" + ATTRIBUTES + "}");
        assertThat(engine.getInfo(4)).isEqualTo("{" + FEATURES + "}");
        assertThat(engine.getInfo(3)).isEqualTo("{" + SPEC + "," + ATTRIBUTES + "}");
        assertThat(engine.getInfo(6)).isEqualTo("{" + ATTRIBUTES + "," + FEATURES + "}");
        assertThat(engine.getInfo(0xFF)).isEqualTo("{" + SPEC + "," + ATTRIBUTES + "," + FEATURES + "}");
        assertThat(engine.getInfo(8)).as("flags of libtpms 0.10+").isEqualTo("{}");
        assertThat(engine.getInfo(0x80)).isEqualTo("{}");
    }

    @ParameterizedTest(name = "wanted {0} -> in use {1}")
    @CsvSource({"0, 4096", "100, 2808", "2808, 2808", "3000, 3000", "4096, 4096", "5000, 4096", "-1, 4096"})
    void setBufferSizeClampsIntoLibtpmsLimits(int wanted, int inUse) {
        assertThat(engine.setBufferSize(wanted)).isEqualTo(new BufferSizes(inUse, 2808, 4096));
    }

    @Test
    void bufferSizeIsWhatGetCapabilityReportsAndOutlivesMainInit() {
        engine.setBufferSize(3000);
        engine.mainInit();
        engine.process(TestBytes.hex("8001 0000000c 00000144 0000"), 0);
        assertThat(TestBytes.hex(engine.process(TestBytes.hex("8001 00000016 0000017a 00000006 0000011e 00000001"), 0)))
                .endsWith("0000011e00000bb8");
        assertThat(engine.setBufferSize(0).inUse()).isEqualTo(3000);
    }

    @Test
    void tpmEstablishedIsSetByHashStartAndResetOnlyFromLocality3Or4() {
        EngineFixture tpm = new EngineFixture();
        assertThat(tpm.engine.tpmEstablished()).isFalse();
        assertThat(tpm.engine.hashStart()).isEqualTo(TpmResult.SUCCESS);
        assertThat(tpm.engine.tpmEstablished()).isTrue();
        assertThat(tpm.engine.resetTpmEstablished(0)).isEqualTo(TpmResult.BAD_LOCALITY);
        assertThat(tpm.engine.resetTpmEstablished(2)).isEqualTo(TpmResult.BAD_LOCALITY);
        assertThat(tpm.engine.tpmEstablished()).isTrue();
        assertThat(tpm.engine.resetTpmEstablished(4)).isEqualTo(TpmResult.SUCCESS);
        assertThat(tpm.engine.tpmEstablished()).isFalse();
    }

    @Test
    void aStoppedEngineAnswersLikeAStoppedSwtpm() {
        assertThat(engine.isRunning()).isFalse();
        assertThat(TestBytes.hex(engine.process(TestBytes.hex("8001 0000000c 00000144 0000"), 0)))
                .isEqualTo("80010000000a00000101");
        assertThat(engine.volatileState()).isNull();
        assertThat(engine.hashStart()).isEqualTo(TpmResult.FAIL);
    }

    @Test
    void terminateStopsAndIsIdempotent() {
        assertThat(engine.mainInit()).isEqualTo(TpmResult.SUCCESS);
        assertThat(engine.isRunning()).isTrue();
        engine.terminate();
        engine.terminate();
        assertThat(engine.isRunning()).isFalse();
        assertThat(engine.cancelCommand()).isEqualTo(TpmResult.SUCCESS);
    }

    @Test
    void localitiesFiveToThirtyOneCountAsZero() {
        EngineFixture tpm = new EngineFixture();
        assertThat(TestBytes.hex(tpm.engine.process(TestBytes.hex("8001 0000000c 00000144 0000"), 7)))
                .as("Startup accepts locality 0").isEqualTo("80010000000a00000000");
        EngineFixture other = new EngineFixture();
        assertThat(TestBytes.hex(other.engine.process(TestBytes.hex("8001 0000000c 00000144 0000"), 32)))
                .as("32 is an extended locality, not 0 or 3").isEqualTo("80010000000a00000907");
    }
}
