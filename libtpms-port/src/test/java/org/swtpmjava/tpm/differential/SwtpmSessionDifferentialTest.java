package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.SessionClient.AES;
import static org.swtpmjava.tpm.differential.SessionClient.AUDIT;
import static org.swtpmjava.tpm.differential.SessionClient.CONTINUE;
import static org.swtpmjava.tpm.differential.SessionClient.DECRYPT;
import static org.swtpmjava.tpm.differential.SessionClient.ENCRYPT;
import static org.swtpmjava.tpm.differential.SessionClient.NULL;
import static org.swtpmjava.tpm.differential.SessionClient.SHA1;
import static org.swtpmjava.tpm.differential.SessionClient.SHA256;
import static org.swtpmjava.tpm.differential.SessionClient.SHA384;
import static org.swtpmjava.tpm.differential.SessionClient.SHA512;
import static org.swtpmjava.tpm.differential.SessionClient.XOR;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.compare;

import org.swtpmjava.tpm.TestBytes;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.differential.SessionClient.Session;
import org.swtpmjava.tpm.differential.SessionClient.Use;

/**
 * StartAuthSession and HMAC sessions (authorization, bound sessions, parameter encryption, DA),
 * against the C swtpm and the engine. nonceTPM is random on each side, so each side gets its own
 * {@link SessionClient}; what is compared is the response code, the decrypted response parameters
 * and whether the response HMAC verified, plus the raw bytes of every error response.
 */
class SwtpmSessionDifferentialTest {
    static final int OWNER = 0x40000001;
    static final int LOCKOUT = 0x4000000A;
    static final int ENDORSEMENT = 0x4000000B;
    static final int PLATFORM = 0x4000000C;
    static final int RH_NULL = 0x40000007;
    static final int HMAC = 0;
    static final int POLICY = 1;
    static final int TRIAL = 3;
    private static final int HIERARCHY_CHANGE_AUTH = 0x129;

    /** StartAuthSession in raw bytes: tpmKey, bind, nonce, salt, type, symmetric, authHash. */
    static byte[] start(String tpmKey, String bind, int nonceSize, String salt, int type, String symmetric,
                        int authHash) {
        String nonce = "5a".repeat(nonceSize);
        String saltHex = salt.replace(" ", "");
        return command(NO_SESSIONS, 0x176, tpmKey + bind + String.format("%04x", nonceSize) + nonce
                + String.format("%04x", saltHex.length() / 2) + saltHex + String.format("%02x", type)
                + symmetric.replace(" ", "") + String.format("%04x", authHash));
    }

    static byte[] sized(String hex) {
        byte[] bytes = TestBytes.hex(hex.replace(" ", ""));
        return SessionClient.concat(new byte[] {(byte) (bytes.length >> 8), (byte) bytes.length}, bytes);
    }

