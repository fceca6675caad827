package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES128_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES256_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NULL;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.PLATFORM;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SRK_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.ObjectTemplates.symCipher;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_CreateLoaded under each kind of parent with the same entropy on both sides: hierarchies
 * (the object must be the primary CreatePrimary makes), storage parents (an ordinary object with
 * its outPrivate; symmetric and keyed-hash objects byte for byte, RSA/ECC keys by code since
 * OpenSSL makes them in libtpms) and a derivation parent (ECC, HMAC, AES, TDES and data objects
 * derived from its secret, byte for byte, with label and context from the template or from
 * inSensitive.data), and libtpms' codes for refused templates, parents and sizes.
 */
class CreateLoadedDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    /** fixedTPM, fixedParent, userWithAuth, noDA. */
    private static final int FIXED_USER_NODA = 0x00000452;
    private static final int SIGN = 0x00040000;
    private static final int DECRYPT = 0x00020000;
    private static final int RESTRICTED = 0x00010000;
    private static final int SENSITIVE_DATA_ORIGIN = 0x20;
    /** A derivation parent: restricted decrypt KEYEDHASH with XOR, SHA-256, SP800-108. */
    static final String DERIVATION_PARENT = keyedHash(0xB, SRK_ATTRIBUTES, "", "000a 000b 0022", "");
    static final String TDES_192_CFB = "0003 00c0 0043";
    static final String DIGEST_256 = "5a".repeat(32);

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static byte[] createLoaded(int parent, String session, String userAuth, String data, String template) {
        String sensitive = sized(sized(userAuth) + sized(data));
        return command(DifferentialCommands.SESSIONS, 0x191, String.format("%08x", parent) + sessions(session)
                + sensitive + sized(template));
    }

    static byte[] createLoaded(int parent, String template) {
        return createLoaded(parent, PW, "", "", template);
    }

    static byte[] createLoaded(String hierarchy, String template) {
        return createLoaded((int) Long.parseLong(hierarchy, 16), template);
    }

    /**
     * A derivation template: the template (built with an empty unique field) with a TPMS_DERIVE
     * in place of its unique field.
     */
    static String derive(String templateWithEmptyUnique, String label, String context) {
        String template = templateWithEmptyUnique.replace(" ", "");
        int type = Integer.parseInt(template.substring(0, 4), 16);
        int uniqueHex = type == 0x23 ? 8 : 4;
        return template.substring(0, template.length() - uniqueHex) + sized(label) + sized(context);
    }

    /** The outPrivate and outPublic (each with its size) of a successful CreateLoaded response. */
    static String[] privateAndPublic(byte[] response) {
        ByteBuffer buffer = ByteBuffer.wrap(response, 18, response.length - 18);
        String[] parts = new String[2];
        for (int i = 0; i < 2; i++) {
            int size = buffer.getShort() & 0xFFFF;
            byte[] part = new byte[2 + size];
            buffer.position(buffer.position() - 2);
            buffer.get(part);
            parts[i] = TestBytes.hex(part);
        }
        return parts;
    }

    /** A CreateLoaded response cut to its code and handle (the rest depends on an OpenSSL-made key). */
    static final UnaryOperator<byte[]> CODE_AND_HANDLE = response -> Arrays.copyOf(response, Math.min(14,
            response.length));

    static final UnaryOperator<byte[]> CODE_ONLY = response -> Arrays.copyOfRange(response, 6, 10);

    @Test
    void primariesUnderEachHierarchyEqualCreatePrimary() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            String[][] templates = {
                    {"ECC SRK", ObjectTemplates.SRK_ECC_TOOLS},
                    {"RSA SRK", ObjectTemplates.SRK_RSA_TOOLS},
                    {"AES-128 storage key", symCipher(0xB, SRK_ATTRIBUTES, AES128_CFB, "")},
                    {"TDES-192 key", symCipher(0xB, 0x00020472, TDES_192_CFB, "")},
                    {"HMAC key", keyedHash(0xB, 0x00040472, "", "0005 000b", "")},
                    {"derivation parent", DERIVATION_PARENT},
                    {"ECC EK", ObjectTemplates.EK_ECC},
            };
            String[] hierarchies = {OWNER, ENDORSEMENT, PLATFORM, NULL};
            for (String[] template : templates) {
                for (String hierarchy : hierarchies) {
                    if (template[0].startsWith("RSA") && !hierarchy.equals(OWNER)) {
                        continue;
                    }
                    String label = template[0] + " in " + hierarchy;
                    t.send("CreateLoaded " + label, createLoaded(hierarchy, template[1]));
                    t.send("ReadPublic " + label, readPublic(FIRST));
                    t.send("CreatePrimary " + label, createPrimary(hierarchy, template[1]));
                    t.send("FlushContext CreateLoaded " + label, flush(FIRST));
                    t.send("FlushContext CreatePrimary " + label, flush(FIRST + 1));
                }
            }
            t.send("CreateLoaded sealed data with data, userAuth", createLoaded(0x40000001, PW, "abcd", "c0ffee",
                    keyedHash(0xB, FIXED_USER_NODA, "", "0010", "")));
            t.send("Unseal it", ObjectCreateLoadDifferentialTest.unseal(FIRST, password(0, "abcd")));
            t.send("Unseal it, wrong password", ObjectCreateLoadDifferentialTest.unseal(FIRST, password(0, "abce")));
        }, FixedEntropy::new, preload);
    }

    @Test
    void ordinaryObjectsUnderStorageParents() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary ECC SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
            String[][] symmetric = {
                    {"AES-128 key", symCipher(0xB, 0x00060472, AES128_CFB, "")},
                    {"HMAC key", keyedHash(0xB, 0x00040472, "", "0005 000b", "")},
                    {"AES-128 storage key", symCipher(0xB, SRK_ATTRIBUTES, AES128_CFB, "")},
                    {"derivation parent", DERIVATION_PARENT},
            };
            for (String[] template : symmetric) {
                byte[] created = t.send("CreateLoaded " + template[0], createLoaded(FIRST, template[1]));
                t.send("ReadPublic " + template[0], readPublic(FIRST + 1));
                t.send("FlushContext " + template[0], flush(FIRST + 1));
                String[] blobs = privateAndPublic(created);
                t.send("Load " + template[0], ObjectCreateLoadDifferentialTest.load(FIRST, PW, blobs[0], blobs[1]));
                t.send("ReadPublic loaded " + template[0], readPublic(FIRST + 1));
                t.send("FlushContext loaded " + template[0], flush(FIRST + 1));
            }
            byte[] sealed = t.send("CreateLoaded sealed data", createLoaded(FIRST, PW, "abcd", "736563726574",
                    keyedHash(0xB, FIXED_USER_NODA, "", "0010", "")));
            t.send("Unseal", ObjectCreateLoadDifferentialTest.unseal(FIRST + 1, password(0, "abcd")));
            t.send("FlushContext sealed data", flush(FIRST + 1));
            String[] blobs = privateAndPublic(sealed);
            t.send("Load sealed data", ObjectCreateLoadDifferentialTest.load(FIRST, PW, blobs[0], blobs[1]));
            t.send("Unseal loaded", ObjectCreateLoadDifferentialTest.unseal(FIRST + 1, password(0, "abcd")));
            t.send("FlushContext loaded sealed data", flush(FIRST + 1));
            t.send("CreateLoaded ECDSA key", createLoaded(FIRST, ecc(0xB, 0x00040472, "", NO_SYMMETRIC, "0018 000b",
                    0x3, "", "")), CODE_AND_HANDLE);
            t.send("Sign with it", SignatureDifferentialTest.sign(FIRST + 1, DIGEST_256, "0010"), CODE_ONLY);
            t.send("FlushContext ECDSA key", flush(FIRST + 1));
            t.send("CreateLoaded RSA storage key", createLoaded(FIRST, rsa(0xB, SRK_ATTRIBUTES, "", AES128_CFB,
                    "0010", 2048, 0, "")), CODE_AND_HANDLE);
            t.send("CreateLoaded HMAC key under it", createLoaded(FIRST + 1, keyedHash(0xB, 0x00040472, "", "0005 000b",
                    "")), CODE_AND_HANDLE);
            t.send("ReadPublic grandchild", readPublic(FIRST + 2), CODE_ONLY);
            t.send("CreateLoaded with all slots full", createLoaded(FIRST, keyedHash(0xB, 0x00040472, "",
                    "0005 000b", "")));
        }, FixedEntropy::new, preload);
    }

    @Test
    void derivedObjectsUnderADerivationParent() {
        String eccSigning = ecc(0xB, FIXED_USER_NODA | SIGN, "", NO_SYMMETRIC, "0018 000b", 0x3, "", "");
        String eccP384 = ecc(0xC, FIXED_USER_NODA | SIGN, "", NO_SYMMETRIC, "0018 000c", 0x4, "", "");
        String hmac = keyedHash(0xB, FIXED_USER_NODA | SIGN, "", "0005 000b", "");
        String aes = symCipher(0xB, FIXED_USER_NODA | DECRYPT, AES256_CFB, "");
        String tdes = symCipher(0xB, FIXED_USER_NODA | DECRYPT, TDES_192_CFB, "");
        String data = keyedHash(0xB, FIXED_USER_NODA, "", "0010", "");
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary derivation parent", createPrimary(OWNER, DERIVATION_PARENT));
            String[][] derived = {
                    {"ECC P-256 signing key", eccSigning},
                    {"ECC P-384 signing key", eccP384},
                    {"HMAC key", hmac},
                    {"AES-256 key", aes},
                    {"TDES-192 key", tdes},
                    {"data object", data},
            };
            for (String[] template : derived) {
                t.send("CreateLoaded derived " + template[0], createLoaded(FIRST, derive(template[1], "6c6162656c",
                        "636f6e74657874")));
                t.send("ReadPublic derived " + template[0], readPublic(FIRST + 1));
                t.send("FlushContext derived " + template[0], flush(FIRST + 1));
            }
            t.send("derived HMAC key, label and context from inSensitive", createLoaded(FIRST, PW, "", sized("6c6162656c")
                    + sized("636f6e74657874"), derive(hmac, "", "")));
            t.send("HMAC with the derived key", SignatureDifferentialTest.sign(FIRST + 1, DIGEST_256, "0010"));
            t.send("derived HMAC key again, label from the template", createLoaded(FIRST, PW, "", sized("ffff")
                    + sized("636f6e74657874") + "0102", derive(hmac, "6c6162656c", "")));
            t.send("HMAC with the same key", SignatureDifferentialTest.sign(FIRST + 2, DIGEST_256, "0010"));
            t.send("FlushContext", flush(FIRST + 2));
            t.send("FlushContext", flush(FIRST + 1));
            t.send("derived ECC key, empty label and context", createLoaded(FIRST, derive(eccSigning, "", "")));
            t.send("ECDSA with the derived key", SignatureDifferentialTest.sign(FIRST + 1, DIGEST_256, "0010"),
                    CODE_ONLY);
            t.send("FlushContext", flush(FIRST + 1));
            t.send("derived with userAuth", createLoaded(FIRST, PW, "0102", "", derive(hmac, "01", "02")));
            t.send("HMAC with the userAuth", SignatureDifferentialTest.sign(FIRST + 1, password(0, "0102"),
                    DIGEST_256, "0010", "8024 40000007 0000"));
            t.send("FlushContext", flush(FIRST + 1));
            // refused derivations
            t.send("derived RSA key", createLoaded(FIRST, derive(rsa(0xB, FIXED_USER_NODA | SIGN, "", NO_SYMMETRIC,
                    "0014 000b", 2048, 0, ""), "01", "02")));
            t.send("derived with sensitiveDataOrigin", createLoaded(FIRST, derive(ecc(0xB,
                    FIXED_USER_NODA | SIGN | SENSITIVE_DATA_ORIGIN, "", NO_SYMMETRIC, "0018 000b", 0x3, "", ""), "01",
                    "02")));
            t.send("derived without fixedTPM", createLoaded(FIRST, derive(keyedHash(0xB, 0x00040450, "", "0005 000b",
                    ""), "01", "02")));
            t.send("derived without fixedParent and fixedTPM", createLoaded(FIRST, derive(keyedHash(0xB, 0x00040440,
                    "", "0005 000b", ""), "01", "02")));
            t.send("derived ECC storage key", createLoaded(FIRST, derive(ecc(0xB, FIXED_USER_NODA | RESTRICTED
                    | DECRYPT, "", AES128_CFB, "0010", 0x3, "", ""), "01", "02")));
            t.send("derived ECC storage key, nameAlg SHA-384", createLoaded(FIRST, derive(ecc(0xC,
                    FIXED_USER_NODA | RESTRICTED | DECRYPT, "", AES128_CFB, "0010", 0x3, "", ""), "01", "02")));
            t.send("derived derivation parent", createLoaded(FIRST, derive(keyedHash(0xB,
                    FIXED_USER_NODA | RESTRICTED | DECRYPT, "", "000a 000b 0022", ""), "01", "02")));
            t.send("FlushContext", flush(FIRST + 1));
            t.send("derived, label too long", createLoaded(FIRST, derive(hmac, "11".repeat(33), "02")));
            t.send("derived, label of 32 bytes", createLoaded(FIRST, derive(hmac, "11".repeat(32), "02")));
            t.send("FlushContext", flush(FIRST + 1));
            t.send("derived, a unique field in the template", createLoaded(FIRST, hmac));
            t.send("derived, malformed TPMS_DERIVE in inSensitive", createLoaded(FIRST, PW, "", sized("11".repeat(33)),
                    derive(hmac, "", "")));
            t.send("derived, truncated TPMS_DERIVE in inSensitive", createLoaded(FIRST, PW, "", "0005 0102".replace(" ",
                    ""), derive(hmac, "", "")));
            t.send("derived, userAuth too long", createLoaded(FIRST, PW, "11".repeat(33), "", derive(hmac, "01",
                    "02")));
            t.send("derived, bad policy size", createLoaded(FIRST, derive(keyedHash(0xB, FIXED_USER_NODA | SIGN,
                    "0102", "0005 000b", ""), "01", "02")));
            t.send("CreatePrimary non-fixedTPM derivation parent", createPrimary(NULL, PW, "", "abcdef",
                    keyedHash(0xB, 0x00030440, "", "000a 000c 0022", ""), "", "00000000"));
            t.send("derived under it, fixedTPM", createLoaded(FIRST + 1, derive(hmac, "01", "02")));
            t.send("derived under it", createLoaded(FIRST + 1, derive(keyedHash(0xB, 0x00040450, "", "0005 000b",
                    ""), "01", "02")));
            t.send("ReadPublic", readPublic(FIRST + 2));
            t.send("FlushContext", flush(FIRST + 2));
            t.send("Create under a derivation parent", ObjectCreateLoadDifferentialTest.create(FIRST, hmac));
            t.send("Load under a derivation parent", ObjectCreateLoadDifferentialTest.load(FIRST, PW, "0004 0000 0000"
                    .replace(" ", ""), sized(hmac)));
        }, FixedEntropy::new, preload);
    }

    @Test
    void refusedParentsTemplatesAndSizes() {
        String hmac = keyedHash(0xB, 0x00040472, "", "0005 000b", "");
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary ECC SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
            t.send("CreatePrimary HMAC key", createPrimary(OWNER, hmac));
            t.send("under a non-parent", createLoaded(FIRST + 1, hmac));
            t.send("FlushContext HMAC key", flush(FIRST + 1));
            t.send("under an empty slot", createLoaded(FIRST + 2, hmac));
            t.send("HashSequenceStart", SwtpmSequenceDifferentialTest.start("", 0xB));
            t.send("under a sequence object", createLoaded(FIRST + 1, hmac));
            t.send("FlushContext sequence", flush(FIRST + 1));
            t.send("under a persistent handle", createLoaded(0x81000001, hmac));
            t.send("under the lockout hierarchy", createLoaded(0x4000000A, hmac));
            t.send("under a PCR", createLoaded(0x00000001, hmac));
            t.send("template with a trailing byte", createLoaded(FIRST, hmac + "00"));
            t.send("template of 484 bytes, bad type", createLoaded(FIRST, "0007" + "00".repeat(482)));
            t.send("template of 485 bytes, bad type", createLoaded(FIRST, "0007" + "00".repeat(483)));
            t.send("template truncated", createLoaded(FIRST, hmac.substring(0, 20)));
            t.send("empty template", createLoaded(FIRST, ""));
            t.send("template nameAlg NULL", createLoaded(FIRST, keyedHash(0x10, 0x00040472, "", "0005 000b", "")));
            t.send("template bad type", createLoaded(FIRST, "0007" + hmac.substring(4)));
            t.send("sensitiveDataOrigin with data", createLoaded(FIRST, PW, "", "0102", hmac));
            t.send("sensitiveDataOrigin with data, primary", createLoaded(0x40000001, PW, "", "0102", hmac));
            t.send("FlushContext", flush(FIRST + 1));
            t.send("no data without sensitiveDataOrigin", createLoaded(FIRST, keyedHash(0xB, 0x00040452, "",
                    "0005 000b", "")));
            t.send("userAuth too long", createLoaded(FIRST, PW, "11".repeat(33), "", hmac));
            t.send("userAuth with trailing zeros", createLoaded(FIRST, PW, "11".repeat(32) + "0000", "", hmac));
            t.send("FlushContext", flush(FIRST + 1));
            t.send("storage key, other nameAlg", createLoaded(FIRST, ecc(0xC, SRK_ATTRIBUTES, "", AES128_CFB, "0010",
                    0x3, "", "")));
            t.send("storage key, other symmetric", createLoaded(FIRST, symCipher(0xB, SRK_ATTRIBUTES, AES256_CFB,
                    "")));
            t.send("storage key, no symmetric", createLoaded(FIRST, ecc(0xB, SRK_ATTRIBUTES, "", NO_SYMMETRIC,
                    "0010", 0x3, "", "")));
            t.send("duplicable storage key, other nameAlg and symmetric", createLoaded(FIRST, symCipher(0xC,
                    0x00030460, AES256_CFB, "")));
            t.send("duplicable storage key with encryptedDuplication", createLoaded(FIRST + 1, symCipher(0xC,
                    0x00030C60, AES256_CFB, "")));
            t.send("FlushContext", flush(FIRST + 1));
            t.send("duplicable storage key", createLoaded(FIRST, symCipher(0xC, 0x00030460, AES256_CFB, "")));
            t.send("child with encryptedDuplication under it", createLoaded(FIRST + 1, keyedHash(0xB, 0x00040C60, "",
                    "0005 000b", "")));
            t.send("Create child with encryptedDuplication under it", ObjectCreateLoadDifferentialTest.create(FIRST + 1,
                    keyedHash(0xB, 0x00040C60, "", "0005 000b", "")));
            t.send("Create child without encryptedDuplication under it", ObjectCreateLoadDifferentialTest.create(
                    FIRST + 1, keyedHash(0xB, 0x00040460, "", "0005 000b", "")));
            t.send("Create fixedParent storage child, other symmetric", ObjectCreateLoadDifferentialTest.create(FIRST,
                    symCipher(0xB, SRK_ATTRIBUTES, AES256_CFB, "")));
            t.send("Create duplicable storage child, other nameAlg", ObjectCreateLoadDifferentialTest.create(FIRST,
                    symCipher(0xC, 0x00030460, AES256_CFB, "")));
            t.send("Create with sensitiveDataOrigin and data", ObjectCreateLoadDifferentialTest.create(FIRST, PW, "",
                    "0102", hmac, "", "00000000"));
            t.send("wrong password", createLoaded(FIRST, password(0, "01"), "", "", hmac));
            t.send("HierarchyControl owner off", command(DifferentialCommands.SESSIONS, 0x121, "4000000c"
                    + sessions(PW) + "4000000100"));
            t.send("under the disabled owner hierarchy", createLoaded(0x40000001, hmac));
            t.send("under the null hierarchy", createLoaded(0x40000007, hmac));
        }, FixedEntropy::new, preload);
    }

    /**
     * RSA and ECC keys (made by OpenSSL in libtpms) created under a duplicable storage key and
     * loaded again: under a parent that is not fixedTPM Load validates the key pair.
     */
    @Test
    void asymmetricKeysLoadUnderADuplicableParent() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary ECC SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
            t.send("CreateLoaded duplicable storage key", createLoaded(FIRST, symCipher(0xB, 0x00030460, AES128_CFB,
                    "")));
            String[][] keys = {
                    {"RSASSA key", rsa(0xB, 0x00040460, "", NO_SYMMETRIC, "0014 000b", 2048, 0, "")},
                    {"ECDSA key", ecc(0xB, 0x00040460, "", NO_SYMMETRIC, "0018 000b", 0x3, "", "")},
                    {"RSA storage key", rsa(0xB, 0x00030460, "", AES128_CFB, "0010", 2048, 0, "")},
            };
            for (String[] key : keys) {
                byte[] created = t.send("Create " + key[0], ObjectCreateLoadDifferentialTest.create(FIRST + 1, key[1]),
                        CODE_ONLY);
                String[] blobs = ObjectCreateLoadDifferentialTest.privateAndPublic(created);
                t.send("Load " + key[0], ObjectCreateLoadDifferentialTest.load(FIRST + 1, PW, blobs[0], blobs[1]),
                        CODE_AND_HANDLE);
                t.send("Sign with " + key[0], SignatureDifferentialTest.sign(FIRST + 2, DIGEST_256, "0010"), CODE_ONLY);
                t.send("FlushContext " + key[0], flush(FIRST + 2));
            }
        }, FixedEntropy::new, preload);
    }
}
