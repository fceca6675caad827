package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.changeAuth;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.compare;

import org.junit.jupiter.api.Test;

/**
 * HierarchyControl, SetPrimaryPolicy, ClearControl and Clear, the same bytes to the C swtpm and
 * to the engine, compared byte for byte; the effects are read back with GetCapability and
 * ReadClock.
 */
class SwtpmHierarchyDifferentialTest {
    private static final String OWNER = "40000001";
    private static final String LOCKOUT = "4000000a";
    private static final String ENDORSEMENT = "4000000b";
    private static final String PLATFORM = "4000000c";
    private static final String PLATFORM_NV = "4000000d";
    private static final byte[] STARTUP_CLEAR_ATTRIBUTES = getCapability(6, 0x201, 1);
    private static final byte[] PERMANENT_ATTRIBUTES = getCapability(6, 0x200, 1);
    private static final byte[] AUTH_POLICIES = getCapability(9, 0x40000000, 16);

    static byte[] control(String auth, String session, String enable, int state) {
        return command(SESSIONS, 0x121, auth + sessions(session) + enable + String.format("%02x", state));
    }

    static byte[] policy(String auth, String session, String policyHex, int hashAlg) {
        String bytes = policyHex.replace(" ", "");
        return command(SESSIONS, 0x12E, auth + sessions(session)
                + String.format("%04x%s%04x", bytes.length() / 2, bytes, hashAlg));
    }

    static byte[] clearControl(String auth, String session, int disable) {
        return command(SESSIONS, 0x127, auth + sessions(session) + String.format("%02x", disable));
    }

    static byte[] clear(String auth, String session) {
        return command(SESSIONS, 0x126, auth + sessions(session));
    }

