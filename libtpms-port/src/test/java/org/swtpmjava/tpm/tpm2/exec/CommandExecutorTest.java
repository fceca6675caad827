package org.swtpmjava.tpm.tpm2.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.swtpmjava.tpm.EngineFixture;

/**
 * Command/response vectors for header handling and dispatch. Expected bytes are what the C
 * swtpm 0.7.1 / libtpms 0.9.2 answered to the same bytes; commands shorter than 10 bytes were
 * given to libtpms' TPMLIB_Process directly, because swtpm waits for 10 bytes.
 */
class CommandExecutorTest {

    @Nested
    class BeforeStartup {
        private final EngineFixture tpm = new EngineFixture();

        @Test
        void everyCommandButStartupAnswersInitialize() {
            assertThat(tpm.send("8001 0000000c 0000017b 0008")).isEqualTo("80010000000a00000100");
            assertThat(tpm.send("8001 00000016 0000017a 00000006 00000100 00000001")).isEqualTo("80010000000a00000100");
        }

        @Test
        void headerErrorsComeBeforeTheStartupCheck() {
            assertThat(tpm.send("8001 0000000d 0000017b 0008")).isEqualTo("80010000000a00000142");
            assertThat(tpm.send("8001 0000000c 0000ffff 0008")).isEqualTo("80010000000a00000143");
        }

        @Test
        void startupStateWithoutShutdownStateIsValueForParameter1() {
            assertThat(tpm.send("8001 0000000c 00000144 0001")).isEqualTo("80010000000a000001c4");
        }
    }

    @Nested
    class Header {
        private final EngineFixture tpm = EngineFixture.started();

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "'',                      80010000000a0000009a",
            "80,                      80010000000a0000009a",
            "8001,                    80010000000a0000009a",
            "800100,                  80010000000a0000009a",
            "80010000000a,            80010000000a00000142",
            "800100000006,            80010000000a0000009a",
            "8001 00000009 000001,    80010000000a0000009a",
            "1234,                    80010000000a00000084",
            "8000,                    80010000000a0000001e",
        })
        void commandsShorterThanAHeader(String command, String response) {
            assertThat(tpm.send(command)).isEqualTo(response);
        }

        @ParameterizedTest(name = "tag {0} -> {1}")
        @CsvSource({
            "1234, 80010000000a00000084",
            "00c1, 80010000000a00000084",
            "8000, 80010000000a0000001e",
            "00c4, 80010000000a0000001e",
            "8018, 80010000000a0000001e",
        })
        void tagsThatAreNotCommandTags(String tag, String response) {
            assertThat(tpm.send(tag + "0000000c 0000017b 0008")).isEqualTo(response);
        }

        @Test
        void sizeFieldMustEqualTheBytesReceived() {
            assertThat(tpm.send("8001 0000000d 0000017b 0008")).isEqualTo("80010000000a00000142");
            assertThat(tpm.send("8001 0000000b 0000017b 0008")).isEqualTo("80010000000a00000142");
            assertThat(tpm.send("1234 00000099 0000017b 0008")).as("the tag is checked first")
                    .isEqualTo("80010000000a00000084");
        }

        @Test
        void commandsAboveTheBufferSizeAreCommandSize() {
            assertThat(tpm.send(command(0x8001, 0x17B, "0008" + "00".repeat(4097 - 12))))
                    .isEqualTo("80010000000a00000142");
            assertThat(tpm.send(command(0x8001, 0x17B, "0008" + "00".repeat(4096 - 12))))
                    .as("4096 bytes are accepted; the rest are leftover parameters").isEqualTo("80010000000a00000095");
        }

        @Test
        void unknownCommandCodeIsCommandCode() {
            assertThat(tpm.send("8001 0000000c 0000ffff 0008")).isEqualTo("80010000000a00000143");
            assertThat(tpm.send("8001 0000000a 20000000")).isEqualTo("80010000000a00000143");
        }

        @Test
        void secondStartupIsInitialize() {
            assertThat(tpm.send("8001 0000000c 00000144 0000")).isEqualTo("80010000000a00000100");
        }

        @Test
        void errorsAnswerWithNoSessionsTagEvenForSessionCommands() {
            assertThat(tpm.send(command(0x8002, 0x17B, "00000009 40000009 0000 00 0000 0008")))
                    .isEqualTo("80010000000a0000098b");
        }
    }

    @Nested
    class Parameters {
        private final EngineFixture tpm = EngineFixture.started();

        @Test
        void shortGetRandomIsInsufficientForParameter1() {
            assertThat(tpm.send("8001 0000000b 0000017b 00")).isEqualTo("80010000000a000001da");
        }

        @Test
        void leftoverBytesAreBareSize() {
            assertThat(tpm.send("8001 0000000d 0000017b 0008 00")).isEqualTo("80010000000a00000095");
        }

        @Test
        void badStartupTypeIsValueForParameter1() {
            assertThat(tpm.send("8001 0000000c 00000145 0002")).isEqualTo("80010000000a000001c4");
        }

        @Test
        void missingThirdGetCapabilityParameterIsInsufficientForParameter3() {
            assertThat(tpm.send("8001 00000012 0000017a 00000006 00000100")).isEqualTo("80010000000a000003da");
        }
    }

    @Nested
    class GetRandomLengths {
        private final EngineFixture tpm = EngineFixture.started();

        @ParameterizedTest(name = "{0} bytes requested -> {1}")
        @CsvSource({"0, 0", "1, 1", "8, 8", "64, 64", "65, 64", "100, 64", "65535, 64"})
        void returnsAtMostSixtyFourBytes(int requested, int returned) {
            String response = tpm.send(command(0x8001, 0x17B, String.format("%04x", requested)));
            assertThat(response).startsWith(String.format("8001%08x00000000%04x", 12 + returned, returned))
                    .hasSize(2 * (12 + returned));
        }

        @Test
        void bytesComeFromTheDrbgAsInLibtpms() {
            // libtpms 0.9.2 with RAND_bytes fed the same stream as FixedEntropy answered these bytes.
            assertThat(tpm.send("8001 0000000c 0000017b 0010"))
                    .isEqualTo("80010000001c000000000010ec0176f9a655c3179df75f5d6f202380");
        }
    }
}
