package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES128_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES256_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NULL;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.PLATFORM;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SIGNING_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.ObjectTemplates.symCipher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;

/**
 * TPM2_CreatePrimary with the same entropy on both sides (so the same EPS, SPS, PPS, proofs and
 * null seed): outPublic, creationData, creationHash, creationTicket and Name must match libtpms
 * byte for byte for every template and hierarchy, and so must ReadPublic and the transient
 * handle capabilities.
 */
class ObjectFixedEntropyDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static Map<String, String> symmetricTemplates() {
        Map<String, String> templates = new LinkedHashMap<>();
        templates.put("HMAC key SHA-256", keyedHash(0xB, SIGNING_ATTRIBUTES, "", "0005 000b", ""));
        templates.put("HMAC key SHA-384, nameAlg SHA-1", keyedHash(0x4, SIGNING_ATTRIBUTES, "", "0005 000c", ""));
        templates.put("HMAC key SHA-512 with unique", keyedHash(0xB, SIGNING_ATTRIBUTES, "", "0005 000d", "abcdef"));
        templates.put("AES-128 CFB key", symCipher(0xB, 0x00060072, AES128_CFB, ""));
        templates.put("AES-256 CFB key", symCipher(0xB, 0x00060072, AES256_CFB, ""));
        templates.put("AES-128 CFB storage parent", symCipher(0xB, 0x00030072, AES128_CFB, ""));
        templates.put("AES-256 CFB decrypt, nameAlg SHA-384", symCipher(0xC, 0x00020072, AES256_CFB, ""));
        templates.put("XOR derivation parent", keyedHash(0xB, 0x00030072, "", "000a 000b 0022", ""));
        templates.put("TDES-128 CFB key", symCipher(0xB, 0x00060072, "0003 0080 0043", ""));
        templates.put("TDES-192 CFB storage parent", symCipher(0xC, 0x00030072, "0003 00c0 0043", ""));
        return templates;
    }

    static Map<String, String> eccTemplates() {
        Map<String, String> templates = new LinkedHashMap<>();
        templates.put("TCG EK ECC P-256", ObjectTemplates.EK_ECC);
        templates.put("tpm2-tools SRK ECC P-256", ObjectTemplates.SRK_ECC_TOOLS);
        templates.put("TCG SRK ECC P-256", ObjectTemplates.SRK_ECC_TCG);
        templates.put("ECDSA P-256 SHA-256", ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x3, "", ""));
        templates.put("ECDSA P-384 SHA-384", ecc(0xC, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000c", 0x4, "", ""));
        templates.put("ECDSA BN P-256", ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x10, "", ""));
        templates.put("ECDH P-256 unrestricted", ecc(0xB, 0x00020072, "", NO_SYMMETRIC, "0019 000b", 0x3, "", ""));
        templates.put("sign+decrypt P-521", ecc(0xD, 0x00060072, "", NO_SYMMETRIC, "0010", 0x5, "", ""));
        templates.put("ECDSA BN P-638", ecc(0xD, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000d", 0x11, "", ""));
        return templates;
    }

    static Map<String, String> rsaTemplates() {
        Map<String, String> templates = new LinkedHashMap<>();
        templates.put("TCG EK RSA-2048", ObjectTemplates.EK_RSA);
        templates.put("tpm2-tools SRK RSA-2048", ObjectTemplates.SRK_RSA_TOOLS);
        templates.put("RSASSA RSA-2048 SHA-256", rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b", 2048, 0, ""));
        templates.put("RSA-3072 storage key, SHA-384", rsa(0xC, ObjectTemplates.SRK_ATTRIBUTES, "", AES256_CFB, "0010",
                3072, 0, ""));
        templates.put("RSA-1024 RSAPSS, exponent 65539", rsa(0x4, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0016 0004",
                1024, 65539, ""));
        return templates;
    }

    private static void createAll(Transcript t, Map<String, String> templates, String... hierarchies) {
        for (Map.Entry<String, String> template : templates.entrySet()) {
            for (String hierarchy : hierarchies) {
                String label = template.getKey() + " in " + hierarchy;
                t.send("CreatePrimary " + label, createPrimary(hierarchy, template.getValue()));
                t.send("ReadPublic " + label, readPublic(FIRST));
                t.send("FlushContext " + label, flush(FIRST));
            }
        }
    }

    @Test
    void symmetricPrimariesByteForByte() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            createAll(t, symmetricTemplates(), OWNER, ENDORSEMENT, PLATFORM, NULL);
            t.send("sealed data", createPrimary(OWNER, SwtpmBootDifferentialTest.PW, "6161", "736563726574",
                    keyedHash(0xB, 0x00000052, "", "0010", ""), "0102", "00000001 000b 03 ff0000"));
            t.send("ReadPublic sealed data", readPublic(FIRST));
            t.send("AES-128 key given", createPrimary(OWNER, SwtpmBootDifferentialTest.PW, "", "00112233445566778899aabbccddeeff",
                    symCipher(0xB, 0x00060052, AES128_CFB, ""), "", "00000002 000b 03 010000 0004 03 000080"));
            t.send("HMAC key given", createPrimary(ENDORSEMENT, SwtpmBootDifferentialTest.PW, "", "0123456789",
                    keyedHash(0xB, 0x00040052, "", "0005 000b", ""), "", "00000000"));
            t.send("TPM_CAP_HANDLES transient", DifferentialCommands.getCapability(1, 0x80000000L, 8));
            t.send("TPM_PT_HR_TRANSIENT_AVAIL", DifferentialCommands.getCapability(6, 0x207, 1));
            t.send("TPM_PT_HR_TRANSIENT_MIN", DifferentialCommands.getCapability(6, 0x10E, 1));
            t.send("fourth object", createPrimary(OWNER, symCipher(0xB, 0x00060072, AES128_CFB, "")));
            t.send("IncrementalSelfTest (pending list)", command(NO_SESSIONS, 0x142, "00000000"));
        }, FixedEntropy::new, preload);
    }

    @Test
    void eccPrimariesByteForByte() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            createAll(t, eccTemplates(), OWNER, ENDORSEMENT, PLATFORM, NULL);
            t.send("IncrementalSelfTest (pending list)", command(NO_SESSIONS, 0x142, "00000000"));
        }, FixedEntropy::new, preload);
    }

    @Test
    void rsaPrimariesByteForByte() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            createAll(t, rsaTemplates(), OWNER, ENDORSEMENT);
        }, FixedEntropy::new, preload);
    }

    @Test
    void objectsSurviveAVolatileStateResumeAndGoAtStartup() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary before Shutdown", createPrimary(PLATFORM, ObjectTemplates.SRK_ECC_TOOLS));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE)", command(NO_SESSIONS, 0x144, "0001"));
            t.send("ReadPublic after Startup", readPublic(FIRST));
            t.send("TPM_CAP_HANDLES transient after Startup", DifferentialCommands.getCapability(1, 0x80000000L, 8));
            t.send("CreatePrimary ECC SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
            t.send("CreatePrimary HMAC key", createPrimary(ENDORSEMENT, SwtpmBootDifferentialTest.PW, "abcd", "",
                    keyedHash(0xB, SIGNING_ATTRIBUTES, "", "0005 000b", ""), "", "00000000"));
            t.send("FlushContext first", flush(FIRST));
            t.record("CMD_STORE_VOLATILE", t.tpm().storeVolatile());
            t.tpm().restartProcess();
            t.send("ReadPublic flushed slot", readPublic(FIRST));
            t.send("ReadPublic after resume", readPublic(FIRST + 1));
            t.send("TPM_CAP_HANDLES transient after resume", DifferentialCommands.getCapability(1, 0x80000000L, 8));
            t.send("CreatePrimary into the free slot", createPrimary(NULL, ObjectTemplates.SRK_ECC_TOOLS));
        }, FixedEntropy::new, preload);
    }

    @Test
    void sequencesSurviveAVolatileStateResume() {
        String pw = SwtpmBootDifferentialTest.PW;
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("HashSequenceStart SHA-384", SwtpmSequenceDifferentialTest.start("61", 0xC));
            t.send("HashSequenceStart event", SwtpmSequenceDifferentialTest.start("", 0x10));
            t.send("CreatePrimary HMAC key", createPrimary(OWNER, keyedHash(0xB, SIGNING_ATTRIBUTES, "", "0005 000b", "")));
            t.send("SequenceUpdate SHA-384", SwtpmSequenceDifferentialTest.update(FIRST, DifferentialCommands.password(0,
                    "61"), "00112233".repeat(50)));
            t.send("SequenceUpdate event", SwtpmSequenceDifferentialTest.update(FIRST + 1, pw, "abcdef".repeat(30)));
            t.record("CMD_STORE_VOLATILE", t.tpm().storeVolatile());
            t.tpm().restartProcess();
            t.send("SequenceUpdate SHA-384 after resume", SwtpmSequenceDifferentialTest.update(FIRST,
                    DifferentialCommands.password(0, "61"), "44556677".repeat(20)));
            t.send("SequenceComplete SHA-384 (owner ticket)", SwtpmSequenceDifferentialTest.complete(FIRST,
                    DifferentialCommands.password(0, "61"), "8899", OWNER));
            t.send("EventSequenceComplete PCR 16", SwtpmSequenceDifferentialTest.eventComplete(16, FIRST + 1, pw, pw,
                    "0102"));
            t.send("ReadPublic HMAC key", readPublic(FIRST + 2));
            t.send("PCR_Read 16", command(NO_SESSIONS, 0x17E, "00000004 0004 03 000001 000b 03 000001 000c 03 000001"
                    + " 000d 03 000001"));
        }, FixedEntropy::new, preload);
    }
}