    @Test
    void startAuthSessionValidAndMalformed() {
        compare(t -> {
            SessionClient client = new SessionClient();
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("bad session type", start("40000007", "40000007", 16, "", 2, "0010", SHA256));
            t.send("nonce 15 bytes", start("40000007", "40000007", 15, "", HMAC, "0010", SHA256));
            t.send("nonce 21 bytes for SHA-1", start("40000007", "40000007", 21, "", HMAC, "0010", SHA1));
            t.send("nonce 65 bytes", start("40000007", "40000007", 65, "", HMAC, "0010", SHA512));
            t.send("salt without a key", start("40000007", "40000007", 16, "0102", HMAC, "0010", SHA256));
            t.send("bad authHash", start("40000007", "40000007", 16, "", HMAC, "0010", 0x0099));
            t.send("authHash NULL", start("40000007", "40000007", 16, "", HMAC, "0010", NULL));
            t.send("bad symmetric", start("40000007", "40000007", 16, "", HMAC, "0099", SHA256));
            t.send("AES-192", start("40000007", "40000007", 16, "", HMAC, "0006 00c0 0043", SHA256));
            t.send("AES-128 CBC", start("40000007", "40000007", 16, "", HMAC, "0006 0080 0042", SHA256));
            t.send("AES-128 bad mode", start("40000007", "40000007", 16, "", HMAC, "0006 0080 0099", SHA256));
            t.send("AES-128 mode NULL", start("40000007", "40000007", 16, "", HMAC, "0006 0080 0010", SHA256));
            t.send("XOR bad hash", start("40000007", "40000007", 16, "", HMAC, "000a 0099", SHA256));
            t.send("XOR NULL hash", start("40000007", "40000007", 16, "", HMAC, "000a 0010", SHA256));
            t.send("SM4 (not compiled in)", start("40000007", "40000007", 16, "", HMAC, "0013 0080 0043", SHA256));
            t.send("tpmKey empty transient slot", start("80000000", "40000007", 16, "", HMAC, "0010", SHA256));
            t.send("tpmKey transient beyond slots", start("80000005", "40000007", 16, "", HMAC, "0010", SHA256));
            t.send("tpmKey persistent", start("81000001", "40000007", 16, "", HMAC, "0010", SHA256));
            t.send("tpmKey owner", start("40000001", "40000007", 16, "", HMAC, "0010", SHA256));
            t.send("bind empty transient slot", start("40000007", "80000001", 16, "", HMAC, "0010", SHA256));
            t.send("bind persistent", start("40000007", "81000001", 16, "", HMAC, "0010", SHA256));
            t.send("bind NV index", start("40000007", "01000001", 16, "", HMAC, "0010", SHA256));
            t.send("bind TPM_RH_AUTH_00", start("40000007", "40000010", 16, "", HMAC, "0010", SHA256));
            t.send("bind TPM_RS_PW", start("40000007", "40000009", 16, "", HMAC, "0010", SHA256));
            t.send("bind PCR 24", start("40000007", "00000018", 16, "", HMAC, "0010", SHA256));
            t.send("bind session handle", start("40000007", "02000000", 16, "", HMAC, "0010", SHA256));
            t.send("truncated", command(NO_SESSIONS, 0x176, "40000007 40000007 0010" + "5a".repeat(16) + "0000 00 0010"));
            t.send("trailing byte", command(NO_SESSIONS, 0x176, "40000007 40000007 0010" + "5a".repeat(16)
                    + "0000 00 0010 000b 00"));
            t.send("with a password session", command(SESSIONS, 0x176, "40000007 40000007" + sessions(PW) + "0010"
                    + "5a".repeat(16) + "0000 00 0010 000b"));
            Session a = client.start(t, "HMAC SHA-256", RH_NULL, "", HMAC, NULL, 0, SHA256, 16);
            Session b = client.start(t, "policy SHA-1 AES-128", OWNER, "", POLICY, AES, 128, SHA1, 20);
            Session c = client.start(t, "trial SHA-512 XOR", RH_NULL, "", TRIAL, XOR, SHA512, SHA512, 64);
            client.start(t, "fourth: no slot", RH_NULL, "", HMAC, NULL, 0, SHA256, 32);
            t.send("FlushContext HMAC", command(NO_SESSIONS, 0x165, String.format("%08x", a.handle)));
            t.send("FlushContext again", command(NO_SESSIONS, 0x165, String.format("%08x", a.handle)));
            t.send("FlushContext as a policy handle", command(NO_SESSIONS, 0x165,
                    String.format("%08x", 0x03000000 | (c.handle & 0xFF))));
            client.start(t, "HMAC SHA-384 AES-256 bound to lockout", LOCKOUT, "", HMAC, AES, 256, SHA384, 48);
            t.send("GetCapability HMAC sessions", DifferentialCommands.getCapability(1, 0x02000000, 10));
            t.send("GetCapability policy sessions", DifferentialCommands.getCapability(1, 0x03000000, 10));
            t.send("GetCapability loaded/active", DifferentialCommands.getCapability(6, 0x203, 4));
            t.send("FlushContext policy", command(NO_SESSIONS, 0x165, String.format("%08x", b.handle)));
            t.send("FlushContext trial", command(NO_SESSIONS, 0x165, String.format("%08x", c.handle)));
            t.send("GetCapability loaded/active", DifferentialCommands.getCapability(6, 0x203, 4));
            client.start(t, "bound to PCR 3, TDES-128", 3, "", HMAC, 0x0003, 128, SHA256, 32);
            client.start(t, "policy, Camellia-256, bound to endorsement", ENDORSEMENT, "", POLICY, 0x0026, 256,
                    SHA384, 16);
            t.send("HashSequenceStart", command(NO_SESSIONS, 0x186, "0000 000b"));
            t.send("tpmKey a sequence object", start("80000000", "40000007", 16, "", HMAC, "0010", SHA256));
            t.send("tpmKey a sequence object, nonce too short", start("80000000", "40000007", 8, "", HMAC, "0010",
                    SHA256));
            t.send("owner disabled", SwtpmHierarchyDifferentialTest.control("40000001", PW, "40000001", 0));
            t.send("bind disabled owner", start("40000007", "40000001", 16, "", HMAC, "0010", SHA256));
        });
    }

