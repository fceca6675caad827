package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.TestBytes.hex;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;

import java.security.SecureRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The same byte sequences to the C swtpm 0.7.1 / libtpms 0.9.2 and to the engine; every
 * response must be equal byte for byte, except the ranges {@link Masks} names (random bytes,
 * C source locations, and the implemented-command counts that grow with later issues).
 * Commands shorter than 10 bytes are not sent: swtpm waits for 10 bytes before it calls
 * libtpms (see CommandExecutorTest for those, checked against libtpms itself).
 */
class SwtpmDifferentialTest {
    private static final int NO_SESSIONS = DifferentialCommands.NO_SESSIONS;
    private static final int SESSIONS = DifferentialCommands.SESSIONS;
    private static final String PW = "40000009 0000 00 0000";

    private static void compare(Consumer<Transcript> scenario) {
        SecureRandom random = new SecureRandom();
        DifferentialRunner.compare(scenario, () -> random::nextBytes, null);
    }

    @Test
    void malformedHeadersBeforeAndAfterStartup() {
        compare(t -> {
            headerBattery(t, "before Startup");
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            headerBattery(t, "after Startup");
            t.send("second Startup", command(NO_SESSIONS, 0x144, "0000"));
        });
    }

    private static void headerBattery(Transcript t, String when) {
        t.send(when + ": GetRandom", command(NO_SESSIONS, 0x17B, "0008"), Masks.randomBytes());
        t.send(when + ": tag 0x1234", hex("1234 0000000c 0000017b 0008"));
        t.send(when + ": TPM 1.2 tag 0x00C1", hex("00c1 0000000c 0000017b 0008"));
        t.send(when + ": tag TPM_ST_NULL", hex("8000 0000000c 0000017b 0008"));
        t.send(when + ": tag TPM_ST_RSP_COMMAND", hex("00c4 0000000c 0000017b 0008"));
        t.send(when + ": tag TPM_ST_ATTEST_QUOTE", hex("8018 0000000c 0000017b 0008"));
        t.send(when + ": bad tag and bad size", hex("1234 00000099 0000017b 0008"));
        t.send(when + ": size too big", hex("8001 0000000d 0000017b 0008"));
        t.send(when + ": size too small", hex("8001 0000000b 0000017b 0008"));
        t.send(when + ": size 0", hex("8001 00000000 0000017b 0008"));
        t.send(when + ": 10 bytes, GetRandom without parameter", hex("8001 0000000a 0000017b"));
        t.send(when + ": unknown command code", command(NO_SESSIONS, 0xFFFF, "0008"));
        t.send(when + ": vendor command code", command(NO_SESSIONS, 0x20000000, ""));
        t.send(when + ": command code not in 0.9.2", command(NO_SESSIONS, 0x199, ""));
        t.send(when + ": 4097-byte command", command(NO_SESSIONS, 0x17B, "0008" + "00".repeat(4097 - 12)));
        t.send(when + ": 4096-byte command", command(NO_SESSIONS, 0x17B, "0008" + "00".repeat(4096 - 12)));
        t.send(when + ": short GetRandom", command(NO_SESSIONS, 0x17B, "00"));
        t.send(when + ": GetRandom with a byte too many", command(NO_SESSIONS, 0x17B, "0008 00"));
    }

