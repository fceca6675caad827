package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.allBanks;
import static org.swtpmjava.tpm.differential.DifferentialCommands.digest;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.changeAuth;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.compare;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.pcrExtend;

import org.junit.jupiter.api.Test;

/**
 * PCR_Extend / PCR_Event / PCR_Reset and HierarchyChangeAuth with their error paths, the same
 * bytes to the C swtpm and to the engine, compared byte for byte.
 */
class SwtpmPcrAuthDifferentialTest {
    private static final String SHA1 = "00000001" + digest(4, 20, 0x11);
    private static final String READ_16_TO_23 = "00000002 0004 03 0000ff 000b 03 0000ff";
    private static final int OWNER = 0x40000001;
    private static final int LOCKOUT = 0x4000000A;
    private static final int ENDORSEMENT = 0x4000000B;
    private static final int PLATFORM = 0x4000000C;

    @Test
    void pcrExtendAndMalformedDigestLists() {
        compare(t -> {
            t.send("PCR_Extend before Startup", pcrExtend(0, PW, SHA1));
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("all banks", pcrExtend(0, PW, allBanks(0x22)));
            t.send("SHA-1 only, continueSession", pcrExtend(1, password(1, ""), SHA1));
            t.send("PCR_Read 0-7", command(NO_SESSIONS, 0x17E, SwtpmBootDifferentialTest.READ_ALL_BANKS_0_TO_7));
            t.send("count 0", pcrExtend(2, PW, "00000000"));
            t.send("the same bank twice", pcrExtend(2, PW, "00000002" + digest(4, 20, 1) + digest(4, 20, 2)));
            t.send("count 5", pcrExtend(2, PW, "00000005" + digest(4, 20, 1).repeat(5)));
            t.send("count 5 without digests", pcrExtend(2, PW, "00000005"));
            t.send("unknown alg", pcrExtend(2, PW, "00000001" + digest(0x99, 20, 1)));
            t.send("TPM_ALG_NULL", pcrExtend(2, PW, "00000001 0010"));
            t.send("RSA as hash", pcrExtend(2, PW, "00000001" + digest(1, 20, 1)));
            t.send("second digest unknown", pcrExtend(2, PW, "00000002" + digest(4, 20, 1) + "0012"));
            t.send("truncated digest", pcrExtend(2, PW, "00000001" + digest(0xB, 31, 1)));
            t.send("truncated count", pcrExtend(2, PW, "000000"));
            t.send("no parameters", pcrExtend(2, PW, ""));
            t.send("trailing byte", pcrExtend(2, PW, SHA1 + "00"));
            t.send("no sessions", command(NO_SESSIONS, 0x182, "00000002" + SHA1));
            t.send("wrong password", pcrExtend(2, password(0, "aa"), SHA1));
            t.send("password of zeros", pcrExtend(2, password(0, "0000"), SHA1));
            t.send("two password sessions", command(SESSIONS, 0x182, "00000002" + sessions(PW, PW) + SHA1));
            t.send("password with decrypt", pcrExtend(2, password(0x20, ""), SHA1));
            t.send("password with audit", pcrExtend(2, password(0x80, ""), SHA1));
            t.send("password with a nonce", pcrExtend(2, "40000009 0001 aa 00 0000", SHA1));
            t.send("HMAC session not loaded", pcrExtend(2, "02000000 0000 01 0000", SHA1));
            t.send("policy session not loaded", pcrExtend(2, "03000001 0000 01 0000", SHA1));
            t.send("password then HMAC session", command(SESSIONS, 0x182, "00000002"
                    + sessions(PW, "02000000 0000 01 0000") + SHA1));
            t.send("authorizationSize 8", command(SESSIONS, 0x182, "00000002 00000008 40000009 0000 00 00" + SHA1));
            t.send("password of 65 bytes", pcrExtend(2, password(0, "01".repeat(65)), SHA1));
            t.send("PCR 24", pcrExtend(24, PW, SHA1));
            t.send("owner handle", pcrExtend(OWNER, PW, SHA1));
            t.send("TPM_RH_NULL", pcrExtend(0x40000007, PW, SHA1));
            t.send("truncated handle", command(SESSIONS, 0x182, "000000"));
            t.send("PCR_Read 0-7", command(NO_SESSIONS, 0x17E, SwtpmBootDifferentialTest.READ_ALL_BANKS_0_TO_7));
            t.send("PCR_Event 3", command(SESSIONS, 0x13C, "00000003" + sessions(PW) + "0003 616263"));
            t.send("PCR_Event TPM_RH_NULL", command(SESSIONS, 0x13C, "40000007" + sessions(PW) + "0000"));
            t.send("PCR_Event 1024 bytes", command(SESSIONS, 0x13C, "00000003" + sessions(PW) + "0400" + "ee".repeat(1024)));
            t.send("PCR_Event 1025 bytes", command(SESSIONS, 0x13C, "00000003" + sessions(PW) + "0401" + "ee".repeat(1025)));
            t.send("PCR_Event size beyond data", command(SESSIONS, 0x13C, "00000003" + sessions(PW) + "0010 ee"));
            t.send("PCR_Event 17", command(SESSIONS, 0x13C, "00000011" + sessions(PW) + "0000"));
            t.send("PCR_Read 0-7", command(NO_SESSIONS, 0x17E, SwtpmBootDifferentialTest.READ_ALL_BANKS_0_TO_7));
        });
    }