    @Test
    void hmacAuthorization() {
        compare(t -> hmacAuthorizationScenario(t, new SessionClient()));
    }

    static void hmacAuthorizationScenario(Transcript t, SessionClient client) {
        {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            Session s = client.start(t, "HMAC session", RH_NULL, "", HMAC, NULL, 0, SHA256, 16);
            int[] owner = {OWNER};
            client.send(t, "owner auth := aabb", HIERARCHY_CHANGE_AUTH, owner, sized("aabb"), false,
                    Use.hmac(s, CONTINUE, "").newAuth("aabb"));
            client.send(t, "old auth now wrong", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.hmac(s, CONTINUE, ""));
            client.send(t, "wrong HMAC", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.hmac(s, CONTINUE, "aabb").wrongHmac("00".repeat(32)));
            client.send(t, "empty HMAC", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.hmac(s, CONTINUE, "aabb").wrongHmac(""));
            client.send(t, "trailing zeros in the authValue do not count", HIERARCHY_CHANGE_AUTH, owner,
                    sized("aabb0000"), false, Use.hmac(s, CONTINUE, "aabb"));
            client.send(t, "nonceCaller 64 bytes", HIERARCHY_CHANGE_AUTH, owner, sized("01"), false,
                    Use.hmac(s, CONTINUE, "aabb").newAuth("01").nonce("11".repeat(64)));
            client.send(t, "nonceCaller empty", HIERARCHY_CHANGE_AUTH, owner, sized("02"), false,
                    Use.hmac(s, CONTINUE, "01").newAuth("02").nonce(""));
            client.send(t, "nonceCaller 65 bytes", HIERARCHY_CHANGE_AUTH, owner, sized("03"), false,
                    Use.hmac(s, CONTINUE, "02").nonce("11".repeat(65)));
            client.send(t, "without continueSession", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.hmac(s, 0, "02").newAuth(""));
            client.send(t, "flushed session", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.hmac(s, CONTINUE, ""));
            t.send("unknown session handle", SwtpmBootDifferentialTest.changeAuth(OWNER,
                    "02000005 0000 01 0000", ""));
            t.send("session handle out of range", SwtpmBootDifferentialTest.changeAuth(OWNER,
                    "02000040 0000 01 0000", ""));
            t.send("policy handle out of range", SwtpmBootDifferentialTest.changeAuth(OWNER,
                    "03ffffff 0000 01 0000", ""));
            t.send("reserved attribute bits", SwtpmBootDifferentialTest.changeAuth(OWNER,
                    "02000000 0000 09 0000", ""));
            t.send("truncated session", command(SESSIONS, HIERARCHY_CHANGE_AUTH, "40000001 00000009 02000000 0000 01 00"));
            Session h = client.start(t, "HMAC session SHA-1", RH_NULL, "", HMAC, NULL, 0, SHA1, 20);
            t.send("HMAC handle as a policy handle", SwtpmBootDifferentialTest.changeAuth(OWNER,
                    String.format("%08x 0000 01 0000", 0x03000000 | (h.handle & 0xFF)), ""));
            client.send(t, "same session twice", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.hmac(h, CONTINUE, ""), Use.extra(h, CONTINUE | DECRYPT));
            client.send(t, "extra session without a purpose", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.password(""), Use.extra(h, CONTINUE));
            client.send(t, "decrypt with symmetric NULL", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.hmac(h, CONTINUE | DECRYPT, ""));
            client.send(t, "decrypt on a command without a sized first parameter", 0x139, new int[] {LOCKOUT},
                    new byte[0], false, Use.hmac(h, CONTINUE | DECRYPT, ""));
            client.send(t, "encrypt on a command without a sized response parameter", HIERARCHY_CHANGE_AUTH, owner,
                    sized(""), false, Use.hmac(h, CONTINUE | ENCRYPT, ""));
            client.send(t, "audit", HIERARCHY_CHANGE_AUTH, owner, sized(""), false, Use.hmac(h, CONTINUE | AUDIT, ""));
            client.send(t, "audit, exclusive", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.hmac(h, CONTINUE | AUDIT | 0x02, ""));
            t.send("an unaudited command", command(NO_SESSIONS, 0x17B, "0000"));
            client.send(t, "audit, no longer exclusive", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.hmac(h, CONTINUE | AUDIT | 0x02, ""));
            client.send(t, "audit without exclusive", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.hmac(h, CONTINUE | AUDIT, ""));
            client.send(t, "audit reset", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.hmac(h, CONTINUE | AUDIT | 0x04, ""));
            client.send(t, "audit in two sessions", HIERARCHY_CHANGE_AUTH, owner, sized(""), false,
                    Use.hmac(h, CONTINUE | AUDIT, ""), Use.password(""));
            client.send(t, "password for a handle that needs none", 0x17D, new int[0],
                    SessionClient.concat(sized("61"), TestBytes.hex("000b40000007")), false, Use.password(""));
            client.send(t, "SHA-1 session with password session", 0x126, new int[] {PLATFORM}, new byte[0], false,
                    Use.hmac(h, CONTINUE, ""), Use.password(""));
            client.send(t, "DictionaryAttackParameters over HMAC", 0x13A, new int[] {LOCKOUT},
                    TestBytes.hex("00000005 00000006 00000007"), false, Use.hmac(h, CONTINUE, ""));
            t.send("DA properties", DifferentialCommands.getCapability(6, 0x20E, 4));
            client.send(t, "lockout: wrong HMAC", 0x139, new int[] {LOCKOUT}, new byte[0], false,
                    Use.hmac(h, CONTINUE, "").wrongHmac("01"));
            client.send(t, "lockout now locked out", 0x139, new int[] {LOCKOUT}, new byte[0], false,
                    Use.hmac(h, CONTINUE, ""));
            t.send("TPM_PT_PERMANENT", DifferentialCommands.getCapability(6, 0x200, 1));
        }
    }

