package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.changeAuth;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.compare;

import org.junit.jupiter.api.Test;

/**
 * ReadClock, ClockSet and ClockRateAdjust, the same bytes to the C swtpm and to the engine,
 * compared byte for byte except the running time and the low bytes of clock ({@link Masks#clockTicks}).
 */
class SwtpmClockDifferentialTest {
    private static final byte[] READ_CLOCK = command(NO_SESSIONS, 0x181);

    static byte[] clockSet(String auth, String session, String newTimeHex) {
        return command(SESSIONS, 0x128, auth + sessions(session) + newTimeHex);
    }

    static byte[] rateAdjust(String auth, String session, String adjustHex) {
        return command(SESSIONS, 0x130, auth + sessions(session) + adjustHex);
    }

    @Test
    void readAndSetClock() {
        compare(t -> {
            t.send("ReadClock before Startup", READ_CLOCK);
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("ReadClock", READ_CLOCK, Masks.clockTicks());
            t.send("ReadClock with a session", command(SESSIONS, 0x181, sessions(PW)));
            t.send("ReadClock with a trailing byte", command(NO_SESSIONS, 0x181, "00"));
            t.send("ClockSet owner 2^40", clockSet("40000001", PW, "0000010000000000"));
            t.send("ReadClock", READ_CLOCK, Masks.clockTicks());
            t.send("ClockSet backwards", clockSet("40000001", PW, "0000000100000000"));
            t.send("ClockSet platform 2^41", clockSet("4000000c", PW, "0000020000000000"));
            t.send("ClockSet endorsement", clockSet("4000000b", PW, "0000030000000000"));
            t.send("ClockSet lockout", clockSet("4000000a", PW, "0000030000000000"));
            t.send("ClockSet TPM_RH_NULL", clockSet("40000007", PW, "0000030000000000"));
            t.send("ClockSet above the maximum", clockSet("40000001", PW, "ffff000000000001"));
            t.send("ClockSet truncated", clockSet("40000001", PW, "00000300"));
            t.send("ClockSet trailing byte", clockSet("40000001", PW, "0000030000000000 00"));
            t.send("ClockSet without sessions", command(NO_SESSIONS, 0x128, "40000001 0000030000000000"));
            t.send("owner auth", changeAuth(0x40000001, PW, "0a0b"));
            t.send("ClockSet wrong owner auth", clockSet("40000001", PW, "0000030000000000"));
            t.send("ClockSet right owner auth", clockSet("40000001", password(0, "0a0b"), "0000030000000000"));
            t.send("ReadClock", READ_CLOCK, Masks.clockTicks());
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR): a restart", command(NO_SESSIONS, 0x144, "0000"));
            t.send("ReadClock", READ_CLOCK, Masks.clockTicks());
            t.record("INIT without Shutdown", t.tpm().init());
            t.send("Startup(CLEAR): a reset", command(NO_SESSIONS, 0x144, "0000"));
            t.send("ReadClock: not safe", READ_CLOCK, Masks.clockTicks());
            t.send("ClockSet to the maximum", clockSet("4000000c", PW, "ffff000000000000"));
            t.send("ReadClock", READ_CLOCK, Masks.clockTicks());
        });
    }

    @Test
    void clockRateAdjust() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            for (String adjust : new String[] {"fd", "fe", "ff", "00", "01", "02", "03", "03", "03"}) {
                t.send("ClockRateAdjust " + adjust, rateAdjust("40000001", PW, adjust));
            }
            t.send("ClockRateAdjust 04", rateAdjust("40000001", PW, "04"));
            t.send("ClockRateAdjust fc", rateAdjust("40000001", PW, "fc"));
            t.send("ClockRateAdjust 80", rateAdjust("40000001", PW, "80"));
            t.send("ClockRateAdjust 7f", rateAdjust("40000001", PW, "7f"));
            t.send("ClockRateAdjust truncated", rateAdjust("40000001", PW, ""));
            t.send("ClockRateAdjust trailing byte", rateAdjust("40000001", PW, "0000"));
            t.send("ClockRateAdjust platform", rateAdjust("4000000c", PW, "ff"));
            t.send("ClockRateAdjust endorsement", rateAdjust("4000000b", PW, "ff"));
            t.send("ClockRateAdjust wrong auth", rateAdjust("4000000c", password(0, "01"), "ff"));
            t.send("ClockRateAdjust without sessions", command(NO_SESSIONS, 0x130, "4000000c 00"));
            t.send("ReadClock", READ_CLOCK, Masks.clockTicks());
        });
    }
}
