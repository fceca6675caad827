package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.TestBytes.hex;
import static org.swtpmjava.tpm.differential.DifferentialCommands.allBanks;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.compare;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.pcrExtend;

import org.junit.jupiter.api.Test;

/**
 * PCR_Allocate, PCR_SetAuthPolicy and PCR_SetAuthValue: results, persistence over _TPM_Init
 * (CMD_INIT reloads the state both sides stored), the PCR capabilities afterwards, and the
 * error paths, the same bytes to the C swtpm and to the engine.
 */
class SwtpmPcrAdminDifferentialTest {
    static final int PLATFORM = 0x4000000C;
    private static final int OWNER = 0x40000001;
    private static final String SHA256_ONLY = "00000004 0004 03 000000 000b 03 ffffff 000c 03 000000 000d 03 000000";
    private static final String ALL_BANKS = "00000004 0004 03 ffffff 000b 03 ffffff 000c 03 ffffff 000d 03 ffffff";
    private static final String READ_PCR_0_AND_17 =
            "00000004 0004 03 010002 000b 03 010002 000c 03 010002 000d 03 010002";
    private static final String POLICY_SHA256 = "0020" + "5a".repeat(32) + "000b";

    static byte[] allocate(String session, String selections) {
        return command(SESSIONS, 0x12B, String.format("%08x", PLATFORM) + sessions(session) + selections);
    }

    static byte[] setAuthPolicy(String session, String policyAndAlg, int pcr) {
        return command(SESSIONS, 0x12C, String.format("%08x", PLATFORM) + sessions(session) + policyAndAlg
                + String.format("%08x", pcr));
    }

    static byte[] setAuthValue(int pcr, String session, String authHex) {
        String auth = authHex.replace(" ", "");
        return command(SESSIONS, 0x183, String.format("%08x", pcr) + sessions(session)
                + String.format("%04x", auth.length() / 2) + auth);
    }

    private static void observe(Transcript t, String when) {
        t.send(when + ": TPM_CAP_PCRS", getCapability(5, 0, 1));
        t.send(when + ": PCR_Read 0 and 17 of every bank", command(NO_SESSIONS, 0x17E, READ_PCR_0_AND_17));
        t.send(when + ": PCR_Read 0-23 of SHA-256", command(NO_SESSIONS, 0x17E, "00000001 000b 03 ffffff"));
        t.send(when + ": PCR count and select size", getCapability(6, 0x112, 2));
    }

    @Test
    void allocateSha256OnlyTakesEffectAfterReset() {
        compare(t -> {
            t.send("Allocate before Startup", allocate(PW, SHA256_ONLY));
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("Allocate SHA-256 only", allocate(PW, SHA256_ONLY));
            observe(t, "before the reset");
            t.send("Shutdown(STATE) after Allocate", command(NO_SESSIONS, 0x145, "0001"));
            t.send("Extend all banks", pcrExtend(0, PW, allBanks(0x33)));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            observe(t, "after the reset");
            t.send("Extend all banks", pcrExtend(0, PW, allBanks(0x44)));
            t.send("Event on PCR 16", command(SESSIONS, 0x13C, "00000010" + sessions(PW) + "0003 616263"));
            observe(t, "after extending");
            t.send("Shutdown(STATE) is accepted again", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE)", command(NO_SESSIONS, 0x144, "0001"));
            observe(t, "after resume");
            t.send("Allocate every bank again", allocate(PW, ALL_BANKS));
            t.record("INIT without Shutdown", t.tpm().init());
            t.send("Startup(CLEAR) after a disorderly shutdown", command(NO_SESSIONS, 0x144, "0000"));
            observe(t, "after the disorderly reset");
        });
    }

