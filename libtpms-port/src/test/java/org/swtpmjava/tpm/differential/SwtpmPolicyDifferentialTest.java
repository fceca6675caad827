package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.SessionClient.CONTINUE;
import static org.swtpmjava.tpm.differential.SessionClient.NULL;
import static org.swtpmjava.tpm.differential.SessionClient.SHA1;
import static org.swtpmjava.tpm.differential.SessionClient.SHA256;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.compare;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.HMAC;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.OWNER;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.LOCKOUT;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.POLICY;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.RH_NULL;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.TRIAL;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.sized;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.differential.SessionClient.Session;
import org.swtpmjava.tpm.differential.SessionClient.Use;

/**
 * Policy sessions: the policy commands (digests compared byte for byte), trial sessions, and
 * policy authorization of the owner hierarchy against the policy SetPrimaryPolicy set, with
 * PolicyAuthValue, PolicyPassword, PolicyCommandCode, PolicyLocality and PolicyPCR.
 */
class SwtpmPolicyDifferentialTest {
    private static final int HIERARCHY_CHANGE_AUTH = 0x129;
    private static final String SHA256_PCR16 = "00000001 000b 03 000001";
    private static final String SHA256_PCR0 = "00000001 000b 03 010000";

    static byte[] policy(int code, int session, String parameters) {
        return command(NO_SESSIONS, code, String.format("%08x", session) + parameters.replace(" ", ""));
    }

    static byte[] getDigest(int session) {
        return policy(0x189, session, "");
    }

    /** The policyDigest from a PolicyGetDigest response. */
    static String digestOf(byte[] response) {
        return TestBytes.hex(Arrays.copyOfRange(response, 12, response.length));
    }