    @Test
    void hierarchyControl() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("owner disables endorsement", control(OWNER, PW, ENDORSEMENT, 0));
            t.send("owner disables platform", control(OWNER, PW, PLATFORM, 0));
            t.send("endorsement disables itself", control(ENDORSEMENT, PW, ENDORSEMENT, 0));
            t.send("endorsement handle now disabled", control(ENDORSEMENT, PW, ENDORSEMENT, 1));
            t.send("TPM_PT_STARTUP_CLEAR", STARTUP_CLEAR_ATTRIBUTES);
            t.send("lockout handle", control(LOCKOUT, PW, OWNER, 0));
            t.send("bad enable", control(PLATFORM, PW, LOCKOUT, 0));
            t.send("bad state", control(PLATFORM, PW, OWNER, 2));
            t.send("truncated", command(SESSIONS, 0x121, PLATFORM + sessions(PW) + OWNER));
            t.send("owner enables owner (no change)", control(OWNER, PW, OWNER, 1));
            t.send("platform enables endorsement", control(PLATFORM, PW, ENDORSEMENT, 1));
            t.send("platform disables platformNV", control(PLATFORM, PW, PLATFORM_NV, 0));
            t.send("owner disables owner", control(OWNER, PW, OWNER, 0));
            t.send("owner handle disabled", changeAuth(0x40000001, PW, ""));
            t.send("Hash with the owner ticket", command(NO_SESSIONS, 0x17D, "0001 61 000b " + OWNER), Masks.hashTicket());
            t.send("TPM_PT_STARTUP_CLEAR", STARTUP_CLEAR_ATTRIBUTES);
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.send("platform enables owner: clears the orderly state", control(PLATFORM, PW, OWNER, 1));
            t.send("platform disables platform", control(PLATFORM, PW, PLATFORM, 0));
            t.send("platform handle disabled", control(PLATFORM, PW, PLATFORM, 1));
            t.send("TPM_PT_STARTUP_CLEAR", STARTUP_CLEAR_ATTRIBUTES);
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE) after the orderly state was cleared", command(NO_SESSIONS, 0x144, "0001"));
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("TPM_PT_STARTUP_CLEAR", STARTUP_CLEAR_ATTRIBUTES);
        });
    }

    @Test
    void setPrimaryPolicy() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("owner SHA-256", policy(OWNER, PW, "aa".repeat(32), 0xB));
            t.send("endorsement SHA-1", policy(ENDORSEMENT, PW, "bb".repeat(20), 0x4));
            t.send("lockout SHA-512", policy(LOCKOUT, PW, "cc".repeat(64), 0xD));
            t.send("platform SHA-384", policy(PLATFORM, PW, "dd".repeat(48), 0xC));
            t.send("TPM_CAP_AUTH_POLICIES", AUTH_POLICIES);
            t.send("TPM_PT_PERMANENT", PERMANENT_ATTRIBUTES);
            t.send("size does not match", policy(OWNER, PW, "aa".repeat(31), 0xB));
            t.send("NULL with a digest", policy(OWNER, PW, "aa", 0x10));
            t.send("65 bytes", policy(OWNER, PW, "aa".repeat(65), 0xD));
            t.send("bad hash", policy(OWNER, PW, "", 0x99));
            t.send("TPM_RH_NULL", policy("40000007", PW, "", 0x10));
            t.send("trailing byte", command(SESSIONS, 0x12E, OWNER + sessions(PW) + "0000 0010 00"));
            t.send("wrong auth", policy(OWNER, password(0, "01"), "", 0x10));
            t.send("owner back to NULL", policy(OWNER, PW, "", 0x10));
            t.send("TPM_CAP_AUTH_POLICIES", AUTH_POLICIES);
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("TPM_CAP_AUTH_POLICIES: platform policy gone", AUTH_POLICIES);
        });
    }

    @Test
    void clearAndClearControl() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("owner auth", changeAuth(0x40000001, PW, "01"));
            t.send("endorsement auth", changeAuth(0x4000000B, PW, "02"));
            t.send("lockout auth", changeAuth(0x4000000A, PW, "03"));
            t.send("owner policy", policy(OWNER, password(0, "01"), "aa".repeat(32), 0xB));
            t.send("DA parameters", command(SESSIONS, 0x13A, LOCKOUT + sessions(password(0, "03")) + "00000009 00000008 00000007"));
            t.send("disable endorsement", control(PLATFORM, PW, ENDORSEMENT, 0));
            t.send("ClockSet", command(SESSIONS, 0x128, PLATFORM + sessions(PW) + "0000010000000000"));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR): restart", command(NO_SESSIONS, 0x144, "0000"));
            t.send("ReadClock", command(NO_SESSIONS, 0x181), Masks.clockTicks());
            t.send("ClearControl owner handle", clearControl(OWNER, password(0, "01"), 1));
            t.send("ClearControl bad value", clearControl(PLATFORM, PW, 2));
            t.send("ClearControl lockout disables", clearControl(LOCKOUT, password(0, "03"), 1));
            t.send("TPM_PT_PERMANENT", PERMANENT_ATTRIBUTES);
            t.send("Clear: disabled", clear(PLATFORM, PW));
            t.send("ClearControl lockout cannot enable", clearControl(LOCKOUT, password(0, "03"), 0));
            t.send("ClearControl platform enables", clearControl(PLATFORM, PW, 0));
            t.send("Clear with owner", clear(OWNER, password(0, "01")));
            t.send("Clear with a wrong lockout auth", clear(LOCKOUT, PW));
            t.send("Clear with a trailing byte", command(SESSIONS, 0x126, PLATFORM + sessions(PW) + "00"));
            t.send("disable endorsement", control(PLATFORM, PW, ENDORSEMENT, 0));
            t.send("Clear", clear(PLATFORM, PW));
            t.send("TPM_PT_PERMANENT", PERMANENT_ATTRIBUTES);
            t.send("TPM_PT_STARTUP_CLEAR", STARTUP_CLEAR_ATTRIBUTES);
            t.send("DA properties", getCapability(6, 0x20E, 4));
            t.send("TPM_CAP_AUTH_POLICIES", AUTH_POLICIES);
            t.send("ReadClock", command(NO_SESSIONS, 0x181), Masks.clockTicks());
            t.send("owner auth is empty", changeAuth(0x40000001, PW, ""));
            t.send("lockout auth is empty", changeAuth(0x4000000A, PW, ""));
            t.send("Clear with lockout", clear(LOCKOUT, PW));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("ReadClock", command(NO_SESSIONS, 0x181), Masks.clockTicks());
            t.send("TPM_PT_PERMANENT", PERMANENT_ATTRIBUTES);
        });
    }

    @Test
    void changeEpsAndPps() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("endorsement auth", changeAuth(0x4000000B, PW, "02"));
            t.send("endorsement policy", policy(ENDORSEMENT, password(0, "02"), "bb".repeat(20), 0x4));
            t.send("platform policy", policy(PLATFORM, PW, "dd".repeat(48), 0xC));
            t.send("platform auth", changeAuth(0x4000000C, PW, "0c"));
            t.send("disable endorsement", control(PLATFORM, password(0, "0c"), ENDORSEMENT, 0));
            t.send("ChangeEPS owner handle", command(SESSIONS, 0x124, OWNER + sessions(PW)));
            t.send("ChangeEPS wrong auth", command(SESSIONS, 0x124, PLATFORM + sessions(PW)));
            t.send("ChangeEPS trailing byte", command(SESSIONS, 0x124, PLATFORM + sessions(password(0, "0c")) + "00"));
            t.send("ChangeEPS", command(SESSIONS, 0x124, PLATFORM + sessions(password(0, "0c"))));
            t.send("TPM_PT_STARTUP_CLEAR", STARTUP_CLEAR_ATTRIBUTES);
            t.send("TPM_PT_PERMANENT", PERMANENT_ATTRIBUTES);
            t.send("TPM_CAP_AUTH_POLICIES", AUTH_POLICIES);
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.send("ChangePPS lockout handle", command(SESSIONS, 0x125, LOCKOUT + sessions(PW)));
            t.send("ChangePPS", command(SESSIONS, 0x125, PLATFORM + sessions(password(0, "0c"))));
            t.send("platform auth kept", changeAuth(0x4000000C, password(0, "0c"), ""));
            t.send("TPM_CAP_AUTH_POLICIES", AUTH_POLICIES);
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE) after the orderly state was cleared", command(NO_SESSIONS, 0x144, "0001"));
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("TPM_PT_PERMANENT", PERMANENT_ATTRIBUTES);
        });
    }
}
