package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES128_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.EK_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.EK_POLICY;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NULL;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.PLATFORM;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SIGNING_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SRK_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.ObjectTemplates.symCipher;
import static org.swtpmjava.tpm.differential.ObjectTemplates.zeros;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;

/**
 * Malformed and refused CreatePrimary templates, unsupported algorithms, sizes and curves, bad
 * hierarchies and bad authorization, ReadPublic/FlushContext/sequence commands on the wrong kind
 * of object: the response codes (and, with the same entropy, every successful response) must
 * be libtpms' own.
 */
class ObjectErrorsDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    private static final String ECC_SIGN = ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x3, "", "");

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    /** Templates that must be refused (or, where libtpms accepts them, give the same object). */
    static Map<String, String> templates() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("type 0", "0000000b00040072" + "0000");
        t.put("type AES", "0006000b00040072" + "0000");
        t.put("nameAlg NULL", keyedHash(0x10, SIGNING_ATTRIBUTES, "", "0005 000b", ""));
        t.put("nameAlg SM3", keyedHash(0x12, SIGNING_ATTRIBUTES, "", "0005 000b", ""));
        t.put("nameAlg 0", keyedHash(0x0, SIGNING_ATTRIBUTES, "", "0005 000b", ""));
        for (int bit : new int[] {0, 3, 8, 9, 12, 15, 19, 20, 31}) {
            t.put("reserved attribute bit " + bit, keyedHash(0xB, SIGNING_ATTRIBUTES | 1 << bit, "", "0005 000b", ""));
        }
        t.put("authPolicy 65 bytes", keyedHash(0xB, SIGNING_ATTRIBUTES, zeros(65), "0005 000b", ""));
        t.put("authPolicy 20 bytes for SHA-256", keyedHash(0xB, SIGNING_ATTRIBUTES, zeros(20), "0005 000b", ""));
        t.put("authPolicy 32 bytes", keyedHash(0xB, SIGNING_ATTRIBUTES, zeros(32), "0005 000b", ""));
        t.put("keyedhash scheme SHA-1 nameAlg SHA-512", keyedHash(0xD, SIGNING_ATTRIBUTES, "", "0005 0004", ""));
        t.put("keyedhash unknown scheme", keyedHash(0xB, SIGNING_ATTRIBUTES, "", "0006 000b", ""));
        t.put("HMAC key with NULL scheme", keyedHash(0xB, SIGNING_ATTRIBUTES, "", "0010", ""));
        t.put("HMAC key with XOR scheme", keyedHash(0xB, SIGNING_ATTRIBUTES, "", "000a 000b 0022", ""));
        t.put("XOR decrypt key with HMAC", keyedHash(0xB, 0x00020072, "", "0005 000b", ""));
        t.put("XOR derivation parent with KDF2", keyedHash(0xB, 0x00030072, "", "000a 000b 0021", ""));
        t.put("sign+decrypt keyedhash with HMAC", keyedHash(0xB, 0x00060072, "", "0005 000b", ""));
        t.put("keyedhash restricted sign+decrypt", keyedHash(0xB, 0x00070072, "", "0010", ""));
        t.put("keyedhash unique 65 bytes", keyedHash(0xB, SIGNING_ATTRIBUTES, "", "0005 000b", zeros(65)));
        t.put("data object from the TPM", keyedHash(0xB, 0x00000072, "", "0010", ""));
        t.put("symcipher NULL", symCipher(0xB, 0x00060072, "0010", ""));
        t.put("symcipher AES-192", symCipher(0xB, 0x00060072, "0006 00c0 0043", ""));
        t.put("symcipher SM4", symCipher(0xB, 0x00060072, "0013 0080 0043", ""));
        t.put("symcipher bad mode", symCipher(0xB, 0x00060072, "0006 0080 0045", ""));
        t.put("symcipher CMAC decrypt", symCipher(0xB, 0x00060072, "0006 0080 003f", ""));
        t.put("symcipher CMAC sign only", symCipher(0xB, 0x00040072, "0006 0080 003f", ""));
        t.put("symcipher NULL mode", symCipher(0xB, 0x00060072, "0006 0080 0010", ""));
        t.put("symcipher Camellia-256 CFB", symCipher(0xB, 0x00060072, "0026 0100 0043", ""));
        t.put("symcipher neither sign nor decrypt", symCipher(0xB, 0x00000072, AES128_CFB, ""));
        t.put("fixedTPM without fixedParent", symCipher(0xB, 0x00060062, AES128_CFB, ""));
        t.put("fixedParent without fixedTPM", symCipher(0xB, 0x00060070, AES128_CFB, ""));
        t.put("encryptedDuplication with fixedTPM", symCipher(0xB, 0x00060872, AES128_CFB, ""));
        t.put("RSA 4096", rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b", 4096, 0, ""));
        t.put("RSA 1536", rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b", 1536, 0, ""));
        t.put("RSA exponent 3", rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b", 2048, 3, ""));
        t.put("RSA exponent 65535", rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b", 2048, 65535, ""));
        t.put("RSA exponent 65541 (not prime)", rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b", 2048, 65541, ""));
        t.put("RSA exponent 2^32-1", rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b", 2048, 0xFFFFFFFFL, ""));
        t.put("RSA unique 385 bytes", rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b", 2048, 0, zeros(385)));
        t.put("RSA bad scheme", rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 2048, 0, ""));
        t.put("RSA sign with RSAES", rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0015", 2048, 0, ""));
        t.put("RSA restricted sign without scheme", rsa(0xB, 0x00050072, "", NO_SYMMETRIC, "0010", 2048, 0, ""));
        t.put("RSA decrypt with RSASSA", rsa(0xB, 0x00020072, "", NO_SYMMETRIC, "0014 000b", 2048, 0, ""));
        t.put("RSA storage key with OAEP", rsa(0xB, SRK_ATTRIBUTES, "", AES128_CFB, "0017 000b", 2048, 0, ""));
        t.put("RSA storage key without symmetric", rsa(0xB, SRK_ATTRIBUTES, "", NO_SYMMETRIC, "0010", 2048, 0, ""));
        t.put("RSA signing key with symmetric", rsa(0xB, SIGNING_ATTRIBUTES, "", AES128_CFB, "0014 000b", 2048, 0, ""));
        t.put("RSA sign and decrypt clear", rsa(0xB, 0x00000072, "", NO_SYMMETRIC, "0010", 2048, 0, ""));
        t.put("RSA without sensitiveDataOrigin", rsa(0xB, 0x00040052, "", NO_SYMMETRIC, "0014 000b", 2048, 0, ""));
        t.put("ECC curve 6", ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x6, "", ""));
        t.put("ECC curve 25519", ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x40, "", ""));
        t.put("ECC P-192", ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x1, "", ""));
        t.put("ECC P-224", ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x2, "", ""));
        t.put("ECC SM2 P-256", ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x20, "", ""));
        t.put("ECC with KDF", ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x3, "", "").replace(
                "00030010", "00030020000b"));
        t.put("ECC sign with ECDH", ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0019 000b", 0x3, "", ""));
        t.put("ECC bad scheme", ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b", 0x3, "", ""));
        t.put("ECC ECDSA with NULL hash", ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 0010", 0x3, "", ""));
        t.put("ECC ECDAA", ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "001a 000b 0001", 0x3, "", ""));
        t.put("ECC x 81 bytes", ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x3, zeros(81), ""));
        t.put("ECC EK with 1-byte unique", ecc(0xB, EK_ATTRIBUTES, EK_POLICY, AES128_CFB, "0010", 0x3, "01", "02"));
        t.put("ECC EK with SHA-384 nameAlg and SHA-256 policy",
                ecc(0xC, EK_ATTRIBUTES, EK_POLICY, AES128_CFB, "0010", 0x3, "", ""));
        return t;
    }

    @Test
    void templatesAreCheckedAsLibtpmsChecksThem() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            for (Map.Entry<String, String> template : templates().entrySet()) {
                byte[] response = t.send(template.getKey(), createPrimary(OWNER, template.getValue()));
                if (response[9] == 0 && response[8] == 0 && response[7] == 0 && response[6] == 0) {
                    t.send("flush " + template.getKey(), flush(FIRST));
                }
            }
        }, FixedEntropy::new, preload);
    }

    @Test
    void framingSensitiveDataHierarchiesAndAuthorization() {
        String hmacKey = keyedHash(0xB, SIGNING_ATTRIBUTES, "", "0005 000b", "");
        String aesKey = symCipher(0xB, 0x00060052, AES128_CFB, "");
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            String head = OWNER + sessions(PW);
            t.send("inSensitive size 0", command(0x8002, 0x131, head + "0000" + sized(hmacKey) + "0000 00000000"));
            t.send("inSensitive size too big", command(0x8002, 0x131, head + "0005 0000 0000" + sized(hmacKey)
                    + "0000 00000000"));
            t.send("inSensitive size too small", command(0x8002, 0x131, head + "0003 0000 0000" + sized(hmacKey)
                    + "0000 00000000"));
            t.send("inPublic size 0", command(0x8002, 0x131, head + "0004 0000 0000 0000 0000 00000000"));
            t.send("inPublic size one too big", command(0x8002, 0x131, head + "0004 0000 0000"
                    + String.format("%04x", hmacKey.length() / 2 + 1) + hmacKey + "0000 00000000"));
            t.send("inPublic size one too small", command(0x8002, 0x131, head + "0004 0000 0000"
                    + String.format("%04x", hmacKey.length() / 2 - 1) + hmacKey + "0000 00000000"));
            t.send("truncated template", command(0x8002, 0x131, head + "0004 0000 0000 0010 0008000b"));
            t.send("outsideInfo 67 bytes", createPrimary(OWNER, PW, "", "", hmacKey, zeros(67), "00000000"));
            t.send("outsideInfo 66 bytes", createPrimary(OWNER, PW, "", "", hmacKey, zeros(66), "00000000"));
            t.send("flush", flush(FIRST));
            t.send("creationPCR bad hash", createPrimary(OWNER, PW, "", "", hmacKey, "", "00000001 0012 03 ff0000"));
            t.send("creationPCR 5 banks", createPrimary(OWNER, PW, "", "", hmacKey, "", "00000005"));
            t.send("creationPCR unallocated SHA-384 bank and a big select",
                    createPrimary(OWNER, PW, "", "", hmacKey, "", "00000002 000c 03 ffffff 000b 04 ffffffff"));
            t.send("flush", flush(FIRST));
            t.send("trailing byte", command(0x8002, 0x131, head + "0004 0000 0000" + sized(hmacKey) + "0000 00000000 00"));
            t.send("userAuth 33 bytes", createPrimary(OWNER, PW, "11".repeat(33), "", hmacKey, "", "00000000"));
            t.send("userAuth 40 bytes, zeros after 32", createPrimary(OWNER, PW, "11".repeat(32) + zeros(8), "", hmacKey,
                    "", "00000000"));
            t.send("flush", flush(FIRST));
            t.send("userAuth 65 bytes", createPrimary(OWNER, PW, "11".repeat(65), "", hmacKey, "", "00000000"));
            t.send("sensitive data 129 bytes", createPrimary(OWNER, PW, "", "11".repeat(129), hmacKey, "", "00000000"));
            t.send("HMAC key data 65 bytes", createPrimary(OWNER, PW, "", "11".repeat(65),
                    keyedHash(0xB, 0x00040052, "", "0005 000b", ""), "", "00000000"));
            t.send("AES key data 15 bytes", createPrimary(OWNER, PW, "", "11".repeat(15), aesKey, "", "00000000"));
            String tdesKey = symCipher(0xB, 0x00060052, "0003 0080 0043", "");
            t.send("TDES key data weak", createPrimary(OWNER, PW, "", "0101010101010101fefefefefefefefe", tdesKey, "",
                    "00000000"));
            t.send("TDES key data K1 = K2 after parity", createPrimary(OWNER, PW, "", "1234567890abcdef1335577991abcdee",
                    tdesKey, "", "00000000"));
            t.send("TDES key data possibly weak", createPrimary(OWNER, PW, "", "1234567890abcdefe0fe011ff1fe010e",
                    tdesKey, "", "00000000"));
            t.send("TDES key data 24 bytes for TDES-128", createPrimary(OWNER, PW, "", "11".repeat(24), tdesKey, "",
                    "00000000"));
            t.send("TDES key data valid", createPrimary(OWNER, PW, "", "1234567890abcdef0123456789abcdef", tdesKey, "",
                    "00000000"));
            t.send("flush TDES", flush(FIRST));
            t.send("data ignored with sensitiveDataOrigin", createPrimary(OWNER, PW, "", "11".repeat(16),
                    symCipher(0xB, 0x00060072, AES128_CFB, ""), "", "00000000"));
            t.send("flush", flush(FIRST));
            t.send("restricted AES key with data", createPrimary(OWNER, PW, "", "11".repeat(16),
                    symCipher(0xB, 0x00030052, AES128_CFB, ""), "", "00000000"));
            t.send("hierarchy lockout", createPrimary("4000000a", hmacKey));
            t.send("hierarchy 0x40000002", createPrimary("40000002", hmacKey));
            t.send("hierarchy PCR 0", createPrimary("00000000", hmacKey));
            t.send("hierarchy transient", createPrimary("80000000", hmacKey));
            t.send("no sessions", command(NO_SESSIONS, 0x131, OWNER + "0004 0000 0000" + sized(hmacKey) + "0000 00000000"));
            t.send("owner auth set", SwtpmBootDifferentialTest.changeAuth(0x40000001, PW, "6f776e"));
            t.send("wrong owner password", createPrimary(OWNER, hmacKey));
            t.send("right owner password", createPrimary(OWNER, password(0, "6f776e"), "", "", hmacKey, "", "00000000"));
            t.send("flush", flush(FIRST));
            t.send("platform", createPrimary(PLATFORM, hmacKey));
            t.send("endorsement", createPrimary(ENDORSEMENT, hmacKey));
            t.send("null", createPrimary(NULL, hmacKey));
            t.send("no free slot", createPrimary(NULL, hmacKey));
            t.send("no free slot, bad template too", createPrimary(NULL, "0000000b00040072" + "0000"));
            t.send("flush 2", flush(FIRST + 2));
            t.send("endorsement disabled", SwtpmHierarchyDifferentialTest.control("4000000c", PW, ENDORSEMENT, 0));
            t.send("CreatePrimary in a disabled hierarchy", createPrimary(ENDORSEMENT, hmacKey));
            t.send("ReadPublic 0x80000002 (flushed)", readPublic(FIRST + 2));
            t.send("ReadPublic 0x80000003", readPublic(FIRST + 3));
            t.send("ReadPublic 0x80FFFFFF", readPublic(0x80FFFFFF));
            t.send("ReadPublic owner", readPublic(0x40000001));
            t.send("ReadPublic with a password session", command(0x8002, 0x173, "80000000" + sessions(PW)));
            t.send("ReadPublic trailing byte", command(NO_SESSIONS, 0x173, "80000000 00"));
            t.send("FlushContext 0x80000003", flush(FIRST + 3));
            t.send("FlushContext 0x80000001", flush(FIRST + 1));
            t.send("FlushContext 0x80000001 again", flush(FIRST + 1));
        }, FixedEntropy::new, preload);
    }

    @Test
    void objectsMeetSequencesAndSessions() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("ECC signing key, userAuth 'k'", createPrimary(OWNER, PW, "6b", "", ECC_SIGN, "", "00000000"));
            t.send("ECC key without userWithAuth", createPrimary(OWNER, PW, "", "",
                    ecc(0xB, 0x00040032, "", NO_SYMMETRIC, "0018 000b", 0x3, "", ""), "", "00000000"));
            t.send("HashSequenceStart", SwtpmSequenceDifferentialTest.start("", 0xB));
            t.send("ReadPublic of a sequence", readPublic(FIRST + 2));
            t.send("SequenceUpdate on a key", command(0x8002, 0x15C, "80000000" + sessions(password(0, "6b")) + "0001 61"));
            t.send("SequenceUpdate on a key, wrong password (DA)", command(0x8002, 0x15C, "80000000"
                    + sessions(password(0, "6c")) + "0001 61"));
            t.send("TPM_PT_LOCKOUT_COUNTER", DifferentialCommands.getCapability(6, 0x20E, 1));
            t.send("SequenceUpdate on a key without userWithAuth", command(0x8002, 0x15C, "80000001"
                    + sessions(PW) + "0001 61"));
            t.send("SequenceComplete on a key", command(0x8002, 0x13E, "80000000" + sessions(password(0, "6b"))
                    + "0000 40000007"));
            t.send("EventSequenceComplete on a key", command(0x8002, 0x185, "00000010 80000000"
                    + sessions(PW, password(0, "6b")) + "0000"));
            t.send("StartAuthSession salted with a signing key", command(NO_SESSIONS, 0x176,
                    "80000000 40000007 0010" + "11".repeat(16) + "0002 0102 00 0010 000b"));
            t.send("StartAuthSession salted without salt", command(NO_SESSIONS, 0x176,
                    "80000000 40000007 0010" + "11".repeat(16) + "0000 00 0010 000b"));
            t.send("StartAuthSession tpmKey a sequence", command(NO_SESSIONS, 0x176,
                    "80000002 40000007 0010" + "11".repeat(16) + "0002 0102 00 0010 000b"));
            t.send("StartAuthSession bound to a key", command(NO_SESSIONS, 0x176,
                    "40000007 80000000 0010" + "11".repeat(16) + "0000 00 0010 000b"));
            t.send("FlushContext the sequence", flush(FIRST + 2));
            t.send("ReadPublic key", readPublic(FIRST));
        }, FixedEntropy::new, preload);
    }
}