    @Test
    void pcrLocalities() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            for (int locality : new int[] {0, 1, 2, 3, 4}) {
                t.record("locality " + locality, t.tpm().setLocality(locality));
                for (int pcr = 16; pcr < 24; pcr++) {
                    t.send(String.format("extend %d at locality %d", pcr, locality), pcrExtend(pcr, PW, SHA1));
                }
                for (int pcr : new int[] {17, 20, 22}) {
                    t.send(String.format("PCR_Event %d at locality %d", pcr, locality),
                            command(SESSIONS, 0x13C, String.format("%08x", pcr) + sessions(PW) + "0001 00"));
                }
                t.send("PCR_Read 16-23", command(NO_SESSIONS, 0x17E, READ_16_TO_23));
                for (int pcr : new int[] {0, 15, 16, 17, 20, 21, 23}) {
                    t.send(String.format("reset %d at locality %d", pcr, locality),
                            command(SESSIONS, 0x13D, String.format("%08x", pcr) + sessions(PW)));
                }
                t.send("PCR_Read 16-23", command(NO_SESSIONS, 0x17E, READ_16_TO_23));
            }
            t.record("locality 0", t.tpm().setLocality(0));
            t.send("reset TPM_RH_NULL", command(SESSIONS, 0x13D, "40000007" + sessions(PW)));
            t.send("reset with a trailing byte", command(SESSIONS, 0x13D, "00000010" + sessions(PW) + "00"));
            t.send("reset with a wrong password", command(SESSIONS, 0x13D, "00000010" + sessions(password(0, "01"))));
            t.send("reset without sessions", command(NO_SESSIONS, 0x13D, "00000010"));
        });
    }

    @Test
    void hierarchyChangeAuth() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("owner: 64 bytes", changeAuth(OWNER, PW, "cd".repeat(64)));
            t.send("owner: empty password now wrong", changeAuth(OWNER, PW, ""));
            t.send("owner: 65 bytes", changeAuth(OWNER, password(0, "cd".repeat(64)), "cd".repeat(65)));
            t.send("owner: 60 bytes and 4 zeros", changeAuth(OWNER, password(0, "cd".repeat(64)), "cd".repeat(60) + "00000000"));
            t.send("owner: back to empty", changeAuth(OWNER, password(0, "cd".repeat(60)), ""));
            t.send("endorsement", changeAuth(ENDORSEMENT, PW, "0102"));
            t.send("lockout", changeAuth(LOCKOUT, PW, "0304"));
            t.send("TPM_PT_PERMANENT", getCapability(6, 0x200, 1));
            t.send("endorsement: wrong", changeAuth(ENDORSEMENT, PW, ""));
            t.send("lockout: wrong", changeAuth(LOCKOUT, PW, ""));
            t.send("lockout: right, but locked out", changeAuth(LOCKOUT, password(0, "0304"), ""));
            t.send("lockout properties", getCapability(6, 0x20E, 4));
            t.send("TPM_RH_NULL", changeAuth(0x40000007, PW, ""));
            t.send("PCR handle", changeAuth(0, PW, ""));
            t.send("platform NV", changeAuth(0x4000000D, PW, ""));
            t.send("no sessions", command(NO_SESSIONS, 0x129, "4000000c 0000"));
            t.send("truncated newAuth (auth is checked first)", command(SESSIONS, 0x129, "4000000b" + sessions(PW) + "0010 ab"));
            t.send("truncated newAuth, right password", command(SESSIONS, 0x129, "4000000b" + sessions(password(0, "0102")) + "0010 ab"));
            t.send("trailing byte", command(SESSIONS, 0x129, "4000000c" + sessions(PW) + "0000 00"));
            t.send("password with decrypt", changeAuth(PLATFORM, password(0x20, ""), ""));
            t.send("platform", changeAuth(PLATFORM, PW, "aa"));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("platform auth is reset", changeAuth(PLATFORM, PW, ""));
            t.send("endorsement auth persists", changeAuth(ENDORSEMENT, PW, ""));
            t.send("endorsement: right", changeAuth(ENDORSEMENT, password(1, "0102"), ""));
            t.send("lockout still locked out", changeAuth(LOCKOUT, password(0, "0304"), ""));
            t.send("TPM_PT_PERMANENT", getCapability(6, 0x200, 1));
        });
    }

    @Test
    void platformAuthAndPcrsSurviveShutdownStateAndResume() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("platform", changeAuth(PLATFORM, PW, "aa"));
            t.send("extend 5", pcrExtend(5, PW, allBanks(0x33)));
            t.send("extend 16", pcrExtend(16, PW, allBanks(0x44)));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE)", command(NO_SESSIONS, 0x144, "0001"));
            t.send("platform: empty is wrong", changeAuth(PLATFORM, PW, ""));
            t.send("platform: aa", changeAuth(PLATFORM, password(0, "aa"), ""));
            t.send("PCR_Read 0-7", command(NO_SESSIONS, 0x17E, SwtpmBootDifferentialTest.READ_ALL_BANKS_0_TO_7));
            t.send("PCR_Read 16-23", command(NO_SESSIONS, 0x17E, READ_16_TO_23));
        });
    }
}
