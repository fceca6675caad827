package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES128_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES256_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NULL;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SIGNING_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.ObjectTemplates.symCipher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_Create, TPM2_Load and TPM2_Unseal under RSA and ECC storage primaries with the same
 * entropy on both sides: outPrivate, outPublic, creation data, hash and ticket match libtpms byte
 * for byte, as do Load's handle and Name and the codes (with handle and parameter numbers) of
 * malformed requests; private blobs made by one side load into the other.
 */
class ObjectCreateLoadDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    private static final String PW = SwtpmBootDifferentialTest.PW;
    static final String SEALED_DATA = keyedHash(0xB, 0x00000052, "", "0010", "");

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    /** Objects whose key material libtpms takes from the TPM's DRBG: compared byte for byte. */
    static Map<String, String> symmetricChildTemplates() {
        Map<String, String> templates = new LinkedHashMap<>();
        templates.put("AES-128 CFB key", symCipher(0xB, 0x00060072, AES128_CFB, ""));
        templates.put("AES-256 CFB decrypt, nameAlg SHA-384", symCipher(0xC, 0x00020072, AES256_CFB, ""));
        templates.put("HMAC key SHA-256", keyedHash(0xB, SIGNING_ATTRIBUTES, "", "0005 000b", ""));
        templates.put("HMAC key SHA-384, nameAlg SHA-1", keyedHash(0x4, SIGNING_ATTRIBUTES, "", "0005 000c", ""));
        templates.put("AES-128 storage parent", symCipher(0xB, 0x00030072, AES128_CFB, ""));
        return templates;
    }

    /**
     * RSA and ECC keys, which libtpms 0.9 has OpenSSL generate (not reproducible): compared with
     * the key-dependent bytes masked, and by loading each side's blob into the other.
     * The value is the template and the size of its unique field in outPublic.
     */
    static Map<String, Object[]> asymmetricChildTemplates() {
        Map<String, Object[]> templates = new LinkedHashMap<>();
        templates.put("ECDSA P-256 signing key", new Object[] {ECDSA_P256, 68});
        templates.put("ECC P-256 storage key", new Object[] {ecc(0xB, ObjectTemplates.SRK_ATTRIBUTES, "", AES128_CFB,
                "0010", 0x3, "", ""), 68});
        templates.put("RSASSA RSA-2048 signing key", new Object[] {RSASSA_2048, 258});
        return templates;
    }

    static final String ECDSA_P256 = ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x3, "", "");
    static final String RSASSA_2048 = rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b", 2048, 0, "");
    static final String HMAC_SHA256 = keyedHash(0xB, SIGNING_ATTRIBUTES, "", "0005 000b", "");

    /**
     * A Create response with what depends on an OpenSSL-made key zeroed: outPrivate, the last
     * {@code uniqueSize} bytes of outPublic (the unique field) and the ticket's digest.
     */
    static UnaryOperator<byte[]> maskKey(int uniqueSize) {
        return response -> {
            if (TestBytes.responseCode(response) != 0) {
                return response;
            }
            ByteBuffer buffer = ByteBuffer.wrap(response);
            buffer.position(14);
            int privateSize = buffer.getShort() & 0xFFFF;
            Arrays.fill(response, buffer.position(), buffer.position() + privateSize, (byte) 0);
            buffer.position(buffer.position() + privateSize);
            int publicSize = buffer.getShort() & 0xFFFF;
            int publicEnd = buffer.position() + publicSize;
            Arrays.fill(response, publicEnd - uniqueSize, publicEnd, (byte) 0);
            buffer.position(publicEnd);
            for (int i = 0; i < 2; i++) {
                int size = buffer.getShort() & 0xFFFF;
                buffer.position(buffer.position() + size);
            }
            buffer.position(buffer.position() + 6);
            int digestSize = buffer.getShort() & 0xFFFF;
            Arrays.fill(response, buffer.position(), buffer.position() + digestSize, (byte) 0);
            return response;
        };
    }

    /** A Load response with the Name zeroed. */
    static byte[] maskName(byte[] response) {
        if (TestBytes.responseCode(response) == 0) {
            Arrays.fill(response, 20, response.length - 5, (byte) 0);
        }
        return response;
    }

    static byte[] create(int parent, String session, String userAuth, String data, String template, String outsideInfo,
                         String creationPcr) {
        String sensitive = sized(sized(userAuth) + sized(data));
        return command(DifferentialCommands.SESSIONS, 0x153, String.format("%08x", parent)
                + DifferentialCommands.sessions(session) + sensitive + sized(template) + sized(outsideInfo)
                + creationPcr.replace(" ", ""));
    }

    static byte[] create(int parent, String template) {
        return create(parent, PW, "", "", template, "", "00000000");
    }

    static byte[] load(int parent, String session, String inPrivate, String inPublic) {
        return command(DifferentialCommands.SESSIONS, 0x157, String.format("%08x", parent)
                + DifferentialCommands.sessions(session) + inPrivate + inPublic);
    }

    static byte[] unseal(int item, String session) {
        return command(DifferentialCommands.SESSIONS, 0x15E, String.format("%08x", item)
                + DifferentialCommands.sessions(session));
    }

    /** TPM2_Sign with the key's scheme, a null ticket. */
    static byte[] sign(int key, String session, String digest) {
        return command(DifferentialCommands.SESSIONS, 0x15D, String.format("%08x", key)
                + DifferentialCommands.sessions(session) + sized(digest) + "0010" + "8024 40000007 0000".replace(" ", ""));
    }

    /** The outPrivate and outPublic of a successful TPM2_Create response, each still with its size. */
    static String[] privateAndPublic(byte[] response) {
        assertThat(TestBytes.responseCode(response)).isZero();
        ByteBuffer buffer = ByteBuffer.wrap(response, 14, response.length - 14);
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

    /** Create and Load of every kind under one parent; a Load of each own blob. */
    private static void createAndLoadAll(Transcript t, int parent, String label) {
        for (Map.Entry<String, String> template : symmetricChildTemplates().entrySet()) {
            String name = template.getKey() + label;
            byte[] created = t.send("Create " + name, create(parent, template.getValue()));
            if (TestBytes.responseCode(created) == 0) {
                String[] blobs = privateAndPublic(created);
                t.send("Load " + name, load(parent, PW, blobs[0], blobs[1]));
                t.send("ReadPublic " + name, readPublic(FIRST + 2));
                t.send("FlushContext " + name, flush(FIRST + 2));
            }
        }
        for (Map.Entry<String, Object[]> template : asymmetricChildTemplates().entrySet()) {
            String name = template.getKey() + label;
            byte[] created = t.send("Create " + name, create(parent, (String) template.getValue()[0]),
                    maskKey((Integer) template.getValue()[1]));
            if (TestBytes.responseCode(created) == 0) {
                String[] blobs = privateAndPublic(created);
                t.send("Load " + name, load(parent, PW, blobs[0], blobs[1]), ObjectCreateLoadDifferentialTest::maskName);
                t.send("FlushContext " + name, flush(FIRST + 2));
            }
        }
    }

    @Test
    void childrenOfEccAndRsaStorageParents() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary ECC SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
            t.send("CreatePrimary RSA SRK, endorsement", createPrimary(ENDORSEMENT, ObjectTemplates.SRK_RSA_TOOLS));
            createAndLoadAll(t, FIRST, " under ECC");
            createAndLoadAll(t, FIRST + 1, " under RSA");
            t.send("Create sealed data, PCR selection, outsideInfo", create(FIRST, PW, "6161", "736563726574",
                    SEALED_DATA, "0102", "00000001 000b 03 ff0000"));
            t.send("Create AES-128 key given", create(FIRST + 1, PW, "", "00112233445566778899aabbccddeeff",
                    symCipher(0xB, 0x00060052, AES128_CFB, ""), "", "00000002 000b 03 010000 0004 03 000080"));
            t.send("IncrementalSelfTest (pending list)", command(NO_SESSIONS, 0x142, "00000000"));
            t.send("FlushContext RSA SRK", flush(FIRST + 1));
            t.send("CreatePrimary ECC SRK, null", createPrimary(NULL, ObjectTemplates.SRK_ECC_TOOLS));
            byte[] sealed = t.send("Create sealed data under a null primary", create(FIRST + 1, PW, "", "00ff",
                    SEALED_DATA, "", "00000000"));
            String[] blobs = privateAndPublic(sealed);
            t.send("Load sealed data", load(FIRST + 1, PW, blobs[0], blobs[1]));
            t.send("Unseal", unseal(FIRST + 2, PW));
            t.send("Unseal with a wrong password", unseal(FIRST + 2, DifferentialCommands.password(0, "01")));
            t.send("Unseal of a storage key", unseal(FIRST, PW));
            t.send("ReadPublic sealed data", readPublic(FIRST + 2));
            t.send("Load with all slots full", load(FIRST, PW, blobs[0], blobs[1]));
        }, FixedEntropy::new, preload);
    }

    @Test
    void malformedCreateAndLoad() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary ECC SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
            t.send("CreatePrimary HMAC key", createPrimary(OWNER, HMAC_SHA256));
            t.send("Create under a non-parent", create(FIRST + 1, HMAC_SHA256));
            t.send("Create under an absent handle", create(FIRST + 2, HMAC_SHA256));
            t.send("Create under a hierarchy", create(0x40000001, HMAC_SHA256));
            t.send("Create storage key, nameAlg SHA-384", create(FIRST, ecc(0xC, ObjectTemplates.SRK_ATTRIBUTES, "",
                    AES128_CFB, "0010", 0x3, "", "")));
            t.send("Create storage key, no symmetric", create(FIRST, ecc(0xB, ObjectTemplates.SRK_ATTRIBUTES, "",
                    NO_SYMMETRIC, "0010", 0x3, "", "")));
            t.send("Create storage key, nameAlg SHA-1", create(FIRST, ecc(0x4, ObjectTemplates.SRK_ATTRIBUTES, "",
                    AES128_CFB, "0010", 0x3, "", "")));
            t.send("Create storage key, nameAlg SHA-1, no symmetric", create(FIRST, ecc(0x4,
                    ObjectTemplates.SRK_ATTRIBUTES, "", NO_SYMMETRIC, "0010", 0x3, "", "")));
            t.send("Create fixedTPM without fixedParent", create(FIRST, keyedHash(0xB, 0x00040062, "", "0005 000b", "")));
            byte[] duplicable = t.send("Create encryptedDuplication storage key", create(FIRST, ecc(0xB, 0x00030C60, "",
                    AES128_CFB, "0010", 0x3, "", "")), maskKey(68));
            String[] duplicableBlobs = privateAndPublic(duplicable);
            t.send("Load encryptedDuplication storage key", load(FIRST, PW, duplicableBlobs[0], duplicableBlobs[1]),
                    ObjectCreateLoadDifferentialTest::maskName);
            t.send("Create without encryptedDuplication under it", create(FIRST + 2, HMAC_SHA256));
            t.send("Create fixedTPM under it", create(FIRST + 2, keyedHash(0xB, 0x00040872, "", "0005 000b", "")));
            t.send("Create under it", create(FIRST + 2, keyedHash(0xB, 0x00040860, "", "0005 000b", "")),
                    maskKey(0));
            t.send("FlushContext encryptedDuplication storage key", flush(FIRST + 2));
            t.send("Create sealed data without data", create(FIRST, SEALED_DATA));
            t.send("Create userAuth too long", create(FIRST, PW, "11".repeat(33), "", HMAC_SHA256, "", "00000000"));
            t.send("Create nameAlg NULL", create(FIRST, keyedHash(0x10, SIGNING_ATTRIBUTES, "", "0005 000b", "")));
            t.send("Create bad PCR selection", create(FIRST, PW, "", "", HMAC_SHA256, "", "00000001 0005 03 ff0000"));
            t.send("Create outsideInfo too long", create(FIRST, PW, "", "", HMAC_SHA256, "00".repeat(67), "00000000"));
            t.send("Create wrong password", create(FIRST, DifferentialCommands.password(0, "01"), "", "", HMAC_SHA256,
                    "", "00000000"));
            t.send("Create with a slot left", create(FIRST, HMAC_SHA256));
            byte[] created = t.send("Create sealed data", create(FIRST, PW, "", "abcdef", SEALED_DATA, "", "00000000"));
            String[] blobs = privateAndPublic(created);
            String privateHex = blobs[0];
            String publicHex = blobs[1];
            t.send("Load under a non-parent", load(FIRST + 1, PW, privateHex, publicHex));
            t.send("Load empty private", load(FIRST, PW, "0000", publicHex));
            t.send("Load private of one byte", load(FIRST, PW, "000100", publicHex));
            t.send("Load integrity too large", load(FIRST, PW, "0004 0041 0000".replace(" ", ""), publicHex));
            t.send("Load integrity short", load(FIRST, PW, "0004 0020 0000".replace(" ", ""), publicHex));
            t.send("Load flipped integrity", load(FIRST, PW, flip(privateHex, 5), publicHex));
            t.send("Load flipped encrypted byte", load(FIRST, PW, flip(privateHex, privateHex.length() / 2 - 1),
                    publicHex));
            t.send("Load other public area", load(FIRST, PW, privateHex, sized(keyedHash(0xB, 0x00000052, "", "0010",
                    "00"))));
            t.send("Load public with nameAlg NULL", load(FIRST, PW, privateHex, sized(keyedHash(0x10, 0x00000052, "",
                    "0010", ""))));
            t.send("Load private too large", load(FIRST, PW, "ffff" + "00".repeat(8), publicHex));
            t.send("Load", load(FIRST, PW, privateHex, publicHex));
            t.send("Load with all slots full", load(FIRST, PW, privateHex, publicHex));
            t.send("Create with all slots full", create(FIRST, HMAC_SHA256));
            t.send("Unseal of an HMAC key", unseal(FIRST + 1, PW));
            t.send("FlushContext HMAC key", flush(FIRST + 1));
            t.send("HashSequenceStart", SwtpmSequenceDifferentialTest.start("", 0xB));
            t.send("Unseal of a sequence object", unseal(FIRST + 1, PW));
            t.send("Create under a sequence object", create(FIRST + 1, HMAC_SHA256));
            t.send("Load under a sequence object", load(FIRST + 1, PW, privateHex, publicHex));
            t.send("Unseal", unseal(FIRST + 2, PW));
        }, FixedEntropy::new, preload);
    }

    /** The kinds made on one side and loaded on the other, with the data of the sealed object. */
    private static final String[] CROSS_KINDS = {"ECDSA P-256", "RSASSA RSA-2048", "HMAC SHA-256", "sealed data"};

    /** Startup, the ECC SRK and one object of each kind of {@link #CROSS_KINDS}: their outPrivate and outPublic. */
    private static List<String[]> makeBlobs(TpmUnderTest tpm) {
        tpm.command(command(NO_SESSIONS, 0x144, "0000"));
        assertThat(TestBytes.responseCode(tpm.command(createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS)))).isZero();
        List<String[]> blobs = new ArrayList<>();
        blobs.add(privateAndPublic(tpm.command(create(FIRST, ECDSA_P256))));
        blobs.add(privateAndPublic(tpm.command(create(FIRST, RSASSA_2048))));
        blobs.add(privateAndPublic(tpm.command(create(FIRST, HMAC_SHA256))));
        blobs.add(privateAndPublic(tpm.command(create(FIRST, PW, "abcd", "c0ffee", SEALED_DATA, "", "00000000"))));
        return blobs;
    }

    /**
     * Objects made by the C swtpm load into the engine and objects made by the engine into the C
     * swtpm (the parent is the same on both, derived from the same seed): Load, ReadPublic, and a
     * use of each - RSASSA and HMAC signatures and Unseal compared byte for byte, an ECDSA
     * signature by its code (libtpms' nonce is random).
     */
    @Test
    void privateBlobsLoadOnTheOtherSide() {
        List<String[]> fromC;
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload)) {
            fromC = makeBlobs(swtpm);
        }
        List<String[]> fromJava;
        try (JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            fromJava = makeBlobs(engine);
        }
        String digest = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary ECC SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
            for (int side = 0; side < 2; side++) {
                List<String[]> blobs = side == 0 ? fromC : fromJava;
                String origin = side == 0 ? " made by C" : " made by Java";
                for (int i = 0; i < CROSS_KINDS.length; i++) {
                    String label = CROSS_KINDS[i] + origin;
                    t.send("Load " + label, load(FIRST, PW, blobs.get(i)[0], blobs.get(i)[1]));
                    t.send("ReadPublic " + label, readPublic(FIRST + 1));
                    if (i == 0) {
                        t.send("Sign " + label, sign(FIRST + 1, PW, digest), response -> Arrays.copyOf(response, 10));
                    } else if (i == 3) {
                        t.send("Unseal " + label, unseal(FIRST + 1, DifferentialCommands.password(0, "abcd")));
                    } else {
                        t.send("Sign " + label, sign(FIRST + 1, PW, digest));
                    }
                    t.send("FlushContext " + label, flush(FIRST + 1));
                }
            }
        }, FixedEntropy::new, preload);
    }

    /**
     * Grandchildren: storage keys created and loaded under the SRK (one fixedTPM, one neither
     * fixedTPM nor fixedParent), sealed data and HMAC keys created and loaded under them; under
     * the duplicable parent a fixedTPM child is TPM_RC_ATTRIBUTES.
     */
    @Test
    void objectsUnderLoadedStorageKeys() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary ECC SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
            int[] attributes = {ObjectTemplates.SRK_ATTRIBUTES, 0x00030460};
            for (int attribute : attributes) {
                String label = String.format(" (storage key attributes %08x)", attribute);
                byte[] storage = t.send("Create storage key" + label, create(FIRST, ecc(0xB, attribute, "", AES128_CFB,
                        "0010", 0x3, "", "")), maskKey(68));
                String[] storageBlobs = privateAndPublic(storage);
                t.send("Load storage key" + label, load(FIRST, PW, storageBlobs[0], storageBlobs[1]),
                        ObjectCreateLoadDifferentialTest::maskName);
                byte[] sealed = t.send("Create sealed data under it" + label, create(FIRST + 1, PW, "", "5a5a",
                        keyedHash(0xB, 0x00000040 | (attribute & 0x12), "", "0010", ""), "", "00000000"),
                        response -> Arrays.copyOf(response, 10));
                String[] sealedBlobs = privateAndPublic(sealed);
                t.send("Load sealed data under it" + label, load(FIRST + 1, PW, sealedBlobs[0], sealedBlobs[1]));
                t.send("Unseal" + label, unseal(FIRST + 2, PW));
                t.send("Unseal again" + label, unseal(FIRST + 2, PW));
                t.send("FlushContext sealed data" + label, flush(FIRST + 2));
                t.send("Create fixedTPM HMAC key under it" + label, create(FIRST + 1, keyedHash(0xB, 0x00040072, "",
                        "0005 000b", "")), response -> Arrays.copyOf(response, 10));
                t.send("Load sealed data under the SRK" + label, load(FIRST, PW, sealedBlobs[0], sealedBlobs[1]));
                t.send("FlushContext storage key" + label, flush(FIRST + 1));
            }
        }, FixedEntropy::new, preload);
    }

    private static String flip(String hex, int byteIndex) {
        int value = Integer.parseInt(hex.substring(2 * byteIndex, 2 * byteIndex + 2), 16) ^ 0x01;
        return hex.substring(0, 2 * byteIndex) + String.format("%02x", value) + hex.substring(2 * byteIndex + 2);
    }
}