    @Test
    void policyCommandsAndTrialDigests() {
        compare(t -> {
            SessionClient client = new SessionClient();
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            Session trial = client.start(t, "trial SHA-256", RH_NULL, "", TRIAL, NULL, 0, SHA256, 16);
            int h = trial.handle;
            t.send("PolicyGetDigest: zero", getDigest(h));
            t.send("PolicyCommandCode HierarchyChangeAuth", policy(0x16C, h, "00000129"));
            t.send("PolicyCommandCode another code", policy(0x16C, h, "0000012e"));
            t.send("PolicyCommandCode same code", policy(0x16C, h, "00000129"));
            t.send("PolicyAuthValue", policy(0x16B, h, ""));
            t.send("PolicyPassword", policy(0x18C, h, ""));
            t.send("PolicyGetDigest", getDigest(h));
            t.send("PolicyLocality 0", policy(0x16F, h, "00"));
            t.send("PolicyLocality 0x03", policy(0x16F, h, "03"));
            t.send("PolicyLocality 0x06", policy(0x16F, h, "06"));
            t.send("PolicyLocality 0x04: empty intersection", policy(0x16F, h, "04"));
            t.send("PolicyLocality extended after bits", policy(0x16F, h, "20"));
            t.send("PolicyPCR trial, given digest", policy(0x17F, h, "0004 01020304" + SHA256_PCR16));
            t.send("PolicyPCR trial, current digest", policy(0x17F, h, "0000" + SHA256_PCR16));
            t.send("PolicyPCR SHA-1 and SHA-512 banks", policy(0x17F, h, "0000 00000002 0004 03 ff0000 000d 03 000081"));
            t.send("PolicyPCR bad hash", policy(0x17F, h, "0000 00000001 0099 03 000001"));
            t.send("PolicyPCR digest too big", policy(0x17F, h, "0041" + "00".repeat(65) + SHA256_PCR16));
            t.send("PolicyPCR truncated", policy(0x17F, h, "0000 00000001 000b 03"));
            t.send("PolicyGetDigest", getDigest(h));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyGetDigest after restart", getDigest(h));
            // TPM2_MAC / MAC_Start share HMAC's codes, which libtpms 0.9.2 implements.
            t.send("PolicyCommandCode MAC (HMAC)", policy(0x16C, h, "00000155"));
            t.send("PolicyRestart after MAC", policy(0x180, h, ""));
            t.send("PolicyCommandCode MAC_Start (HMAC_Start)", policy(0x16C, h, "0000015b"));
            t.send("PolicyRestart after MAC_Start", policy(0x180, h, ""));
            t.send("PolicyCommandCode unimplemented in libtpms", policy(0x16C, h, "00000123"));
            t.send("PolicyCommandCode Create (not in this engine)", policy(0x16C, h, "00000153"));
            t.send("PolicyLocality extended 0x20", policy(0x16F, h, "20"));
            t.send("PolicyLocality extended 0x21", policy(0x16F, h, "21"));
            t.send("PolicyLocality bits after extended", policy(0x16F, h, "01"));
            t.send("PolicyLocality extended 0x20 again", policy(0x16F, h, "20"));
            t.send("PolicyGetDigest", getDigest(h));
            t.send("PolicyGetDigest trailing byte", policy(0x189, h, "00"));
            t.send("PolicyAuthValue with a password session", command(0x8002, 0x16B, String.format("%08x", h)
                    + DifferentialCommands.sessions(PW)));
            Session hmac = client.start(t, "HMAC session", RH_NULL, "", HMAC, NULL, 0, SHA256, 16);
            t.send("PolicyGetDigest on an HMAC handle", getDigest(hmac.handle));
            t.send("PolicyGetDigest, policy handle of the HMAC session", getDigest(0x03000000 | (hmac.handle & 0xFF)));
            t.send("PolicyGetDigest, no session", getDigest(0x0300003F));
            t.send("PolicyGetDigest, beyond the range", getDigest(0x03000040));
            t.send("PolicyRestart, owner handle", policy(0x180, OWNER, ""));
            Session sha1 = client.start(t, "policy SHA-1", RH_NULL, "", POLICY, NULL, 0, SHA1, 20);
            t.send("SHA-1 PolicyAuthValue", policy(0x16B, sha1.handle, ""));
            t.send("SHA-1 PolicyPCR current digest", policy(0x17F, sha1.handle, "0000" + SHA256_PCR16));
            t.send("SHA-1 PolicyPCR wrong digest", policy(0x17F, sha1.handle, "0014" + "00".repeat(20)
                    + SHA256_PCR16));
            t.send("PCR_Extend 16", SwtpmBootDifferentialTest.pcrExtend(16, PW,
                    "00000001" + DifferentialCommands.digest(0xB, 32, 0x11)));
            t.send("SHA-1 PolicyPCR after a PCR 16 change", policy(0x17F, sha1.handle, "0000" + SHA256_PCR16));
            t.send("SHA-1 PolicyPCR PCR 0", policy(0x17F, sha1.handle, "0000" + SHA256_PCR0));
            t.send("PCR_Extend 0", SwtpmBootDifferentialTest.pcrExtend(0, PW,
                    "00000001" + DifferentialCommands.digest(0xB, 32, 0x11)));
            t.send("SHA-1 PolicyPCR after a PCR 0 change", policy(0x17F, sha1.handle, "0000" + SHA256_PCR0));
            t.send("SHA-1 PolicyGetDigest", getDigest(sha1.handle));
        });
    }

    @Test
    void policyAuthorization() {
        compare(t -> policyAuthorizationScenario(t, new SessionClient()));
    }