    @Test
    void allocationAndPolicySurviveANewProcess() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("Allocate SHA-256 only", allocate(PW, SHA256_ONLY));
            t.send("SHA-256 policy for PCRs 20-22", setAuthPolicy(PW, POLICY_SHA256, 22));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            t.tpm().restartProcess();
            t.send("Startup(CLEAR) in the new process", command(NO_SESSIONS, 0x144, "0000"));
            observe(t, "new process");
            t.send("PCR 20 needs a policy session", pcrExtend(20, PW, "00000001 000b" + "11".repeat(32)));
            t.send("Allocate SHA-1 and SHA-384 too", allocate(PW, "00000002 0004 03 ffffff 000c 03 ffffff"));
            t.tpm().restartProcess();
            t.send("Startup(CLEAR) after a disorderly end", command(NO_SESSIONS, 0x144, "0000"));
            observe(t, "second new process");
            t.send("Extend all banks", pcrExtend(0, PW, allBanks(0x55)));
            observe(t, "after extending");
        });
    }

    @Test
    void pendingAllocationSurvivesAVolatileStateResume() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("Allocate SHA-256 only", allocate(PW, SHA256_ONLY));
            t.send("SetAuthValue 20", setAuthValue(20, PW, "aabb"));
            t.record("CMD_STORE_VOLATILE", t.tpm().storeVolatile());
            t.tpm().restartProcess();
            observe(t, "resumed from the volatile state");
            t.send("PCR 20 keeps its auth value (LOCALITY after the auth check)",
                    pcrExtend(20, password(0, "aabb"), "00000001 0004" + "11".repeat(20)));
            t.send("PCR 20 with the empty password", pcrExtend(20, PW, "00000001 0004" + "11".repeat(20)));
            t.send("Shutdown(STATE) is still refused", command(NO_SESSIONS, 0x145, "0001"));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            // The stored volatile state stays in storage, so CMD_INIT resumes it once more.
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR) of the resumed TPM", command(NO_SESSIONS, 0x144, "0000"));
            observe(t, "after INIT");
        });
    }

    @Test
    void allocateRules() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("empty list", allocate(PW, "00000000"));
            t.send("SHA-1 without PCRs", allocate(PW, "00000001 0004 03 000000"));
            t.send("then SHA-256 without PCRs", allocate(PW, "00000001 000b 03 000000"));
            t.send("every bank without PCRs", allocate(PW, "00000004 0004 03 000000 000b 03 000000 000c 03 000000 000d 03 000000"));
            t.send("PCR 0 nowhere", allocate(PW, "00000004 0004 03 feffff 000b 03 feffff 000c 03 feffff 000d 03 feffff"));
            t.send("PCR 17 nowhere", allocate(PW, "00000004 0004 03 fffffd 000b 03 fffffd 000c 03 fffffd 000d 03 fffffd"));
            t.send("PCR 0 and 17 only in SHA-384", allocate(PW, "00000004 0004 03 000000 000b 03 000000 000c 03 010002 000d 03 000000"));
            t.send("the same bank twice, last wins", allocate(PW, "00000002 000b 03 000000 000b 03 ffffff"));
            t.send("SHA-512 PCRs 0-7 and 17", allocate(PW, "00000001 000d 03 ff0002"));
            t.send("sizeofSelect 4", allocate(PW, "00000001 0004 04 ffffffff"));
            t.send("sizeofSelect 2", allocate(PW, "00000001 0004 02 ffff"));
            t.send("sizeofSelect 0", allocate(PW, "00000001 0004 00"));
            t.send("count 5", allocate(PW, "00000005" + "0004 03 ffffff".repeat(5)));
            t.send("count 0x80000000", allocate(PW, "80000000"));
            t.send("TPM_ALG_NULL", allocate(PW, "00000001 0010 03 ffffff"));
            t.send("SM3", allocate(PW, "00000001 0012 03 ffffff"));
            t.send("RSA", allocate(PW, "00000001 0001 03 ffffff"));
            t.send("truncated selection", allocate(PW, "00000001 0004 03 ff"));
            t.send("truncated count", allocate(PW, "0000"));
            t.send("no parameters", allocate(PW, ""));
            t.send("trailing byte", allocate(PW, "00000001 0004 03 ffffff 00"));
            t.send("TPM_CAP_PCRS", getCapability(5, 0, 1));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("TPM_CAP_PCRS after the reset", getCapability(5, 0, 1));
            t.send("PCR_Read every bank", command(NO_SESSIONS, 0x17E, ALL_BANKS));
        });
    }

    @Test
    void allocateAuthorizationAndFraming() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("owner handle", command(SESSIONS, 0x12B, String.format("%08x", OWNER) + sessions(PW) + ALL_BANKS));
            t.send("lockout handle", command(SESSIONS, 0x12B, "4000000a" + sessions(PW) + ALL_BANKS));
            t.send("PCR handle", command(SESSIONS, 0x12B, "00000000" + sessions(PW) + ALL_BANKS));
            t.send("no sessions", command(NO_SESSIONS, 0x12B, "4000000c" + ALL_BANKS));
            t.send("sessions tag without an area", command(SESSIONS, 0x12B, "4000000c" + ALL_BANKS));
            t.send("truncated handle", command(SESSIONS, 0x12B, "4000"));
            t.send("wrong password", allocate(password(0, "01"), ALL_BANKS));
            t.send("HMAC session not loaded", allocate("02000000 0000 01 0000", ALL_BANKS));
            t.send("two password sessions", command(SESSIONS, 0x12B, "4000000c" + sessions(PW, PW) + ALL_BANKS));
            t.send("wrong tag", command(0x8003, 0x12B, "4000000c" + sessions(PW) + ALL_BANKS));
            t.send("size field too large", hex("8002 00000030 0000012b 4000000c"));
            t.send("change platform auth", command(SESSIONS, 0x129, "4000000c" + sessions(PW) + "0002 abcd"));
            t.send("old empty password", allocate(PW, ALL_BANKS));
            t.send("new password", allocate(password(0, "abcd"), ALL_BANKS));
            t.send("new password with trailing zeros", allocate(password(0, "abcd0000"), ALL_BANKS));
            t.record("locality 3", t.tpm().setLocality(3));
            t.send("at locality 3", allocate(password(0, "abcd"), ALL_BANKS));
            t.record("locality 4", t.tpm().setLocality(4));
            t.send("at locality 4", allocate(password(0, "abcd"), ALL_BANKS));
            t.record("locality 0", t.tpm().setLocality(0));
            t.send("disable the platform hierarchy", command(SESSIONS, 0x121, "4000000c" + sessions(password(0, "abcd"))
                    + "4000000c 00"));
            t.send("Allocate with the platform hierarchy disabled", allocate(password(0, "abcd"), ALL_BANKS));
        });
    }

    @Test
    void allocateAfterShutdownState() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.send("Allocate SHA-256 only after Shutdown(STATE)", allocate(PW, SHA256_ONLY));
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE)", command(NO_SESSIONS, 0x144, "0001"));
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            observe(t, "after startup");
        });
    }

    @Test
    void setAuthPolicy() {
        compare(t -> {
            t.send("before Startup", setAuthPolicy(PW, POLICY_SHA256, 20));
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("PCR properties before", getCapability(7, 0, 32));
            for (int pcr : new int[] {0, 16, 19, 20, 21, 22, 23, 24, 0x40000007, -1}) {
                t.send("SHA-256 policy for PCR " + pcr, setAuthPolicy(PW, POLICY_SHA256, pcr));
            }
            t.send("PCR properties after", getCapability(7, 0x13, 2));
            t.send("auth policies", getCapability(9, 0x40000000, 10));
            t.send("SHA-1 policy", setAuthPolicy(PW, "0014" + "11".repeat(20) + "0004", 21));
            t.send("SHA-1 alg with 32 bytes", setAuthPolicy(PW, "0020" + "11".repeat(32) + "0004", 21));
            t.send("SHA-512 with 63 bytes", setAuthPolicy(PW, "003f" + "11".repeat(63) + "000d", 21));
            t.send("65 bytes", setAuthPolicy(PW, "0041" + "11".repeat(65) + "000d", 21));
            t.send("NULL with a digest", setAuthPolicy(PW, "0014" + "11".repeat(20) + "0010", 21));
            t.send("NULL, empty", setAuthPolicy(PW, "0000 0010", 22));
            t.send("SM3", setAuthPolicy(PW, "0020" + "11".repeat(32) + "0012", 21));
            t.send("alg 0x99", setAuthPolicy(PW, "0000 0099", 21));
            t.send("wrong size and bad PCR", setAuthPolicy(PW, "0000 000b", 5));
            t.send("size beyond the data", command(SESSIONS, 0x12C, "4000000c" + sessions(PW) + "0020 1111"));
            t.send("truncated pcrNum", command(SESSIONS, 0x12C, "4000000c" + sessions(PW) + "0000 0010 0000"));
            t.send("no pcrNum", command(SESSIONS, 0x12C, "4000000c" + sessions(PW) + "0000 0010"));
            t.send("trailing byte", command(SESSIONS, 0x12C, "4000000c" + sessions(PW) + "0000 0010 00000014 00"));
            t.send("owner handle", command(SESSIONS, 0x12C, "40000001" + sessions(PW) + "0000 0010 00000014"));
            t.send("no sessions", command(NO_SESSIONS, 0x12C, "4000000c 0000 0010 00000014"));
            t.send("wrong password", setAuthPolicy(password(0, "02"), POLICY_SHA256, 20));
            t.send("set SHA-384 policy", setAuthPolicy(PW, "0030" + "77".repeat(48) + "000c", 22));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("PCR properties after reset", getCapability(7, 0x13, 2));
            t.send("the policy survives the reset: PCR 20 needs a policy session", pcrExtend(20, PW,
                    "00000001 0004" + "11".repeat(20)));
            t.send("PCR_Reset 22 with a password", command(SESSIONS, 0x13D, "00000016" + sessions(PW)));
            t.send("SetAuthValue 21 with a password", setAuthValue(21, PW, "aa"));
            t.send("PCR 19 is not in the group", pcrExtend(19, PW, "00000001 0004" + "11".repeat(20)));
            t.send("clear the policy", setAuthPolicy(PW, "0000 0010", 20));
            t.send("PCR_Extend 20 with the policy cleared", pcrExtend(20, PW, "00000001 0004" + "11".repeat(20)));
        });
    }

    @Test
    void setAuthValue() {
        compare(t -> {
            t.send("before Startup", setAuthValue(20, PW, "aabb"));
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            for (int pcr : new int[] {0, 16, 17, 19, 23}) {
                t.send("PCR " + pcr, setAuthValue(pcr, PW, "aabb"));
            }
            t.send("PCR 24", setAuthValue(24, PW, "aabb"));
            t.send("TPM_RH_NULL", setAuthValue(0x40000007, PW, "aabb"));
            t.send("owner", setAuthValue(OWNER, PW, "aabb"));
            t.send("PCR 21 gets aabb0000", setAuthValue(21, PW, "aabb0000"));
            t.send("extend 20 with the empty password", pcrExtend(20, PW, "00000001 0004" + "11".repeat(20)));
            t.send("extend 20 with aabb", pcrExtend(20, password(0, "aabb"), "00000001 0004" + "11".repeat(20)));
            t.send("extend 22 with aabb00", pcrExtend(22, password(0, "aabb00"), "00000001 0004" + "11".repeat(20)));
            t.send("extend 16 with aabb", pcrExtend(16, password(0, "aabb"), "00000001 0004" + "11".repeat(20)));
            t.send("reset 20 with the old empty password", command(SESSIONS, 0x13D, "00000014" + sessions(PW)));
            t.send("set again with the old empty password", setAuthValue(22, PW, "cc"));
            t.send("set 64 bytes", setAuthValue(22, password(0, "aabb"), "dd".repeat(64)));
            t.send("set 65 bytes", setAuthValue(22, password(0, "dd".repeat(64)), "dd".repeat(65)));
            t.send("size beyond the data", command(SESSIONS, 0x183, "00000016" + sessions(password(0, "dd".repeat(64))) + "0010 dd"));
            t.send("trailing byte", command(SESSIONS, 0x183, "00000016" + sessions(password(0, "dd".repeat(64))) + "0000 00"));
            t.send("no sessions", command(NO_SESSIONS, 0x183, "00000016 0000"));
            t.send("set to cc", setAuthValue(22, password(0, "dd".repeat(64)), "cc"));
            t.send("orderly flag", getCapability(6, 0x201, 1));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.send("set to ee after Shutdown(STATE)", setAuthValue(22, password(0, "cc"), "ee"));
            t.send("orderly flag", getCapability(6, 0x201, 1));
            t.send("set to cc again", setAuthValue(22, password(0, "ee"), "cc"));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE)", command(NO_SESSIONS, 0x144, "0001"));
            t.send("after resume: empty password", pcrExtend(20, PW, "00000001 0004" + "11".repeat(20)));
            t.send("after resume: cc", pcrExtend(20, password(0, "cc"), "00000001 0004" + "11".repeat(20)));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR) (restart)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("after restart: cc", pcrExtend(20, password(0, "cc"), "00000001 0004" + "11".repeat(20)));
            t.send("after restart: empty password", pcrExtend(20, PW, "00000001 0004" + "11".repeat(20)));
            t.send("PCR properties", getCapability(7, 0x13, 2));
        });
    }

    @Test
    void setAuthMalformedCommands() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            for (String handle : new String[] {"00000014", "40000007", "4000000a", "4000000b", "80000000", "ffffffff"}) {
                t.send("SetAuthPolicy handle " + handle,
                        command(SESSIONS, 0x12C, handle + sessions(PW) + POLICY_SHA256 + "00000014"));
            }
            t.send("SetAuthPolicy wrong tag", command(0x8003, 0x12C, "4000000c" + sessions(PW) + POLICY_SHA256 + "00000014"));
            t.send("SetAuthPolicy TPM 1.2 tag", command(0x00C1, 0x12C, "4000000c" + sessions(PW) + POLICY_SHA256 + "00000014"));
            t.send("SetAuthPolicy truncated handle", command(SESSIONS, 0x12C, "40000c"));
            t.send("SetAuthPolicy authorizationSize beyond the command",
                    command(SESSIONS, 0x12C, "4000000c 00000040 40000009 0000 00 0000"));
            t.send("SetAuthPolicy size field too large", hex("8002 00000050 0000012c 4000000c"));
            t.send("SetAuthPolicy HMAC session not loaded", setAuthPolicy("02000000 0000 01 0000", POLICY_SHA256, 20));
            t.send("SetAuthPolicy policy session not loaded", setAuthPolicy("03000000 0000 01 0000", POLICY_SHA256, 20));
            for (int locality : new int[] {1, 2, 3, 4}) {
                t.record("locality " + locality, t.tpm().setLocality(locality));
                t.send("SetAuthPolicy at locality " + locality, setAuthPolicy(PW, POLICY_SHA256, 21));
                t.send("SetAuthValue 21 at locality " + locality, setAuthValue(21, PW, ""));
                t.send("SetAuthValue 0 at locality " + locality, setAuthValue(0, PW, ""));
            }
            t.record("locality 0", t.tpm().setLocality(0));
            for (String handle : new String[] {"00000018", "40000007", "40000001", "4000000c", "80000000", "01000000"}) {
                t.send("SetAuthValue handle " + handle, command(SESSIONS, 0x183, handle + sessions(PW) + "0000"));
            }
            t.send("SetAuthValue wrong tag", command(0x8003, 0x183, "00000014" + sessions(PW) + "0000"));
            t.send("SetAuthValue truncated handle", command(SESSIONS, 0x183, "000014"));
            t.send("SetAuthValue no auth area", command(SESSIONS, 0x183, "00000014 0000"));
            t.send("SetAuthValue authorizationSize 8", command(SESSIONS, 0x183, "00000014 00000008 40000009 0000 00 00 0000"));
            t.send("SetAuthValue no parameters", command(SESSIONS, 0x183, "00000014" + sessions(PW)));
            t.send("SetAuthValue size ffff", command(SESSIONS, 0x183, "00000014" + sessions(PW) + "ffff"));
            t.send("SetAuthValue wrong password", setAuthValue(20, password(0, "01"), "aa"));
            t.send("SetAuthValue two sessions", command(SESSIONS, 0x183, "00000014" + sessions(PW, PW) + "0000"));
            t.send("SetAuthValue with decrypt attribute", setAuthValue(20, password(0x20, ""), "aa"));
            t.send("TestParms at locality 0 after all that", command(NO_SESSIONS, 0x18A, "0025 0006 0080 0043"));
        });
    }
}
