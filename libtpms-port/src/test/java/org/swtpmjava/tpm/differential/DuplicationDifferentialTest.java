package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.CredentialDifferentialTest.flip;
import static org.swtpmjava.tpm.differential.CredentialDifferentialTest.nameOf;
import static org.swtpmjava.tpm.differential.ObjectCreateLoadDifferentialTest.create;
import static org.swtpmjava.tpm.differential.ObjectCreateLoadDifferentialTest.load;
import static org.swtpmjava.tpm.differential.ObjectCreateLoadDifferentialTest.maskKey;
import static org.swtpmjava.tpm.differential.ObjectCreateLoadDifferentialTest.privateAndPublic;
import static org.swtpmjava.tpm.differential.ObjectCreateLoadDifferentialTest.sign;
import static org.swtpmjava.tpm.differential.ObjectCreateLoadDifferentialTest.unseal;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES128_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_Duplicate, TPM2_Import and TPM2_Rewrap against the C swtpm with the same entropy. Objects
 * whose keys come from the TPM's DRBG (HMAC keys, sealed data) duplicate byte for byte to
 * TPM_RH_NULL and to an RSA parent (its seed is the DRBG's; only the OAEP-encrypted seed is
 * masked), and so do the inner keys the TPM makes and Import's outPrivate; blobs for an ECC parent
 * (OpenSSL's ephemeral key in libtpms) and of OpenSSL-made ECDSA keys are compared by their sizes
 * and by importing them. Blobs duplicated on one side import on the other, load and sign or
 * unseal. Error codes for missing policies, fixedParent objects, bad parents, keys and tampered
 * blobs are libtpms'.
 */
class DuplicationDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    private static final int RH_NULL = 0x40000007;
    private static final String PW = SwtpmBootDifferentialTest.PW;
    private static final int ECC_SRK = FIRST;
    private static final int RSA_SRK = FIRST + 1;
    private static final int CHILD = FIRST + 2;
    /** TPM2_PolicyCommandCode(TPM2_Duplicate) from the zero digest, SHA-256. */
    static final String DUP_POLICY = dupPolicy();
    /** sign, noDA, userWithAuth, sensitiveDataOrigin: neither fixedTPM nor fixedParent. */
    private static final int DUPLICABLE_SIGNING = 0x00040460;
    static final String HMAC_KEY = keyedHash(0xB, DUPLICABLE_SIGNING, DUP_POLICY, "0005 000b", "");
    static final String SEALED = keyedHash(0xB, 0x00000440, DUP_POLICY, "0010", "");
    static final String ECDSA_KEY = ecc(0xB, DUPLICABLE_SIGNING, DUP_POLICY, NO_SYMMETRIC, "0018 000b", 0x3, "", "");
    static final String RSASSA_KEY = ObjectTemplates.rsa(0xB, DUPLICABLE_SIGNING, DUP_POLICY, NO_SYMMETRIC,
            "0014 000b", 2048, 0, "");
    /** Where the exponent and the first modulus byte are in the TPM2B_PUBLIC of {@link #RSASSA_KEY} (hex digits). */
    private static final int RSA_EXPONENT_HEX = 2 * (2 + 8 + 34 + 2 + 4 + 2);
    private static final int RSA_MODULUS_HEX = RSA_EXPONENT_HEX + 2 * (4 + 2);
    private static final String DIGEST = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String INNER_KEY = "000102030405060708090a0b0c0d0e0f";

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    private static String dupPolicy() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(new byte[32]);
            sha256.update(TestBytes.hex("0000016c0000014b"));
            return TestBytes.hex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String policySession(int handle) {
        return String.format("%08x 0000 01 0000", handle);
    }

    /** StartAuthSession of an unbound, unsalted SHA-256 policy session; the handle is the same on both sides. */
    static int startPolicy(Transcript t) {
        byte[] response = t.send("StartAuthSession policy", command(NO_SESSIONS, 0x176, "40000007 40000007 0010"
                + "00".repeat(16) + "0000 01 0010 000b".replace(" ", "")));
        assertThat(TestBytes.responseCode(response)).isZero();
        return ByteBuffer.wrap(response, 10, 4).getInt();
    }

    static byte[] policyDuplicate(int session) {
        return SwtpmPolicyDifferentialTest.policy(0x16C, session, "0000014b");
    }

    /** PolicyRestart and PolicyCommandCode(Duplicate): a failed command leaves the policy session as it was. */
    static void freshPolicy(Transcript t, int session) {
        t.send("PolicyRestart", SwtpmPolicyDifferentialTest.policy(0x180, session, ""));
        t.send("PolicyCommandCode", policyDuplicate(session));
    }

    static byte[] duplicate(int object, int newParent, String session, String keyIn, String symmetric) {
        return command(DifferentialCommands.SESSIONS, 0x14B, String.format("%08x%08x", object, newParent)
                + DifferentialCommands.sessions(session) + sized(keyIn) + symmetric.replace(" ", ""));
    }

    static byte[] importBlob(int parent, String keyIn, String public2b, String duplicate2b, String seed2b,
                             String symmetric) {
        return command(DifferentialCommands.SESSIONS, 0x156, String.format("%08x", parent)
                + DifferentialCommands.sessions(PW) + sized(keyIn) + public2b + duplicate2b + seed2b
                + symmetric.replace(" ", ""));
    }

    static byte[] rewrap(int oldParent, int newParent, String duplicate2b, String name, String seed2b) {
        return command(DifferentialCommands.SESSIONS, 0x152, String.format("%08x%08x", oldParent, newParent)
                + DifferentialCommands.sessions(PW) + duplicate2b + sized(name) + seed2b);
    }

    /** The first {@code count} TPM2B response parameters (after parameterSize), each with its size. */
    static String[] parameters(byte[] response, int count) {
        assertThat(TestBytes.responseCode(response)).as(TestBytes.hex(response)).isZero();
        ByteBuffer buffer = ByteBuffer.wrap(response, 14, response.length - 14);
        String[] parts = new String[count];
        for (int i = 0; i < count; i++) {
            int size = buffer.getShort() & 0xFFFF;
            byte[] part = new byte[2 + size];
            buffer.position(buffer.position() - 2);
            buffer.get(part);
            parts[i] = TestBytes.hex(part);
        }
        return parts;
    }

    /** Zeroes the contents (not the sizes) of the listed TPM2B response parameters. */
    static UnaryOperator<byte[]> mask(int... indices) {
        return response -> {
            if (TestBytes.responseCode(response) != 0) {
                return response;
            }
            ByteBuffer buffer = ByteBuffer.wrap(response);
            buffer.position(14);
            int last = Arrays.stream(indices).max().orElse(-1);
            for (int i = 0; i <= last; i++) {
                int size = buffer.getShort() & 0xFFFF;
                int current = i;
                if (Arrays.stream(indices).anyMatch(index -> index == current)) {
                    Arrays.fill(response, buffer.position(), buffer.position() + size, (byte) 0);
                }
                buffer.position(buffer.position() + size);
            }
            return response;
        };
    }

    /** Startup, the ECC SRK (owner) and the RSA SRK (owner). */
    private static void parents(Transcript t) {
        t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
        t.send("CreatePrimary ECC SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
        t.send("CreatePrimary RSA SRK", createPrimary(OWNER, ObjectTemplates.SRK_RSA_TOOLS));
    }

    /** Uses an imported (outPrivate) object: Load under the parent, Sign or Unseal, FlushContext. */
    private static void loadAndUse(Transcript t, String label, int parent, byte[] imported, String public2b,
                                   boolean sealed, boolean exactSignature, boolean sameKey) {
        if (TestBytes.responseCode(imported) != 0) {
            return;
        }
        String outPrivate = parameters(imported, 1)[0];
        byte[] loaded = t.send("Load " + label, load(parent, PW, outPrivate, public2b),
                sameKey ? UnaryOperator.identity() : ObjectCreateLoadDifferentialTest::maskName);
        if (TestBytes.responseCode(loaded) != 0) {
            return;
        }
        if (sealed) {
            t.send("Unseal " + label, unseal(CHILD, PW));
        } else if (exactSignature) {
            t.send("Sign " + label, sign(CHILD, PW, DIGEST));
        } else {
            t.send("Sign " + label, sign(CHILD, PW, DIGEST), response -> Arrays.copyOf(response, 10));
        }
        t.send("FlushContext " + label, flush(CHILD));
    }

    @Test
    void duplicateImportAndRewrap() {
        DifferentialRunner.compare(t -> {
            parents(t);
            int session = startPolicy(t);
            String[] templates = {HMAC_KEY, SEALED, ECDSA_KEY, RSASSA_KEY};
            String[] labels = {"HMAC key", "sealed data", "ECDSA key", "RSASSA key"};
            int[] uniqueSizes = {0, 0, 68, 258};
            for (int k = 0; k < templates.length; k++) {
                boolean exact = k < 2;
                String label = " (" + labels[k] + ")";
                byte[] created = t.send("Create" + label, create(ECC_SRK, PW, "", k == 1 ? "c0ffee" : "",
                        templates[k], "", "00000000"), exact ? UnaryOperator.identity() : maskKey(uniqueSizes[k]));
                String[] blobs = privateAndPublic(created);
                t.send("Load" + label, load(ECC_SRK, PW, blobs[0], blobs[1]),
                        exact ? UnaryOperator.identity() : ObjectCreateLoadDifferentialTest::maskName);
                String name = nameOf(t.send("ReadPublic" + label, readPublic(CHILD),
                        exact ? UnaryOperator.identity() : response -> Arrays.copyOf(response, 10)));

                freshPolicy(t, session);
                byte[] toNull = t.send("Duplicate to NULL" + label, duplicate(CHILD, RH_NULL,
                        policySession(session), "", "0010"), exact ? UnaryOperator.identity() : mask(1));
                freshPolicy(t, session);
                byte[] toRsa = t.send("Duplicate to the RSA SRK, TPM-made inner key" + label, duplicate(CHILD, RSA_SRK,
                        policySession(session), "", AES128_CFB), exact ? mask(2) : mask(0, 1, 2));
                freshPolicy(t, session);
                byte[] toEcc = t.send("Duplicate to the ECC SRK, given inner key" + label, duplicate(CHILD, ECC_SRK,
                        policySession(session), INNER_KEY, AES128_CFB), mask(1, 2));
                freshPolicy(t, session);
                byte[] plain = t.send("Duplicate to the RSA SRK, no inner wrap" + label, duplicate(CHILD, RSA_SRK,
                        policySession(session), "", "0010"), exact ? mask(2) : mask(1, 2));
                t.send("FlushContext" + label, flush(CHILD));

                String[] nullParts = parameters(toNull, 3);
                String[] rsaParts = parameters(toRsa, 3);
                String[] eccParts = parameters(toEcc, 3);
                String[] plainParts = parameters(plain, 3);
                String rsaKey = rsaParts[0].substring(4);
                byte[] imported = t.send("Import from NULL" + label, importBlob(ECC_SRK, "", blobs[1], nullParts[1],
                        "0000", "0010"), exact ? UnaryOperator.identity() : mask(0));
                loadAndUse(t, "imported from NULL" + label, ECC_SRK, imported, blobs[1], k == 1, exact, exact);
                imported = t.send("Import from the RSA SRK" + label, importBlob(RSA_SRK, rsaKey, blobs[1], rsaParts[1],
                        rsaParts[2], AES128_CFB), exact ? UnaryOperator.identity() : mask(0));
                loadAndUse(t, "imported from the RSA SRK" + label, RSA_SRK, imported, blobs[1], k == 1, exact, exact);
                imported = t.send("Import from the ECC SRK" + label, importBlob(ECC_SRK, INNER_KEY, blobs[1],
                        eccParts[1], eccParts[2], AES128_CFB), exact ? UnaryOperator.identity() : mask(0));
                loadAndUse(t, "imported from the ECC SRK" + label, ECC_SRK, imported, blobs[1], k == 1, exact, exact);

                byte[] rewrapped = t.send("Rewrap NULL to the RSA SRK" + label, rewrap(RH_NULL, RSA_SRK, nullParts[1],
                        name, "0000"), exact ? mask(1) : mask(0, 1));
                String[] rewrappedParts = parameters(rewrapped, 2);
                imported = t.send("Import rewrapped to the RSA SRK" + label, importBlob(RSA_SRK, "", blobs[1],
                        rewrappedParts[0], rewrappedParts[1], "0010"), exact ? UnaryOperator.identity() : mask(0));
                loadAndUse(t, "imported after Rewrap" + label, RSA_SRK, imported, blobs[1], k == 1, exact, exact);
                rewrapped = t.send("Rewrap the RSA SRK to NULL" + label, rewrap(RSA_SRK, RH_NULL, plainParts[1], name,
                        plainParts[2]), exact ? UnaryOperator.identity() : mask(0));
                t.send("Rewrap the RSA SRK to the ECC SRK" + label, rewrap(RSA_SRK, ECC_SRK, plainParts[1], name,
                        plainParts[2]), mask(0, 1));
                t.send("Import rewrapped to NULL" + label, importBlob(ECC_SRK, "", blobs[1],
                        parameters(rewrapped, 1)[0], "0000", "0010"), exact ? UnaryOperator.identity() : mask(0));

                if (k == 0) {
                    errors(t, session, blobs, name, nullParts, rsaParts, plainParts);
                }
                if (k == 3) {
                    // CryptValidateKeys under the fixedTPM ECC SRK: exponent and modulus (not the key pair)
                    t.send("Import RSA key with exponent 3", importBlob(ECC_SRK, "", blobs[1].substring(0,
                            RSA_EXPONENT_HEX) + "00000003" + blobs[1].substring(RSA_EXPONENT_HEX + 8), nullParts[1],
                            "0000", "0010"));
                    t.send("Import RSA key with a modulus below 2^2047", importBlob(ECC_SRK, "", blobs[1].substring(0,
                            RSA_MODULUS_HEX) + "00" + blobs[1].substring(RSA_MODULUS_HEX + 2), nullParts[1],
                            "0000", "0010"));
                }
                if (k == 2) {
                    // CryptValidateKeys under the fixedTPM ECC SRK: the scalar must give the public point
                    t.send("Import ECDSA key with another y coordinate", importBlob(ECC_SRK, "",
                            flip(blobs[1], blobs[1].length() / 2 - 1), nullParts[1], "0000", "0010"));
                    t.send("Import ECDSA key as an HMAC key", importBlob(ECC_SRK, "", sized(HMAC_KEY), nullParts[1],
                            "0000", "0010"));
                }
            }
            t.send("GetRandom (DRBG in step)", command(NO_SESSIONS, 0x17B, "0010"));
        }, FixedEntropy::new, preload);
    }

    /** Malformed Duplicate, Import and Rewrap requests with the HMAC key's blobs. */
    private static void errors(Transcript t, int session, String[] blobs, String name, String[] nullParts,
                               String[] rsaParts, String[] plainParts) {
        String rsaKey = rsaParts[0].substring(4);
        t.send("Load again", load(ECC_SRK, PW, blobs[0], blobs[1]));
        t.send("Duplicate with a password", duplicate(CHILD, RH_NULL, PW, "", "0010"));
        t.send("Duplicate without PolicyCommandCode", duplicate(CHILD, RH_NULL, policySession(session), "", "0010"));
        t.send("PolicyCommandCode Unseal", SwtpmPolicyDifferentialTest.policy(0x16C, session, "0000015e"));
        t.send("Duplicate after PolicyCommandCode(Unseal)", duplicate(CHILD, RH_NULL, policySession(session), "",
                "0010"));
        t.send("PolicyRestart", SwtpmPolicyDifferentialTest.policy(0x180, session, ""));
        freshPolicy(t, session);
        t.send("Duplicate to a non-storage parent", duplicate(CHILD, CHILD, policySession(session), "", "0010"));
        freshPolicy(t, session);
        t.send("Duplicate, inner key of the wrong size", duplicate(CHILD, RH_NULL, policySession(session), "0011",
                AES128_CFB));
        freshPolicy(t, session);
        t.send("Duplicate, inner key without inner wrap", duplicate(CHILD, RH_NULL, policySession(session),
                INNER_KEY, "0010"));
        freshPolicy(t, session);
        t.send("Duplicate, absent new parent", duplicate(CHILD, FIRST + 3, policySession(session), "", "0010"));
        freshPolicy(t, session);
        t.send("Duplicate, bad symmetric algorithm", duplicate(CHILD, RH_NULL, policySession(session), "",
                "0025 0080 0043"));
        t.send("FlushContext", flush(CHILD));

        byte[] encDup = t.send("Create encryptedDuplication HMAC key", create(ECC_SRK, keyedHash(0xB, 0x00040C60,
                DUP_POLICY, "0005 000b", "")));
        String[] encBlobs = privateAndPublic(encDup);
        t.send("Load encryptedDuplication HMAC key", load(ECC_SRK, PW, encBlobs[0], encBlobs[1]));
        freshPolicy(t, session);
        t.send("Duplicate encryptedDuplication without inner wrap", duplicate(CHILD, RSA_SRK, policySession(session),
                "", "0010"));
        freshPolicy(t, session);
        t.send("Duplicate encryptedDuplication to NULL", duplicate(CHILD, RH_NULL, policySession(session), "",
                AES128_CFB));
        freshPolicy(t, session);
        byte[] encBlob = t.send("Duplicate encryptedDuplication", duplicate(CHILD, RSA_SRK, policySession(session),
                INNER_KEY, AES128_CFB), mask(2));
        String[] encParts = parameters(encBlob, 3);
        t.send("FlushContext", flush(CHILD));
        t.send("Import encryptedDuplication without seed", importBlob(RSA_SRK, INNER_KEY, encBlobs[1], encParts[1],
                "0000", AES128_CFB));
        t.send("Import encryptedDuplication without inner wrap", importBlob(RSA_SRK, "", encBlobs[1], encParts[1],
                encParts[2], "0010"));
        t.send("Import encryptedDuplication", importBlob(RSA_SRK, INNER_KEY, encBlobs[1], encParts[1], encParts[2],
                AES128_CFB));

        byte[] fixed = t.send("Create fixedParent HMAC key with the policy", create(ECC_SRK, keyedHash(0xB,
                0x00040472, DUP_POLICY, "0005 000b", "")));
        String[] fixedBlobs = privateAndPublic(fixed);
        t.send("Load fixedParent HMAC key", load(ECC_SRK, PW, fixedBlobs[0], fixedBlobs[1]));
        freshPolicy(t, session);
        t.send("Duplicate fixedParent object", duplicate(CHILD, RH_NULL, policySession(session), "", "0010"));
        t.send("FlushContext", flush(CHILD));

        t.send("Import fixedTPM public area", importBlob(ECC_SRK, "", fixedBlobs[1], nullParts[1], "0000", "0010"));
        t.send("Load HMAC key", load(ECC_SRK, PW, blobs[0], blobs[1]));
        t.send("Import under a non-parent", importBlob(CHILD, "", blobs[1], nullParts[1], "0000", "0010"));
        t.send("FlushContext", flush(CHILD));
        t.send("Import, inner key of the wrong size", importBlob(RSA_SRK, "0011", blobs[1], rsaParts[1], rsaParts[2],
                AES128_CFB));
        t.send("Import, inner key without inner wrap", importBlob(RSA_SRK, rsaKey, blobs[1], rsaParts[1], rsaParts[2],
                "0010"));
        t.send("Import, wrong inner key", importBlob(RSA_SRK, INNER_KEY, blobs[1], rsaParts[1], rsaParts[2],
                AES128_CFB));
        t.send("Import, flipped outer integrity", importBlob(RSA_SRK, rsaKey, blobs[1], flip(rsaParts[1], 5),
                rsaParts[2], AES128_CFB));
        t.send("Import, flipped encrypted byte", importBlob(RSA_SRK, rsaKey, blobs[1],
                flip(rsaParts[1], rsaParts[1].length() / 2 - 1), rsaParts[2], AES128_CFB));
        t.send("Import, flipped seed", importBlob(RSA_SRK, rsaKey, blobs[1], rsaParts[1], flip(rsaParts[2], 20),
                AES128_CFB));
        t.send("Import, truncated seed", importBlob(RSA_SRK, rsaKey, blobs[1], rsaParts[1],
                sized(rsaParts[2].substring(4, rsaParts[2].length() - 2)), AES128_CFB));
        t.send("Import, seed under the ECC SRK", importBlob(ECC_SRK, rsaKey, blobs[1], rsaParts[1], rsaParts[2],
                AES128_CFB));
        t.send("Import, seed off the curve", importBlob(ECC_SRK, "", blobs[1], plainParts[1],
                sized(sized("01".repeat(32)) + sized("02".repeat(32))), "0010"));
        t.send("Import, RSA SRK blob under the ECC SRK, no inner wrap", importBlob(ECC_SRK, "", blobs[1],
                plainParts[1], plainParts[2], "0010"));
        t.send("Import, other public area", importBlob(ECC_SRK, "", sized(keyedHash(0xB, DUPLICABLE_SIGNING,
                DUP_POLICY, "0005 000b", "00")), nullParts[1], "0000", "0010"));
        t.send("Import, flipped plain sensitive", importBlob(ECC_SRK, "", blobs[1], flip(nullParts[1], 3), "0000",
                "0010"));
        t.send("Import, plain sensitive one byte short", importBlob(ECC_SRK, "", blobs[1],
                sized(nullParts[1].substring(4, nullParts[1].length() - 2)), "0000", "0010"));
        t.send("Import, empty duplicate", importBlob(ECC_SRK, "", blobs[1], "0000", "0000", "0010"));
        t.send("Import, seed but no wrap", importBlob(RSA_SRK, "", blobs[1], nullParts[1], rsaParts[2], "0010"));

        t.send("Rewrap NULL with a seed", rewrap(RH_NULL, RSA_SRK, nullParts[1], name, rsaParts[2]));
        t.send("Rewrap old parent without a seed", rewrap(RSA_SRK, ECC_SRK, plainParts[1], name, "0000"));
        t.send("Rewrap, flipped seed", rewrap(RSA_SRK, ECC_SRK, plainParts[1], name, flip(plainParts[2], 20)));
        t.send("Rewrap, wrong name", rewrap(RSA_SRK, ECC_SRK, plainParts[1], "000b" + "00".repeat(32),
                plainParts[2]));
        t.send("Rewrap, flipped blob", rewrap(RSA_SRK, ECC_SRK, flip(plainParts[1], 40), name, plainParts[2]));
        t.send("Load HMAC key", load(ECC_SRK, PW, blobs[0], blobs[1]));
        t.send("Rewrap to a non-storage parent", rewrap(RH_NULL, CHILD, nullParts[1], name, "0000"));
        t.send("Rewrap from a non-storage parent", rewrap(CHILD, RSA_SRK, plainParts[1], name, plainParts[2]));
        t.send("FlushContext", flush(CHILD));
    }

    /** Kinds duplicated on one side and imported on the other. */
    private static final String[] CROSS = {"HMAC key to the RSA SRK, TPM-made inner key",
        "ECDSA key to the ECC SRK", "sealed data to the ECC SRK, given inner key"};

    /** Per kind of {@link #CROSS}: outPublic, the inner key, duplicate and seed. */
    private static List<String[]> duplicates(TpmUnderTest tpm) {
        Transcript t = new Transcript(tpm);
        parents(t);
        int session = startPolicy(t);
        List<String[]> result = new ArrayList<>();
        String[] templates = {HMAC_KEY, ECDSA_KEY, SEALED};
        int[] parents = {RSA_SRK, ECC_SRK, ECC_SRK};
        String[] keys = {"", "", INNER_KEY};
        String[] symmetric = {AES128_CFB, "0010", AES128_CFB};
        for (int k = 0; k < templates.length; k++) {
            String[] blobs = privateAndPublic(t.send("Create", create(ECC_SRK, PW, "", k == 2 ? "5eed" : "",
                    templates[k], "", "00000000")));
            assertThat(TestBytes.responseCode(t.send("Load", load(ECC_SRK, PW, blobs[0], blobs[1])))).isZero();
            t.send("PolicyCommandCode", policyDuplicate(session));
            String[] parts = parameters(t.send("Duplicate", duplicate(CHILD, parents[k], policySession(session),
                    keys[k], symmetric[k])), 3);
            String key = keys[k].isEmpty() ? parts[0].substring(4) : keys[k];
            result.add(new String[] {blobs[1], key, parts[1], parts[2]});
            t.send("FlushContext", flush(CHILD));
        }
        return result;
    }

    /** Duplication blobs made by the C swtpm import into the engine and those made by the engine into the C swtpm. */
    @Test
    void duplicatesImportOnTheOtherSide() {
        List<String[]> fromC;
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload)) {
            fromC = duplicates(swtpm);
        }
        List<String[]> fromJava;
        try (JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            fromJava = duplicates(engine);
        }
        int[] parents = {RSA_SRK, ECC_SRK, ECC_SRK};
        String[] symmetric = {AES128_CFB, "0010", AES128_CFB};
        DifferentialRunner.compare(t -> {
            parents(t);
            for (int side = 0; side < 2; side++) {
                List<String[]> blobs = side == 0 ? fromC : fromJava;
                for (int k = 0; k < CROSS.length; k++) {
                    String[] blob = blobs.get(k);
                    String label = CROSS[k] + (side == 0 ? ", made by C" : ", made by Java");
                    byte[] imported = t.send("Import " + label, importBlob(parents[k], blob[1], blob[0], blob[2],
                            blob[3], symmetric[k]));
                    assertThat(TestBytes.responseCode(imported)).isZero();
                    loadAndUse(t, label, parents[k], imported, blob[0], k == 2, k == 0, true);
                }
            }
        }, FixedEntropy::new, preload);
    }
}