    @Test
    void otherCiphersSequencesAndMalformedAreas() {
        compare(t -> otherCiphersSequencesAndMalformedAreasScenario(t, new SessionClient()));
    }

    static void otherCiphersSequencesAndMalformedAreasScenario(Transcript t, SessionClient client) {
        {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("owner auth", SwtpmBootDifferentialTest.changeAuth(OWNER, PW, "0102030405"));
            Session tdes = client.start(t, "TDES-128", RH_NULL, "", HMAC, SessionClient.TDES, 128, SHA256, 32);
            Session camellia = client.start(t, "Camellia-256 bound to owner", OWNER, "0102030405", HMAC,
                    SessionClient.CAMELLIA, 256, SHA384, 24);
            client.send(t, "TDES-encrypted newAuth", HIERARCHY_CHANGE_AUTH, new int[] {OWNER},
                    sized("aa bb cc dd ee ff 00 11 22 33 44"), false,
                    Use.hmac(tdes, CONTINUE | DECRYPT, "0102030405").newAuth("aabbccddeeff0011223344"));
            client.send(t, "Camellia-encrypted newAuth", HIERARCHY_CHANGE_AUTH, new int[] {OWNER},
                    sized("0102030405"), false,
                    Use.hmac(camellia, CONTINUE | DECRYPT, "aabbccddeeff0011223344").newAuth("0102030405"));
            client.send(t, "Hash with TDES decrypt and Camellia encrypt", 0x17D, new int[0],
                    SessionClient.concat(sized("6162636465666768696a"), TestBytes.hex("000d40000007")), false,
                    Use.extra(tdes, CONTINUE | DECRYPT), Use.extra(camellia, CONTINUE | ENCRYPT));
            t.send("FlushContext TDES", command(NO_SESSIONS, 0x165, String.format("%08x", tdes.handle)));
            t.send("HashSequenceStart", command(NO_SESSIONS, 0x186, "0002 5a5a 000b"));
            Session xor = client.start(t, "XOR SHA-1 bound to the sequence", 0x80000000, "5a5a", HMAC, XOR, SHA1,
                    SHA1, 20);
            client.send(t, "SequenceUpdate with the bound session", 0x15C, new int[] {0x80000000},
                    sized("0102030405060708"), false, Use.hmac(xor, CONTINUE | DECRYPT, "5a5a").bound());
            client.send(t, "SequenceComplete, result encrypted", 0x13E, new int[] {0x80000000},
                    SessionClient.concat(sized("09"), TestBytes.hex("40000007")), false,
                    Use.hmac(xor, CONTINUE | DECRYPT | ENCRYPT, "5a5a").bound());
            t.send("HashSequenceStart 2", command(NO_SESSIONS, 0x186, "0001 77 000c"));
            Session xorSha1 = client.start(t, "XOR with SHA-1 in a SHA-384 session", RH_NULL, "", HMAC, XOR, SHA1,
                    SHA384, 48);
            client.send(t, "SequenceComplete: auth, decrypt and encrypt in three sessions", 0x13E,
                    new int[] {0x80000000}, SessionClient.concat(sized("0a0b0c"), TestBytes.hex("4000000b")), false,
                    Use.hmac(camellia, CONTINUE, "77"), Use.extra(xorSha1, CONTINUE | DECRYPT),
                    Use.extra(xor, CONTINUE | ENCRYPT));
            t.send("FlushContext XOR/SHA-1", command(NO_SESSIONS, 0x165, String.format("%08x", xorSha1.handle)));
            client.send(t, "StartAuthSession, nonces encrypted", 0x176, new int[] {RH_NULL, RH_NULL},
                    TestBytes.hex("0010 00112233445566778899aabbccddeeff 0000 00 0010 000b"), true, true,
                    Use.extra(xor, CONTINUE | DECRYPT | ENCRYPT));
            String area = "02000000 0000 01 0000";
            t.send("four sessions", SwtpmBootDifferentialTest.changeAuth(OWNER, PW + PW + PW + PW, ""));
            t.send("authorizationSize 8", command(SESSIONS, HIERARCHY_CHANGE_AUTH, "40000001 00000008 "
                    + "40000009 0000 00 00 0000"));
            t.send("authorizationSize beyond the command", command(SESSIONS, HIERARCHY_CHANGE_AUTH,
                    "40000001 00000040 " + "40000009 0000 00 0000 0000"));
            t.send("authorizationSize cuts the hmac", command(SESSIONS, HIERARCHY_CHANGE_AUTH,
                    "40000001 0000000a " + "40000009 0000 00 0002 0102 0000"));
            t.send("HMAC session then a cut second session", command(SESSIONS, HIERARCHY_CHANGE_AUTH,
                    "40000001 00000010 " + area + "4000 0009 0000 00" + "0000"));
            t.send("no auth area after the tag", command(SESSIONS, HIERARCHY_CHANGE_AUTH, "40000001 0000"));
            t.send("ReadClock with an HMAC session", command(SESSIONS, 0x181,
                    DifferentialCommands.sessions(area)));
            t.send("GetCapability with a password session", command(SESSIONS, 0x17A,
                    DifferentialCommands.sessions(PW) + "00000006 00000203 00000004"));
            t.send("StartAuthSession as a second session of itself", command(SESSIONS, 0x176,
                    "40000007 40000007" + DifferentialCommands.sessions(area) + "0010" + "5a".repeat(16)
                            + "0000 00 0010 000b"));
        }
    }

