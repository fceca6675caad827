package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES128_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NULL;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SIGNING_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.ObjectTemplates.symCipher;
import static org.swtpmjava.tpm.differential.ObjectTemplates.zeros;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_Sign and TPM2_VerifySignature against libtpms with the same primary keys on both sides
 * (fixed entropy). RSASSA and HMAC signatures are deterministic and SM2 takes its nonce from the
 * TPM's DRBG, so they are compared byte for byte; ECDSA, EC-Schnorr and RSA-PSS are randomized
 * (libtpms takes k and the salt from OpenSSL), so their signatures are compared by verification:
 * each side's signature is verified by both sides.
 */
class SignatureDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    private static final String DIGEST_256 = "5a".repeat(32);
    private static final String RSASSA_KEY = rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b", 2048, 0, "");
    private static final String RSA_ANY_KEY = rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0010", 2048, 0, "");
    private static final String ECDSA_KEY = ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x3, "", "");
    private static final String ECC_ANY_KEY = ecc(0xC, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0010", 0x4, "", "");
    private static final String HMAC_KEY = keyedHash(0xB, SIGNING_ATTRIBUTES, "", "0005 000b", "");
    /** The response code only: for randomized signatures. */
    private static final UnaryOperator<byte[]> CODE_ONLY = response -> Arrays.copyOfRange(response, 6, 10);

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static byte[] sign(int key, String session, String digest, String scheme, String ticket) {
        return command(0x8002, 0x15D, String.format("%08x", key) + sessions(session) + sized(digest)
                + scheme.replace(" ", "") + ticket.replace(" ", ""));
    }

    static byte[] sign(int key, String digest, String scheme) {
        return sign(key, PW, digest, scheme, "8024 40000007 0000");
    }

    static byte[] verify(int key, String digest, String signatureHex) {
        return command(NO_SESSIONS, 0x177, String.format("%08x", key) + sized(digest) + signatureHex);
    }

    /** The TPMT_SIGNATURE of a successful Sign response (after the parameter size). */
    static String signatureOf(byte[] response) {
        if (response.length <= 19) {
            return "";
        }
        return TestBytes.hex(Arrays.copyOfRange(response, 14, response.length - 5));
    }

    @Test
    void deterministicSignaturesAndErrorsByteForByte() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("RSASSA key", createPrimary(OWNER, RSASSA_KEY));
            t.send("HMAC key", createPrimary(ENDORSEMENT, HMAC_KEY));
            t.send("RSA key without scheme", createPrimary(NULL, RSA_ANY_KEY));
            t.send("first DA-protected authorization: TPM_RC_RETRY", sign(FIRST, DIGEST_256, "0010"));
            byte[] rsassa = t.send("Sign RSASSA", sign(FIRST, DIGEST_256, "0010"));
            t.send("Verify RSASSA", verify(FIRST, DIGEST_256, signatureOf(rsassa)));
            t.send("Verify RSASSA other digest", verify(FIRST, "5b".repeat(32), signatureOf(rsassa)));
            t.send("Verify RSASSA as SHA-384", verify(FIRST, DIGEST_256, signatureOf(rsassa).replaceFirst("0014000b",
                    "0014000c")));
            t.send("Verify RSASSA as PSS", verify(FIRST, DIGEST_256, signatureOf(rsassa).replaceFirst("0014", "0016")));
            t.send("Verify RSASSA as ECDSA", verify(FIRST, DIGEST_256, "0018000b" + sized("01") + sized("01")));
            t.send("Verify short RSA signature", verify(FIRST, DIGEST_256, "0014000b" + sized("01")));
            t.send("Sign RSASSA explicit scheme", sign(FIRST, DIGEST_256, "0014 000b"));
            t.send("Sign other scheme", sign(FIRST, DIGEST_256, "0016 000b"));
            t.send("Sign other hash", sign(FIRST, DIGEST_256, "0014 0004"));
            t.send("Sign digest too short", sign(FIRST, "5a".repeat(20), "0010"));
            t.send("Sign digest 65 bytes", sign(FIRST, "5a".repeat(65), "0010"));
            t.send("Sign bad ticket tag", sign(FIRST, PW, DIGEST_256, "0010", "8021 40000007 0000"));
            t.send("Sign bad ticket hierarchy", sign(FIRST, PW, DIGEST_256, "0010", "8024 4000000a 0000"));
            t.send("Sign wrong ticket", sign(FIRST, PW, DIGEST_256, "0010", "8024 40000001 0020" + zeros(32)));
            t.send("Sign bad scheme", sign(FIRST, DIGEST_256, "0017 000b"));
            t.send("Sign wrong password", sign(FIRST, password(0, "01"), DIGEST_256, "0010", "8024 40000007 0000"));
            byte[] hmac = t.send("Sign HMAC", sign(FIRST + 1, DIGEST_256, "0010"));
            t.send("Verify HMAC", verify(FIRST + 1, DIGEST_256, signatureOf(hmac)));
            t.send("Verify HMAC wrong", verify(FIRST + 1, DIGEST_256, "0005000b" + zeros(32)));
            t.send("Verify HMAC SHA-1", verify(FIRST + 1, DIGEST_256, "00050004" + zeros(20)));
            t.send("Verify HMAC truncated", verify(FIRST + 1, DIGEST_256, "0005000b" + zeros(20)));
            t.send("Sign HMAC RSASSA", sign(FIRST + 1, DIGEST_256, "0014 000b"));
            byte[] any = t.send("Sign RSA without key scheme, RSASSA SHA-384", sign(FIRST + 2, "33".repeat(48),
                    "0014 000c"));
            t.send("Verify it (temporary key: null ticket)", verify(FIRST + 2, "33".repeat(48), signatureOf(any)));
            t.send("Sign RSA without key scheme, NULL", sign(FIRST + 2, DIGEST_256, "0010"));
            t.send("Sign RSA without key scheme, ECDSA", sign(FIRST + 2, DIGEST_256, "0018 000b"));
            t.send("Sign RSA without key scheme, HMAC", sign(FIRST + 2, DIGEST_256, "0005 000b"));
            t.send("Sign RSA-PSS", sign(FIRST + 2, DIGEST_256, "0016 000b"), CODE_ONLY);
            t.send("flush RSA", flush(FIRST + 2));
            t.send("restricted signing key", createPrimary(OWNER, rsa(0xB, 0x00050072, "", NO_SYMMETRIC, "0014 000b",
                    2048, 0, "")));
            t.send("Sign restricted without ticket", sign(FIRST + 2, DIGEST_256, "0010"));
            byte[] hashed = t.send("Hash 'abc' in owner", command(NO_SESSIONS, 0x17D, "0003 616263 000b 40000001"));
            String digest = TestBytes.hex(Arrays.copyOfRange(hashed, 12, 44));
            String ticket = TestBytes.hex(Arrays.copyOfRange(hashed, 44, hashed.length));
            t.send("Sign restricted with the ticket", sign(FIRST + 2, PW, digest, "0010", ticket));
            t.send("Sign restricted with the ticket, other digest", sign(FIRST + 2, PW, DIGEST_256, "0010", ticket));
            t.send("Sign data starting with TPM_GENERATED", command(NO_SESSIONS, 0x17D, "0004 ff544347 000b 40000001"));
            t.send("flush restricted", flush(FIRST + 2));
            t.send("AES key", createPrimary(OWNER, symCipher(0xB, 0x00060072, AES128_CFB, "")));
            t.send("Sign with a symmetric key", sign(FIRST + 2, DIGEST_256, "0010"));
            t.send("Verify with a symmetric key", verify(FIRST + 2, DIGEST_256, "0005000b" + zeros(32)));
            t.send("flush AES", flush(FIRST + 2));
            t.send("HashSequenceStart", SwtpmSequenceDifferentialTest.start("", 0xB));
            t.send("Sign with a sequence", sign(FIRST + 2, DIGEST_256, "0010"));
            t.send("Verify with a sequence", verify(FIRST + 2, DIGEST_256, "0005000b" + zeros(32)));
            t.send("flush sequence", flush(FIRST + 2));
            t.send("decrypt-only ECC key", createPrimary(OWNER, ecc(0xB, 0x00020072, "", NO_SYMMETRIC, "0019 000b", 0x3,
                    "", "")));
            t.send("Sign with a decryption key", sign(FIRST + 2, DIGEST_256, "0010"));
            t.send("Verify with a decryption key", verify(FIRST + 2, DIGEST_256, "0018000b" + sized("01") + sized("01")));
            t.send("Verify NULL signature", verify(FIRST, DIGEST_256, "0010"));
            t.send("Verify bad scheme", verify(FIRST, DIGEST_256, "0017000b"));
            t.send("Verify trailing byte", command(NO_SESSIONS, 0x177, "80000001" + sized(DIGEST_256) + "0005000b"
                    + zeros(32) + "00"));
            t.send("flush decrypt key", flush(FIRST + 2));
            t.send("ECC P-384 key without scheme", createPrimary(OWNER, ECC_ANY_KEY));
            byte[] sm2 = t.send("Sign SM2 (nonce from the TPM DRBG)", sign(FIRST + 2, "77".repeat(48), "001b 000c"));
            t.send("Verify SM2", verify(FIRST + 2, "77".repeat(48), signatureOf(sm2)));
            t.send("Verify SM2 other digest", verify(FIRST + 2, "78".repeat(48), signatureOf(sm2)));
            t.send("Verify SM2 as EC-Schnorr", verify(FIRST + 2, "77".repeat(48), signatureOf(sm2).replaceFirst("001b",
                    "001c")));
            t.send("GetRandom after SM2", command(NO_SESSIONS, 0x17B, "0020"));
            t.send("Sign EC-Schnorr", sign(FIRST + 2, "77".repeat(48), "001c 000c"), CODE_ONLY);
            t.send("Sign ECDAA without commit", sign(FIRST + 2, "77".repeat(48), "001a 000c 0000"));
            t.send("Verify ECDAA", verify(FIRST + 2, "77".repeat(48), "001a000c" + sized("01") + sized("01")));
            t.send("GetRandom after EC-Schnorr and ECDAA", command(NO_SESSIONS, 0x17B, "0020"));
            t.send("flush P-384 key", flush(FIRST + 2));
            t.send("x509sign key", createPrimary(OWNER, ecc(0xB, SIGNING_ATTRIBUTES | 1 << 19, "", NO_SYMMETRIC,
                    "0018 000b", 0x3, "", "")));
            t.send("Sign with an x509sign key", sign(FIRST + 2, DIGEST_256, "0010"));
            t.send("IncrementalSelfTest (pending list)", command(NO_SESSIONS, 0x142, "00000000"));
        }, FixedEntropy::new, preload);
    }

    @Test
    void ecdsaAndPssSignaturesVerifyOnBothSides() {
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload); JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            TpmUnderTest[] sides = {swtpm, engine};
            for (TpmUnderTest side : sides) {
                side.command(command(NO_SESSIONS, 0x144, "0000"));
            }
            String[][] keys = {{ECDSA_KEY, "0010", DIGEST_256}, {ECC_ANY_KEY, "0018 000c", "44".repeat(48)},
                {ECC_ANY_KEY, "0018 0004", "44".repeat(20)}, {ECC_ANY_KEY, "0018 000d", "44".repeat(64)},
                {ECC_ANY_KEY, "001c 000c", "44".repeat(48)}, {ECC_ANY_KEY, "001c 000d", "44".repeat(64)},
                {ECC_ANY_KEY, "001c 0004", "44".repeat(20)}, {ECC_ANY_KEY, "001b 000b", DIGEST_256},
                {RSA_ANY_KEY, "0016 000b", DIGEST_256}, {RSA_ANY_KEY, "0016 000d", "44".repeat(64)}};
            for (String[] key : keys) {
                byte[] created = bothSame(sides, createPrimary(OWNER, key[0]));
                assertThat(TestBytes.responseCode(created)).isZero();
                if (key == keys[0]) {
                    assertThat(TestBytes.responseCode(bothSame(sides, sign(FIRST, key[2], key[1]))))
                            .as("first DA-protected authorization").isEqualTo(0x922);
                }
                for (TpmUnderTest signer : sides) {
                    byte[] signed = signer.command(sign(FIRST, key[2], key[1]));
                    assertThat(TestBytes.responseCode(signed)).as("sign on %s", signer).isZero();
                    String signature = signatureOf(signed);
                    byte[] verified = bothSame(sides, verify(FIRST, key[2], signature));
                    assertThat(TestBytes.responseCode(verified)).as("verify %s from %s", signature, signer).isZero();
                    String tampered = signature.substring(0, signature.length() - 2)
                            + (signature.endsWith("00") ? "01" : "00");
                    bothSame(sides, verify(FIRST, key[2], tampered));
                }
                bothSame(sides, flush(FIRST));
            }
        }
    }

    private static byte[] bothSame(TpmUnderTest[] sides, byte[] command) {
        byte[] reference = sides[0].command(command);
        assertThat(TestBytes.hex(sides[1].command(command))).as("%s", TestBytes.hex(command))
                .isEqualTo(TestBytes.hex(reference));
        return reference;
    }
}
