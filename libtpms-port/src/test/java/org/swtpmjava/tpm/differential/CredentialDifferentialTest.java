package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES128_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.ObjectTemplates.zeros;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_MakeCredential and TPM2_ActivateCredential against the C swtpm with the same entropy:
 * with an RSA key the credential blob is byte-identical (the seed comes from the TPM's DRBG; the
 * OAEP-encrypted secret is masked, libtpms pads with OpenSSL's generator); with an ECC key (the
 * ephemeral key is OpenSSL's) only the sizes are compared. Blobs made on either side are
 * activated on both, and malformed requests answer libtpms' codes.
 */
class CredentialDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    private static final String PW = SwtpmBootDifferentialTest.PW;
    /**
     * An EK-like key usable with a password: fixedTPM, fixedParent, sensitiveDataOrigin,
     * userWithAuth, noDA, restricted, decrypt.
     */
    private static final int KEY_ATTRIBUTES = 0x00030472;
    static final String RSA_KEY = rsa(0xB, KEY_ATTRIBUTES, "", AES128_CFB, "0010", 2048, 0, zeros(256));
    static final String ECC_KEY = ecc(0xB, KEY_ATTRIBUTES, "", AES128_CFB, "0010", 0x3, zeros(32), zeros(32));
    /** The object the credential is for: an ECDSA P-256 primary signing key with noDA. */
    static final String AK = ecc(0xB, 0x00040472, "", ObjectTemplates.NO_SYMMETRIC, "0018 000b", 0x3, "", "");
    private static final String CREDENTIAL = "00112233445566778899aabbccddeeff";
    private static final String[] KEYS = {RSA_KEY, ECC_KEY};
    /** A successful ActivateCredential response up to certInfo: TPM_ST_SESSIONS, parameterSize, the credential. */
    private static final String ACTIVATED = "80020000002a00000000" + "00000012" + sized(CREDENTIAL);
    private static final String[] KEY_LABELS = {"RSA", "ECC"};

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static byte[] makeCredential(int handle, String credential, String name) {
        return command(NO_SESSIONS, 0x168, String.format("%08x", handle) + sized(credential) + sized(name));
    }

    static byte[] activate(int activateHandle, int keyHandle, String session1, String session2, String blob,
                           String secret) {
        return command(DifferentialCommands.SESSIONS, 0x147, String.format("%08x%08x", activateHandle, keyHandle)
                + DifferentialCommands.sessions(session1, session2) + blob + secret);
    }

    /** The Name (without size) from a ReadPublic response. */
    static String nameOf(byte[] readPublic) {
        assertThat(TestBytes.responseCode(readPublic)).isZero();
        ByteBuffer buffer = ByteBuffer.wrap(readPublic, 10, readPublic.length - 10);
        int publicSize = buffer.getShort() & 0xFFFF;
        buffer.position(buffer.position() + publicSize);
        assertThat(buffer.remaining()).as(TestBytes.hex(readPublic)).isGreaterThan(2);
        byte[] name = new byte[buffer.getShort() & 0xFFFF];
        buffer.get(name);
        return TestBytes.hex(name);
    }

    /** The TPM2B parameters of a response without a parameterSize field (TPM_ST_NO_SESSIONS), each with its size. */
    static String[] sizedParameters(byte[] response, int offset, int count) {
        assertThat(TestBytes.responseCode(response)).isZero();
        ByteBuffer buffer = ByteBuffer.wrap(response, offset, response.length - offset);
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

    /** Zeroes the contents of the TPM2B parameters from {@code first} on (keeping their sizes). */
    static UnaryOperator<byte[]> maskFrom(int offset, int first) {
        return response -> {
            if (TestBytes.responseCode(response) != 0) {
                return response;
            }
            ByteBuffer buffer = ByteBuffer.wrap(response);
            buffer.position(offset);
            for (int i = 0; buffer.remaining() >= 2; i++) {
                int size = buffer.getShort() & 0xFFFF;
                if (i >= first) {
                    Arrays.fill(response, buffer.position(), buffer.position() + size, (byte) 0);
                }
                buffer.position(buffer.position() + size);
            }
            return response;
        };
    }

    /** Startup, the key at FIRST and the AK at FIRST + 1; returns the AK's Name. */
    private static String keyAndAk(Transcript t, String keyTemplate) {
        t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
        t.send("CreatePrimary credential key", createPrimary(ENDORSEMENT, keyTemplate));
        t.send("CreatePrimary AK", createPrimary(OWNER, AK));
        return nameOf(t.send("ReadPublic AK", readPublic(FIRST + 1)));
    }

    @Test
    void makeAndActivateWithRsaAndEccKeys() {
        DifferentialRunner.compare(t -> {
            for (int k = 0; k < KEYS.length; k++) {
                String label = " (" + KEY_LABELS[k] + ")";
                String akName = keyAndAk(t, KEYS[k]);
                // RSA: the blob is byte-exact, the secret masked; ECC: both masked
                byte[] made = t.send("MakeCredential" + label, makeCredential(FIRST, CREDENTIAL, akName),
                        maskFrom(10, k == 0 ? 1 : 0));
                t.send("MakeCredential empty credential" + label, makeCredential(FIRST, "", akName),
                        maskFrom(10, k == 0 ? 1 : 0));
                t.send("MakeCredential digest-sized credential" + label, makeCredential(FIRST, "ab".repeat(32), akName),
                        maskFrom(10, k == 0 ? 1 : 0));
                String[] parts = sizedParameters(made, 10, 2);
                byte[] activated = t.send("ActivateCredential" + label, activate(FIRST + 1, FIRST, PW, PW, parts[0],
                        parts[1]));
                assertThat(TestBytes.hex(activated)).startsWith(ACTIVATED);
                t.send("ActivateCredential for another object" + label, activate(FIRST, FIRST, PW, PW, parts[0],
                        parts[1]));
                t.send("ActivateCredential flipped integrity" + label, activate(FIRST + 1, FIRST, PW, PW,
                        flip(parts[0], 4), parts[1]));
                t.send("ActivateCredential flipped encrypted part" + label, activate(FIRST + 1, FIRST, PW, PW,
                        flip(parts[0], parts[0].length() / 2 - 1), parts[1]));
                t.send("ActivateCredential flipped secret" + label, activate(FIRST + 1, FIRST, PW, PW, parts[0],
                        flip(parts[1], 10)));
                t.send("ActivateCredential secret of all ones" + label, activate(FIRST + 1, FIRST, PW, PW, parts[0],
                        sized("ff".repeat(parts[1].length() / 2 - 2))));
                t.send("ActivateCredential truncated secret" + label, activate(FIRST + 1, FIRST, PW, PW, parts[0],
                        sized(parts[1].substring(4, parts[1].length() - 2))));
                t.send("ActivateCredential empty secret" + label, activate(FIRST + 1, FIRST, PW, PW, parts[0],
                        "0000"));
                t.send("ActivateCredential empty blob" + label, activate(FIRST + 1, FIRST, PW, PW, "0000", parts[1]));
                t.send("ActivateCredential blob of an oversized integrity" + label, activate(FIRST + 1, FIRST, PW, PW,
                        "0004 0041 0000".replace(" ", ""), parts[1]));
                t.send("ActivateCredential with the AK as key" + label, activate(FIRST, FIRST + 1, PW, PW, parts[0],
                        parts[1]));
                t.send("ActivateCredential wrong password" + label, activate(FIRST + 1, FIRST, PW,
                        DifferentialCommands.password(0, "01"), parts[0], parts[1]));
                t.send("MakeCredential with the AK" + label, makeCredential(FIRST + 1, CREDENTIAL, akName));
                t.send("MakeCredential credential too long" + label, makeCredential(FIRST, "11".repeat(33), akName));
                t.send("MakeCredential credential over a TPM2B_DIGEST" + label, makeCredential(FIRST,
                        "11".repeat(65), akName));
                t.send("MakeCredential name of 68 bytes" + label, makeCredential(FIRST, CREDENTIAL, "00".repeat(68)),
                        maskFrom(10, k == 0 ? 1 : 0));
                t.send("MakeCredential name too long" + label, makeCredential(FIRST, CREDENTIAL, "00".repeat(69)));
                t.send("MakeCredential absent handle" + label, makeCredential(FIRST + 2, CREDENTIAL, akName));
                t.send("GetRandom (DRBG in step)" + label, command(NO_SESSIONS, 0x17B, "0010"));
                t.send("FlushContext AK" + label, flush(FIRST + 1));
                t.send("FlushContext key" + label, flush(FIRST));
            }
            t.send("CreatePrimary TCG RSA EK", createPrimary(ENDORSEMENT, ObjectTemplates.EK_RSA));
            t.send("MakeCredential with the RSA EK", makeCredential(FIRST, CREDENTIAL, "000b" + "5a".repeat(32)),
                    maskFrom(10, 1));
            t.send("CreatePrimary RSA-1024 key with nameAlg SHA-512", createPrimary(ENDORSEMENT,
                    rsa(0xD, KEY_ATTRIBUTES, "", AES128_CFB, "0010", 1024, 0, "")));
            t.send("MakeCredential with a seed too long for OAEP", makeCredential(FIRST + 1, CREDENTIAL,
                    "000b" + "5a".repeat(32)));
            t.send("FlushContext RSA-1024 key", flush(FIRST + 1));
            t.send("GetRandom (the seed was drawn)", command(NO_SESSIONS, 0x17B, "0010"));
            t.send("CreatePrimary TCG ECC EK", createPrimary(ENDORSEMENT, ObjectTemplates.EK_ECC));
            t.send("MakeCredential with the ECC EK", makeCredential(FIRST + 1, CREDENTIAL, "000b" + "5a".repeat(32)),
                    maskFrom(10, 0));
            for (String attempt : new String[] {"", " (after TPM_RC_RETRY)"}) {
                t.send("ActivateCredential for the RSA EK (adminWithPolicy) with a password" + attempt,
                        activate(FIRST, FIRST + 1, PW, PW, "0000", "0000"));
            }
            t.send("ActivateCredential of the ECC EK (adminWithPolicy) for itself with passwords", activate(FIRST + 1,
                    FIRST + 1, PW, PW, "0000", "0000"));
            t.send("GetRandom (DRBG in step)", command(NO_SESSIONS, 0x17B, "0010"));
        }, FixedEntropy::new, preload);
    }

    /** For each key kind: the credential blob and secret a TPM makes for the AK. */
    private static List<String[]> makeBlobs(TpmUnderTest tpm) {
        Transcript t = new Transcript(tpm);
        List<String[]> blobs = new ArrayList<>();
        for (String key : KEYS) {
            String akName = keyAndAk(t, key);
            blobs.add(sizedParameters(t.send("MakeCredential", makeCredential(FIRST, CREDENTIAL, akName)), 10, 2));
            t.send("FlushContext AK", flush(FIRST + 1));
            t.send("FlushContext key", flush(FIRST));
        }
        return blobs;
    }

    /** Credentials made by the C swtpm activate in the engine and those made by the engine in the C swtpm. */
    @Test
    void credentialsActivateOnTheOtherSide() {
        List<String[]> fromC;
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload)) {
            fromC = makeBlobs(swtpm);
        }
        List<String[]> fromJava;
        try (JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            fromJava = makeBlobs(engine);
        }
        DifferentialRunner.compare(t -> {
            for (int k = 0; k < KEYS.length; k++) {
                keyAndAk(t, KEYS[k]);
                for (int side = 0; side < 2; side++) {
                    String[] blob = (side == 0 ? fromC : fromJava).get(k);
                    String label = " (" + KEY_LABELS[k] + ", made by " + (side == 0 ? "C" : "Java") + ")";
                    byte[] activated = t.send("ActivateCredential" + label, activate(FIRST + 1, FIRST, PW, PW,
                            blob[0], blob[1]));
                    assertThat(TestBytes.hex(activated)).startsWith(ACTIVATED);
                }
                t.send("FlushContext AK", flush(FIRST + 1));
                t.send("FlushContext key", flush(FIRST));
            }
        }, FixedEntropy::new, preload);
    }

    static String flip(String hex, int byteIndex) {
        int value = Integer.parseInt(hex.substring(2 * byteIndex, 2 * byteIndex + 2), 16) ^ 0x01;
        return hex.substring(0, 2 * byteIndex) + String.format("%02x", value) + hex.substring(2 * byteIndex + 2);
    }
}
