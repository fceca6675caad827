package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Capabilities, PCRs, the _TPM_Hash_* indications and the library functions, compared with the
 * C swtpm 0.7.1 / libtpms 0.9.2 byte for byte (masks: {@link Masks}).
 */
class SwtpmCapabilityDifferentialTest {
    private static final int NO_SESSIONS = DifferentialCommands.NO_SESSIONS;

    private static void compare(Consumer<Transcript> scenario) {
        SecureRandom random = new SecureRandom();
        DifferentialRunner.compare(scenario, () -> random::nextBytes, null);
    }

    @Test
    void tpmPropertiesPaging() {
        long[][] requests = {{0x100, 1}, {0x100, 0}, {0x100, 1000}, {0x100, 127}, {0x100, 46}, {0x100, 45},
            {0x12E, 5}, {0x12F, 5}, {0x115, 2}, {0x1FF, 1}, {0, 2}, {0x22, 1}, {0x200, 127}, {0x200, 0},
            {0x214, 3}, {0x215, 3}, {0x2FF, 5}, {0x300, 5}, {0xFFFFFFFFL, 3}, {0x1FFFFFF, 1}, {0x105, 8}};
        compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            for (long[] request : requests) {
                t.send(String.format("TPM_PROPERTIES from 0x%x count %d", request[0], request[1]),
                        getCapability(6, request[0], request[1]));
            }
        });
    }

    @Test
    void otherCapabilities() {
        long[][] requests = {{0, 0, 64}, {0, 0x15, 3}, {0, 0x45, 3}, {0, 0, 0}, {0, 0, 200}, {0, 0x10001, 3},
            {1, 0, 64}, {1, 5, 3}, {1, 0x40000000L, 64}, {1, 0x40000008L, 2}, {1, 0x80000000L, 64},
            {1, 0x81000000L, 1}, {1, 0x01000000, 1}, {1, 0x02000000, 1}, {1, 0x03000000, 1}, {1, 0x05000000, 1},
            {3, 0, 64}, {3, 0x12E, 64}, {3, 0, 0}, {4, 0, 64}, {5, 0, 0}, {5, 0, 1}, {5, 1, 1},
            {7, 0, 64}, {7, 5, 1}, {7, 0x14, 1}, {7, 0, 0}, {7, 0x15, 1}, {8, 0, 64}, {8, 4, 2}, {8, 0x21, 2},
            {9, 0x40000000L, 64}, {9, 0x4000000BL, 1}, {9, 0, 1}, {10, 0x40000110L, 64}, {10, 0, 1},
            {0x100, 0, 1}, {0x12345, 0, 8}, {11, 0, 1}, {0xFFFFFFFFL, 0, 1}};
        compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            for (long[] r : requests) {
                t.send(String.format("capability 0x%x from 0x%x count %d", r[0], r[1], r[2]), getCapability(r[0], r[1], r[2]));
            }
            t.send("GetCapability without count", command(NO_SESSIONS, 0x17A, "00000006 00000100"));
            t.send("GetCapability without property", command(NO_SESSIONS, 0x17A, "00000006"));
            t.send("GetCapability with a byte too many", command(NO_SESSIONS, 0x17A, "00000006 00000100 00000001 00"));
        });
    }

    @Test
    void pcrRead() {
        compare(t -> {
            t.send("PCR_Read before Startup", command(NO_SESSIONS, 0x17E, "00000001 000b 03 010000"));
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("PCR 0-2 SHA-256", command(NO_SESSIONS, 0x17E, "00000001 000b 03 070000"));
            t.send("PCR 16-23 SHA-1", command(NO_SESSIONS, 0x17E, "00000001 0004 03 0000ff"));
            t.send("12 PCRs in 4 banks (8 returned)", command(NO_SESSIONS, 0x17E,
                    "00000004 0004 03 070000 000b 03 070000 000c 03 070000 000d 03 070000"));
            t.send("nothing selected", command(NO_SESSIONS, 0x17E, "00000001 000d 03 000000"));
            t.send("empty list", command(NO_SESSIONS, 0x17E, "00000000"));
            t.send("SM3 bank", command(NO_SESSIONS, 0x17E, "00000001 0012 03 010000"));
            t.send("sizeofSelect 4", command(NO_SESSIONS, 0x17E, "00000001 000b 04 01000000"));
            t.send("sizeofSelect 2", command(NO_SESSIONS, 0x17E, "00000001 000b 02 0100"));
            t.send("five selections", command(NO_SESSIONS, 0x17E, "00000005"));
            t.send("selection cut short", command(NO_SESSIONS, 0x17E, "00000001 000b 03 01"));
        });
    }

    @Test
    void hashSequences() {
        byte[] sha256Pcrs = command(NO_SESSIONS, 0x17E, "00000001 000b 03 010002");
        byte[] allBanks = command(NO_SESSIONS, 0x17E,
                "00000004 0004 03 010002 000b 03 010002 000c 03 010002 000d 03 010002");
        byte[] data = "measured boot".getBytes(StandardCharsets.US_ASCII);
        compare(t -> {
            TpmUnderTest tpm = t.tpm();
            t.record("established at start", tpm.tpmEstablished());
            t.record("Hash_End without Start", tpm.hashEnd());
            t.record("Hash_Data without Start", tpm.hashData(data));
            t.record("H-CRTM Hash_Start", tpm.hashStart());
            t.record("established after Hash_Start", tpm.tpmEstablished());
            t.record("Hash_Data", tpm.hashData(data));
            t.record("Hash_Data (second part)", tpm.hashData(new byte[5000]));
            t.record("Hash_End", tpm.hashEnd());
            t.send("Startup(CLEAR) keeps the H-CRTM PCR 0", command(NO_SESSIONS, 0x144, "0000"));
            t.send("PCR 0 and 17 after H-CRTM", allBanks);
            t.record("DRTM Hash_Start", tpm.hashStart());
            t.record("Hash_Data", tpm.hashData(data));
            t.record("Hash_End", tpm.hashEnd());
            t.send("PCR 0 and 17 after DRTM", allBanks);
            t.record("Hash_Start", tpm.hashStart());
            t.record("Hash_Data", tpm.hashData(data));
            t.send("a command ends the sequence", command(NO_SESSIONS, 0x17E, "00000001 000b 03 000002"));
            t.record("Hash_End after a command", tpm.hashEnd());
            t.send("PCR 17 unchanged", sha256Pcrs);
            t.record("Hash_Start with no data", tpm.hashStart());
            t.record("Hash_End", tpm.hashEnd());
            t.send("PCR 17 of empty data", allBanks);
            t.record("reset established at locality 0", tpm.resetTpmEstablished(0));
            t.record("reset established at locality 2", tpm.resetTpmEstablished(2));
            t.record("still established", tpm.tpmEstablished());
            t.record("reset established at locality 3", tpm.resetTpmEstablished(3));
            t.record("established after reset", tpm.tpmEstablished());
            t.record("Hash_Start", tpm.hashStart());
            t.record("reset established at locality 4", tpm.resetTpmEstablished(4));
            t.record("established after reset at 4", tpm.tpmEstablished());
        });
    }

    @Test
    void resumeNeedsTheSameHcrtmAsTheShutdown() {
        byte[] data = "firmware".getBytes(StandardCharsets.US_ASCII);
        byte[] pcr0 = command(NO_SESSIONS, 0x17E, "00000001 000b 03 010000");
        compare(t -> {
            TpmUnderTest tpm = t.tpm();
            t.record("Hash_Start", tpm.hashStart());
            t.record("Hash_Data", tpm.hashData(data));
            t.record("Hash_End", tpm.hashEnd());
            t.send("Startup(CLEAR) after H-CRTM", command(NO_SESSIONS, 0x144, "0000"));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", tpm.init());
            t.send("Startup(STATE) without H-CRTM", command(NO_SESSIONS, 0x144, "0001"));
            t.record("INIT", tpm.init());
            t.record("Hash_Start", tpm.hashStart());
            t.record("Hash_Data", tpm.hashData(data));
            t.record("Hash_End", tpm.hashEnd());
            t.send("Startup(STATE) with H-CRTM", command(NO_SESSIONS, 0x144, "0001"));
            t.send("PCR 0 restored from the saved state", pcr0);
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            t.record("INIT", tpm.init());
            t.record("locality 3", tpm.setLocality(3));
            t.send("Startup(CLEAR) at locality 3 without H-CRTM", command(NO_SESSIONS, 0x144, "0000"));
            t.send("PCR 0 ends in the locality", pcr0);
        });
    }

    @Test
    void getInfo() {
        compare(t -> {
            for (long flags : new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 32, 64, 128, 0xFF, 0x100}) {
                t.record("GetInfo " + flags, t.tpm().info(flags));
            }
        });
    }

    @Test
    void bufferSizes() {
        compare(t -> {
            TpmUnderTest tpm = t.tpm();
            t.record("query", tpm.restartWithBufferSize(0));
            t.record("set 100", tpm.restartWithBufferSize(100));
            t.record("set 5000", tpm.restartWithBufferSize(5000));
            t.record("set 3000", tpm.restartWithBufferSize(3000));
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("MAX_COMMAND_SIZE and MAX_RESPONSE_SIZE", getCapability(6, 0x11E, 2));
            t.send("3001-byte command", command(NO_SESSIONS, 0x17B, "0008" + "00".repeat(3001 - 12)));
            t.send("3000-byte command", command(NO_SESSIONS, 0x17B, "0008" + "00".repeat(3000 - 12)));
            t.record("INIT keeps the size", tpm.init());
            t.record("query after INIT", tpm.restartWithBufferSize(0));
        });
    }
}