    static void policyAuthorizationScenario(Transcript t, SessionClient client) {
        {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            Session trial = client.start(t, "trial", RH_NULL, "", TRIAL, NULL, 0, SHA256, 16);
            t.send("trial PolicyCommandCode", policy(0x16C, trial.handle, "00000129"));
            t.send("trial PolicyAuthValue", policy(0x16B, trial.handle, ""));
            String authValuePolicy = digestOf(t.send("trial digest", getDigest(trial.handle)));
            t.send("owner auth", SwtpmBootDifferentialTest.changeAuth(OWNER, PW, "abcd"));
            t.send("owner policy", SwtpmHierarchyDifferentialTest.policy("40000001", password(0, "abcd"),
                    authValuePolicy, 0xB));
            Session p = client.start(t, "policy session", RH_NULL, "", POLICY, NULL, 0, SHA256, 16);
            int[] owner = {OWNER};
            client.send(t, "no assertions yet", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.hmac(p, CONTINUE, "abcd"));
            t.send("PolicyCommandCode", policy(0x16C, p.handle, "00000129"));
            t.send("PolicyAuthValue", policy(0x16B, p.handle, ""));
            client.send(t, "wrong HMAC", HIERARCHY_CHANGE_AUTH, owner, sized("abcd"), false,
                    Use.hmac(p, CONTINUE, "abcd").wrongHmac("00"));
            client.send(t, "policy satisfied", HIERARCHY_CHANGE_AUTH, owner, sized("abcd"), false,
                    Use.hmac(p, CONTINUE, "abcd"));
            client.send(t, "policy reset by the rolling nonce", HIERARCHY_CHANGE_AUTH, owner, sized("abcd"), false,
                    Use.hmac(p, CONTINUE, "abcd"));
            t.send("PolicyCommandCode SetPrimaryPolicy", policy(0x16C, p.handle, "0000012e"));
            t.send("PolicyAuthValue", policy(0x16B, p.handle, ""));
            client.send(t, "wrong command", HIERARCHY_CHANGE_AUTH, owner, sized("abcd"), false,
                    Use.hmac(p, CONTINUE, "abcd"));
            t.send("PolicyRestart", policy(0x180, p.handle, ""));
            t.send("PolicyCommandCode", policy(0x16C, p.handle, "00000129"));
            t.send("PolicyPassword", policy(0x18C, p.handle, ""));
            client.send(t, "wrong password", HIERARCHY_CHANGE_AUTH, owner, sized("abcd"), false,
                    Use.policyPassword(p, CONTINUE, "abce"));
            client.send(t, "password", HIERARCHY_CHANGE_AUTH, owner, sized("abcd"), false,
                    Use.policyPassword(p, CONTINUE, "abcd"));
            t.send("PolicyCommandCode", policy(0x16C, p.handle, "00000129"));
            t.send("PolicyAuthValue", policy(0x16B, p.handle, ""));
            t.send("PolicyLocality 1", policy(0x16F, p.handle, "02"));
            client.send(t, "policy digest now differs", HIERARCHY_CHANGE_AUTH, owner, sized("abcd"), false,
                    Use.hmac(p, CONTINUE, "abcd"));
            Session trial2 = client.start(t, "trial 2", RH_NULL, "", TRIAL, NULL, 0, SHA256, 16);
            t.send("FlushContext trial", command(NO_SESSIONS, 0x165, String.format("%08x", trial.handle)));
            t.send("trial2 PolicyCommandCode", policy(0x16C, trial2.handle, "00000129"));
            t.send("trial2 PolicyAuthValue", policy(0x16B, trial2.handle, ""));
            t.send("trial2 PolicyLocality 1", policy(0x16F, trial2.handle, "02"));
            t.send("trial2 PolicyPCR", policy(0x17F, trial2.handle, "0000" + SHA256_PCR0));
            String fullPolicy = digestOf(t.send("trial2 digest", getDigest(trial2.handle)));
            t.send("owner policy with locality and PCR", SwtpmHierarchyDifferentialTest.policy("40000001",
                    password(0, "abcd"), fullPolicy, 0xB));
            t.send("PolicyRestart", policy(0x180, p.handle, ""));
            t.send("PolicyCommandCode", policy(0x16C, p.handle, "00000129"));
            t.send("PolicyAuthValue", policy(0x16B, p.handle, ""));
            t.send("PolicyLocality 1", policy(0x16F, p.handle, "02"));
            t.send("PolicyPCR", policy(0x17F, p.handle, "0000" + SHA256_PCR0));
            client.send(t, "at locality 0", HIERARCHY_CHANGE_AUTH, owner, sized("abcd"), false,
                    Use.hmac(p, CONTINUE, "abcd"));
            t.record("locality 1", t.tpm().setLocality(1));
            client.send(t, "at locality 1", HIERARCHY_CHANGE_AUTH, owner, sized("abcd"), false,
                    Use.hmac(p, CONTINUE, "abcd"));
            t.send("PolicyCommandCode", policy(0x16C, p.handle, "00000129"));
            t.send("PolicyAuthValue", policy(0x16B, p.handle, ""));
            t.send("PolicyLocality 1", policy(0x16F, p.handle, "02"));
            t.send("PolicyPCR", policy(0x17F, p.handle, "0000" + SHA256_PCR0));
            t.send("PCR_Extend 0 at locality 1", SwtpmBootDifferentialTest.pcrExtend(0, PW,
                    "00000001" + DifferentialCommands.digest(0xB, 32, 0x11)));
            client.send(t, "at locality 1 after a PCR change", HIERARCHY_CHANGE_AUTH, owner, sized("abcd"), false,
                    Use.hmac(p, CONTINUE, "abcd"));
            t.send("PolicyRestart", policy(0x180, p.handle, ""));
            t.send("PolicyCommandCode", policy(0x16C, p.handle, "00000129"));
            t.send("PolicyAuthValue", policy(0x16B, p.handle, ""));
            t.send("PolicyLocality 1", policy(0x16F, p.handle, "02"));
            t.send("PolicyPCR", policy(0x17F, p.handle, "0000" + SHA256_PCR0));
            client.send(t, "at locality 1 (PCR digest differs from the policy)", HIERARCHY_CHANGE_AUTH, owner,
                    sized("abcd"), false, Use.hmac(p, CONTINUE, "abcd"));
            t.record("locality 0", t.tpm().setLocality(0));
            t.send("lockout has no policy", command(0x8002, 0x139, String.format("%08x", LOCKOUT)
                    + DifferentialCommands.sessions(String.format("%08x 0000 01 0000", p.handle))));
            t.send("trial session as authorization", command(0x8002, 0x139, String.format("%08x", LOCKOUT)
                    + DifferentialCommands.sessions(String.format("%08x 0000 01 0000", trial2.handle))));
            t.send("policy session for PCR 16 (no policy group)", SwtpmBootDifferentialTest.pcrExtend(16,
                    String.format("%08x 0000 01 0000", p.handle), "00000000"));
            t.send("policy session for PCR 20 (policy group, no policy)", SwtpmBootDifferentialTest.pcrExtend(20,
                    String.format("%08x 0000 01 0000", p.handle), "00000000"));
            client.send(t, "without continueSession: flushed", HIERARCHY_CHANGE_AUTH, owner, sized("abcd"), false,
                    Use.hmac(p, 0, "abcd"));
            t.send("GetCapability loaded sessions", DifferentialCommands.getCapability(1, 0x02000000, 10));
            t.send("FlushContext policy", command(NO_SESSIONS, 0x165, String.format("%08x", p.handle)));
            t.send("FlushContext trial2", command(NO_SESSIONS, 0x165, String.format("%08x", trial2.handle)));
            t.send("owner policy back to PolicyCommandCode + PolicyAuthValue", SwtpmHierarchyDifferentialTest.policy(
                    "40000001", password(0, "abcd"), authValuePolicy, 0xB));
            Session bound = client.start(t, "policy session bound to owner, AES-128", OWNER, "abcd", POLICY,
                    SessionClient.AES, 128, SHA256, 32);
            t.send("bound: PolicyCommandCode", policy(0x16C, bound.handle, "00000129"));
            t.send("bound: PolicyAuthValue", policy(0x16B, bound.handle, ""));
            client.send(t, "bound policy session, decrypting newAuth", HIERARCHY_CHANGE_AUTH, owner, sized("abcd00"),
                    false, Use.hmac(bound, CONTINUE | SessionClient.DECRYPT, "abcd"));
            Session enc = client.start(t, "HMAC session for encryption", RH_NULL, "", HMAC, SessionClient.AES, 256,
                    SHA256, 16);
            t.send("bound: PolicyCommandCode again", policy(0x16C, bound.handle, "00000129"));
            client.send(t, "PolicyGetDigest, encrypted", 0x189, new int[] {bound.handle}, new byte[0], false,
                    Use.extra(enc, CONTINUE | SessionClient.ENCRYPT));
            client.send(t, "PolicyGetDigest, decrypt not allowed", 0x189, new int[] {bound.handle}, new byte[0],
                    false, Use.extra(enc, CONTINUE | SessionClient.DECRYPT));
            client.send(t, "PolicyPCR, encrypted pcrDigest", 0x17F, new int[] {bound.handle},
                    TestBytes.hex("0000" + SHA256_PCR16), false, Use.extra(enc, CONTINUE | SessionClient.DECRYPT));
            client.send(t, "policy without PolicyAuthValue now, but the digest differs", HIERARCHY_CHANGE_AUTH,
                    owner, sized(""), false, Use.hmac(bound, CONTINUE, ""));
        }
    }
}