    @Test
    void startupAndShutdownOrders() {
        compare(t -> {
            t.send("Startup(STATE) after manufacture", command(NO_SESSIONS, 0x144, "0001"));
            t.send("Startup with type 2", command(NO_SESSIONS, 0x144, "0002"));
            t.send("Startup with a short type", command(NO_SESSIONS, 0x144, "00"));
            t.send("Startup with a byte too many", command(NO_SESSIONS, 0x144, "0000 00"));
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("Shutdown with type 2", command(NO_SESSIONS, 0x145, "0002"));
            t.send("Shutdown short", command(NO_SESSIONS, 0x145, ""));
            t.record("INIT without Shutdown", t.tpm().init());
            t.send("Startup(STATE) without Shutdown(STATE)", command(NO_SESSIONS, 0x144, "0001"));
            t.send("Startup(CLEAR) (reset)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.send("GetRandom after Shutdown", command(NO_SESSIONS, 0x17B, "0004"), Masks.randomBytes());
            t.send("Shutdown(STATE) again", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE) (resume)", command(NO_SESSIONS, 0x144, "0001"));
            t.send("orderly flag", getCapability(6, 0x201, 1));
            t.send("PCR_Read after resume", command(NO_SESSIONS, 0x17E, "00000001 000b 03 ffffff"));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR) after Shutdown(STATE) (restart)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE) after Shutdown(CLEAR)", command(NO_SESSIONS, 0x144, "0001"));
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("startup-clear flags", getCapability(6, 0x200, 2));
        });
    }

    @Test
    void startupLocalities() {
        compare(t -> {
            t.record("locality 1", t.tpm().setLocality(1));
            t.send("Startup at locality 1", command(NO_SESSIONS, 0x144, "0000"));
            t.record("locality 4", t.tpm().setLocality(4));
            t.send("Startup at locality 4", command(NO_SESSIONS, 0x144, "0000"));
            t.record("locality 3", t.tpm().setLocality(3));
            t.send("Startup at locality 3", command(NO_SESSIONS, 0x144, "0000"));
            t.send("PCR 0 holds the startup locality", command(NO_SESSIONS, 0x17E, "00000001 0004 03 010000"));
            t.record("locality 0", t.tpm().setLocality(0));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE) from locality 0 after locality 3", command(NO_SESSIONS, 0x144, "0001"));
            t.record("locality 3", t.tpm().setLocality(3));
            t.send("Startup(STATE) from locality 3", command(NO_SESSIONS, 0x144, "0001"));
            t.send("PCR_Read all banks of PCR 0", command(NO_SESSIONS, 0x17E,
                    "00000004 0004 03 010000 000b 03 010000 000c 03 010000 000d 03 010000"));
        });
    }

    @Test
    void randomNumbers() {
        compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            for (int length : new int[] {0, 1, 8, 32, 48, 63, 64, 65, 100, 0xFFFF}) {
                t.send("GetRandom " + length, command(NO_SESSIONS, 0x17B, String.format("%04x", length)),
                        Masks.randomBytes());
            }
            t.send("StirRandom 5 bytes", command(NO_SESSIONS, 0x146, "0005 0102030405"));
            t.send("StirRandom 128 bytes", command(NO_SESSIONS, 0x146, "0080" + "ab".repeat(128)));
            t.send("StirRandom 129 bytes", command(NO_SESSIONS, 0x146, "0081" + "00".repeat(129)));
            t.send("StirRandom size beyond data", command(NO_SESSIONS, 0x146, "0010 00"));
            t.send("GetTestResult", command(NO_SESSIONS, 0x17C));
        });
    }

    @Test
    void authorizationAreas() {
        compare(t -> {
            t.send("Startup with sessions", command(SESSIONS, 0x144, sessions(PW) + "0000"));
            t.send("Startup with authorizationSize 8", command(SESSIONS, 0x144, "00000008 40000009 0000 00 00 0000"));
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("GetRandom with a password session", command(SESSIONS, 0x17B, sessions(PW) + "0008"));
            t.send("authorizationSize 8", command(SESSIONS, 0x17B, "00000008 40000009 0000 00 00 0008"));
            t.send("authorizationSize beyond the command", command(SESSIONS, 0x17B, "0000000c 40000009 0000 00 0000 0008"));
            t.send("authorizationSize covering the parameters", command(SESSIONS, 0x17B, "0000000b 40000009 0000 00 0000 0008"));
            t.send("no authorization area", command(SESSIONS, 0x17B, "0008"));
            t.send("authorizationSize only", command(SESSIONS, 0x17B, "00000009"));
            t.send("truncated session handle", command(SESSIONS, 0x17B, "00000009 400000"));
            t.send("HMAC session 0x02000000", command(SESSIONS, 0x17B, sessions("02000000 0000 01 0000") + "0008"));
            t.send("HMAC session 0x0200003f", command(SESSIONS, 0x17B, sessions("0200003f 0000 01 0000") + "0008"));
            t.send("HMAC session 0x02000040", command(SESSIONS, 0x17B, sessions("02000040 0000 01 0000") + "0008"));
            t.send("policy session 0x03000005", command(SESSIONS, 0x17B, sessions("03000005 0000 01 0000") + "0008"));
            t.send("transient handle as session", command(SESSIONS, 0x17B, sessions("80000000 0000 01 0000") + "0008"));
            t.send("password with nonce", command(SESSIONS, 0x17B, sessions("40000009 0002 aabb 00 0000") + "0008"));
            t.send("password with encrypt", command(SESSIONS, 0x17B, sessions("40000009 0000 40 0000") + "0008"));
            t.send("password with continueSession", command(SESSIONS, 0x17B, sessions("40000009 0000 01 0000") + "0008"));
            t.send("reserved attribute bits", command(SESSIONS, 0x17B, sessions("40000009 0000 18 0000") + "0008"));
            t.send("password with value", command(SESSIONS, 0x17B, sessions("40000009 0000 00 0002 aabb") + "0008"));
            t.send("two password sessions", command(SESSIONS, 0x17B, sessions(PW, PW) + "0008"));
            t.send("password then HMAC", command(SESSIONS, 0x17B, sessions(PW, "02000001 0000 00 0000") + "0008"));
            t.send("HMAC then password", command(SESSIONS, 0x17B, sessions("02000001 0000 00 0000", PW) + "0008"));
            t.send("four password sessions", command(SESSIONS, 0x17B, sessions(PW, PW, PW, PW) + "0008"));
            t.send("nonce beyond area", command(SESSIONS, 0x17B, sessions("40000009 0020 00 0000") + "0008"));
            t.send("nonce of 65 bytes", command(SESSIONS, 0x17B, sessions("40000009 0041" + "00".repeat(65) + " 00 0000") + "0008"));
            t.send("password of 65 bytes", command(SESSIONS, 0x17B, sessions("40000009 0000 00 0041" + "00".repeat(65)) + "0008"));
            t.send("sessions without parameters", command(SESSIONS, 0x17B, sessions(PW)));
            t.send("GetCapability with a password", command(SESSIONS, 0x17A, sessions(PW) + "00000006 00000100 00000001"));
            t.send("Shutdown with a password", command(SESSIONS, 0x145, sessions(PW) + "0000"));
            t.send("Shutdown with an HMAC session", command(SESSIONS, 0x145, sessions("02000000 0000 01 0000") + "0000"));
            t.send("GetTestResult with a password", command(SESSIONS, 0x17C, sessions(PW)));
        });
    }

    @Test
    void failureMode() {
        compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.tpm().breakStorage();
            t.send("Shutdown whose NV write fails", command(NO_SESSIONS, 0x145, "0000"));
            t.send("GetRandom", command(NO_SESSIONS, 0x17B, "0008"));
            t.send("GetTestResult", command(NO_SESSIONS, 0x17C), Masks.failureLocation());
            t.send("GetTestResult with a byte too many", command(NO_SESSIONS, 0x17C, "00"));
            t.send("GetTestResult with sessions tag", command(SESSIONS, 0x17C));
            for (long[] r : new long[][] {{0x100, 1}, {0x105, 1}, {0x105, 5}, {0x100, 0}, {0x10A, 1}, {0x10B, 1},
                {0x10C, 1}, {0x10D, 1}, {0x10D, 0}, {0, 1}, {0x201, 1}, {0xFFFFFFFFL, 1}, {0x107, 1}}) {
                t.send(String.format("vendor property 0x%x count %d", r[0], r[1]), getCapability(6, r[0], r[1]));
            }
            t.send("GetCapability of algorithms", getCapability(0, 0, 1));
            t.send("GetCapability without count", command(NO_SESSIONS, 0x17A, "00000006 00000100"));
            t.send("GetCapability with a byte too many", command(NO_SESSIONS, 0x17A, "00000006 00000100 00000001 00"));
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("bad tag", hex("1234 0000000c 0000017b 0008"));
        });
    }
}