    @Test
    void boundSessions() {
        compare(t -> boundSessionsScenario(t, new SessionClient()));
    }

    /** Also run by {@link SessionFixedEntropyDifferentialTest}, where every byte must match. */
    static void boundSessionsScenario(Transcript t, SessionClient client) {
        {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("owner auth", SwtpmBootDifferentialTest.changeAuth(OWNER, PW, "1234"));
            t.send("endorsement auth", SwtpmBootDifferentialTest.changeAuth(ENDORSEMENT, PW, "5678"));
            Session bound = client.start(t, "bound to owner", OWNER, "1234", HMAC, XOR, SHA256, SHA256, 32);
            client.send(t, "owner with the bound session", HIERARCHY_CHANGE_AUTH, new int[] {OWNER}, sized("12"),
                    false, Use.hmac(bound, CONTINUE, "1234").bound().newAuth("12"));
            client.send(t, "owner: the auth changed, so no longer the bind entity", HIERARCHY_CHANGE_AUTH,
                    new int[] {OWNER}, sized("1234"), false, Use.hmac(bound, CONTINUE, "12").newAuth("1234"));
            client.send(t, "owner: bound again, wrong if the auth is included", HIERARCHY_CHANGE_AUTH,
                    new int[] {OWNER}, sized("1234"), false, Use.hmac(bound, CONTINUE, "1234"));
            client.send(t, "endorsement with the owner-bound session", HIERARCHY_CHANGE_AUTH,
                    new int[] {ENDORSEMENT}, sized(""), false, Use.hmac(bound, CONTINUE, "5678").newAuth(""));
            client.send(t, "XOR-encrypted newAuth", HIERARCHY_CHANGE_AUTH, new int[] {ENDORSEMENT}, sized("abcdef"),
                    false, Use.hmac(bound, CONTINUE | DECRYPT, "").newAuth("abcdef"));
            t.send("endorsement auth is abcdef", SwtpmBootDifferentialTest.changeAuth(ENDORSEMENT,
                    password(1, "abcdef"), ""));
            Session aes = client.start(t, "AES-128 session bound to PCR 16", 16, "", HMAC, AES, 128, SHA256, 16);
            client.send(t, "PCR_Event with encrypted eventData", 0x13C, new int[] {16}, sized("0102030405"), false,
                    Use.hmac(aes, CONTINUE | DECRYPT, "").bound());
            client.send(t, "Hash, both directions encrypted", 0x17D, new int[0],
                    SessionClient.concat(sized("616263"), TestBytes.hex("000b40000007")), false,
                    Use.extra(aes, CONTINUE | DECRYPT | ENCRYPT));
            Session aes256 = client.start(t, "AES-256 SHA-512 session", RH_NULL, "", HMAC, AES, 256, SHA512, 64);
            client.send(t, "owner auth, encrypted by a second session", HIERARCHY_CHANGE_AUTH, new int[] {OWNER},
                    sized("99887766"), false, Use.hmac(bound, CONTINUE, "1234").newAuth("99887766"),
                    Use.extra(aes256, CONTINUE | DECRYPT));
            client.send(t, "Hash, decrypt and encrypt in two sessions", 0x17D, new int[0],
                    SessionClient.concat(sized("00112233445566778899aabbccddeeff0011"),
                            TestBytes.hex("000c40000007")), false,
                    Use.extra(aes, CONTINUE | DECRYPT), Use.extra(aes256, CONTINUE | ENCRYPT));
            client.send(t, "decrypt: size larger than the parameters", HIERARCHY_CHANGE_AUTH, new int[] {OWNER},
                    TestBytes.hex("0010aabb"), false, Use.hmac(aes256, CONTINUE | DECRYPT, "99887766"));
            client.send(t, "decrypt: one byte of parameters", HIERARCHY_CHANGE_AUTH, new int[] {OWNER},
                    TestBytes.hex("00"), false, Use.hmac(aes256, CONTINUE | DECRYPT, "99887766"));
            client.send(t, "decrypt: no parameters", HIERARCHY_CHANGE_AUTH, new int[] {OWNER},
                    new byte[0], false, Use.hmac(aes256, CONTINUE | DECRYPT, "99887766"));
            t.send("FlushContext owner-bound session", command(NO_SESSIONS, 0x165,
                    String.format("%08x", bound.handle)));
            Session lockoutBound = client.start(t, "bound to lockout", LOCKOUT, "", HMAC, NULL, 0, SHA256, 16);
            client.send(t, "owner with a wrong HMAC in a lockout-bound session", HIERARCHY_CHANGE_AUTH,
                    new int[] {OWNER}, sized(""), false, Use.hmac(lockoutBound, CONTINUE, "99887766").wrongHmac("00"));
            client.send(t, "lockout-bound session now locked out", HIERARCHY_CHANGE_AUTH,
                    new int[] {OWNER}, sized(""), false, Use.hmac(lockoutBound, CONTINUE, "99887766"));
            t.send("TPM_PT_PERMANENT", DifferentialCommands.getCapability(6, 0x200, 1));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE)", command(NO_SESSIONS, 0x144, "0001"));
            client.send(t, "sessions are gone after Startup(STATE)", 0x17D, new int[0],
                    SessionClient.concat(sized("61"), TestBytes.hex("000b40000007")), false,
                    Use.extra(aes, CONTINUE | DECRYPT));
            t.send("GetCapability loaded/active", DifferentialCommands.getCapability(6, 0x203, 4));
            client.start(t, "new session takes handle index 0", RH_NULL, "", POLICY, NULL, 0, SHA256, 16);
        }
    }
}
