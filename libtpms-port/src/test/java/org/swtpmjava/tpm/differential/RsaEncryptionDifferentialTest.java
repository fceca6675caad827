package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES128_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NULL;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SIGNING_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SRK_RSA_TOOLS;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.ObjectTemplates.symCipher;
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
 * TPM2_RSA_Encrypt and TPM2_RSA_Decrypt against libtpms with the same primary keys on both sides
 * (fixed entropy). Raw RSA (TPM_ALG_NULL) and decryption are deterministic and compared byte for
 * byte; OAEP and RSAES encryption are randomized (libtpms pads with OpenSSL's generator), so each
 * side's ciphertext is decrypted on that side and, in the second test, on the other side.
 */
class RsaEncryptionDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    /** fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, decrypt. */
    private static final int DECRYPT_ATTRIBUTES = 0x00020072;
    private static final String RSA_ANY = rsa(0xB, DECRYPT_ATTRIBUTES, "", NO_SYMMETRIC, "0010", 2048, 0, "");
    private static final String RSA_OAEP = rsa(0xB, DECRYPT_ATTRIBUTES, "", NO_SYMMETRIC, "0017 000b", 2048, 0, "");
    private static final String RSA_RSAES = rsa(0xB, DECRYPT_ATTRIBUTES, "", NO_SYMMETRIC, "0015", 2048, 0, "");
    private static final String RSA_1024 = rsa(0xB, DECRYPT_ATTRIBUTES, "", NO_SYMMETRIC, "0010", 1024, 0, "");
    private static final UnaryOperator<byte[]> CODE_ONLY = response -> Arrays.copyOfRange(response, 6, 10);

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static byte[] encrypt(int key, String message, String scheme, String label) {
        return command(NO_SESSIONS, 0x174, String.format("%08x", key) + sized(message) + scheme.replace(" ", "")
                + sized(label));
    }

    static byte[] decrypt(int key, String session, String cipherText, String scheme, String label) {
        return command(0x8002, 0x159, String.format("%08x", key) + sessions(session) + sized(cipherText)
                + scheme.replace(" ", "") + sized(label));
    }

    static byte[] decrypt(int key, String cipherText, String scheme, String label) {
        return decrypt(key, PW, cipherText, scheme, label);
    }

    /** The buffer of the TPM2B_PUBLIC_KEY_RSA of a successful RSA_Encrypt (no sessions, no parameter size). */
    static String outData(byte[] response) {
        if (TestBytes.responseCode(response) != 0) {
            return "";
        }
        return TestBytes.hex(Arrays.copyOfRange(response, 12, response.length));
    }

    /** The TPM2B_PUBLIC_KEY_RSA of a successful RSA_Decrypt (parameter size, then the sessions). */
    static String message(byte[] response) {
        if (TestBytes.responseCode(response) != 0) {
            return "<" + TestBytes.hex(Arrays.copyOfRange(response, 6, 10)) + ">";
        }
        int size = ((response[14] & 0xFF) << 8) | (response[15] & 0xFF);
        return TestBytes.hex(Arrays.copyOfRange(response, 16, 16 + size));
    }

    @Test
    void rawRsaDecryptionAndErrorsByteForByte() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("RSA decryption key without scheme", createPrimary(NULL, RSA_ANY));
            t.send("first DA-protected authorization: TPM_RC_RETRY", decrypt(FIRST, "00" + "11".repeat(255), "0010",
                    ""));
            t.send("raw encrypt, short message", encrypt(FIRST, "0102030405", "0010", ""));
            t.send("raw encrypt, leading zeros stripped", encrypt(FIRST, "0000" + "22".repeat(255), "0010", ""));
            t.send("raw encrypt, empty message", encrypt(FIRST, "", "0010", ""));
            t.send("raw encrypt, 257 significant bytes", encrypt(FIRST, "01" + "22".repeat(256), "0010", ""));
            t.send("raw encrypt, not below the modulus", encrypt(FIRST, "ff".repeat(256), "0010", ""));
            t.send("raw encrypt, 385-byte message", encrypt(FIRST, "00".repeat(385), "0010", ""));
            t.send("raw encrypt, label without terminating zero", encrypt(FIRST, "01", "0010", "616263"));
            t.send("raw encrypt, label with terminating zero", encrypt(FIRST, "01", "0010", "61626300"));
            t.send("raw encrypt, 66-byte label", encrypt(FIRST, "01", "0010", "61".repeat(65) + "00"));
            t.send("raw encrypt, 67-byte label", encrypt(FIRST, "01", "0010", "61".repeat(66) + "00"));
            t.send("raw decrypt", decrypt(FIRST, "00" + "11".repeat(255), "0010", ""));
            t.send("raw decrypt, small value", decrypt(FIRST, "00".repeat(255) + "02", "0010", ""));
            t.send("raw decrypt, not below the modulus", decrypt(FIRST, "ff".repeat(256), "0010", ""));
            t.send("raw decrypt, 255-byte ciphertext", decrypt(FIRST, "11".repeat(255), "0010", ""));
            t.send("raw decrypt, empty ciphertext", decrypt(FIRST, "", "0010", ""));
            t.send("raw decrypt, bad label", decrypt(FIRST, "00" + "11".repeat(255), "0010", "01"));
            t.send("decrypt RSASSA scheme", decrypt(FIRST, "00" + "11".repeat(255), "0014 000b", ""));
            t.send("decrypt unknown scheme", decrypt(FIRST, "00" + "11".repeat(255), "0099", ""));
            t.send("decrypt OAEP without hash", decrypt(FIRST, "00" + "11".repeat(255), "0017 0010", ""));
            t.send("decrypt OAEP with bad hash", decrypt(FIRST, "00" + "11".repeat(255), "0017 0099", ""));
            t.send("decrypt OAEP of garbage", decrypt(FIRST, "00" + "11".repeat(255), "0017 000b", ""));
            t.send("decrypt RSAES of garbage", decrypt(FIRST, "00" + "11".repeat(255), "0015", ""));
            t.send("decrypt wrong password", decrypt(FIRST, password(0, "01"), "00" + "11".repeat(255), "0010", ""));
            t.send("decrypt trailing byte", command(0x8002, 0x159, "80000000" + sessions(PW) + sized("00")
                    + "0010" + "0000" + "00"));
            t.send("encrypt truncated", command(NO_SESSIONS, 0x174, "80000000" + "0001"));
            t.send("encrypt unloaded handle", encrypt(FIRST + 2, "01", "0010", ""));
            for (String[] scheme : new String[][] {{"0017 000b", ""}, {"0017 000b", "61626300"}, {"0017 0004", "00"},
                {"0017 000c", ""}, {"0017 000d", "6c6f6e67206c6162656c00"}, {"0015", ""}}) {
                byte[] encrypted = t.send("encrypt " + scheme[0] + " label " + scheme[1],
                        encrypt(FIRST, "68656c6c6f", scheme[0], scheme[1]), CODE_ONLY);
                String cipherText = outData(encrypted);
                t.record("ciphertext length", cipherText.length());
                t.send("decrypt it", decrypt(FIRST, cipherText, scheme[0], scheme[1]));
                if (!scheme[1].isEmpty()) {
                    t.send("decrypt it with another label", decrypt(FIRST, cipherText, scheme[0], "7800"));
                }
                t.send("decrypt it raw", decrypt(FIRST, cipherText, "0010", ""), CODE_ONLY);
            }
            t.send("OAEP SHA-256, largest message", encrypt(FIRST, "33".repeat(190), "0017 000b", ""), CODE_ONLY);
            t.send("OAEP SHA-256, message too long", encrypt(FIRST, "33".repeat(191), "0017 000b", ""));
            t.send("RSAES, largest message", encrypt(FIRST, "33".repeat(245), "0015", ""), CODE_ONLY);
            t.send("RSAES, message too long", encrypt(FIRST, "33".repeat(246), "0015", ""));
            t.send("flush", flush(FIRST));
            t.send("RSA key with OAEP SHA-256", createPrimary(NULL, RSA_OAEP));
            byte[] oaep = t.send("encrypt with the key's scheme", encrypt(FIRST, "4142", "0010", "4c00"), CODE_ONLY);
            t.send("decrypt it as OAEP SHA-256", decrypt(FIRST, outData(oaep), "0017 000b", "4c00"));
            t.send("decrypt it with the key's scheme", decrypt(FIRST, outData(oaep), "0010", "4c00"));
            t.send("encrypt RSAES with an OAEP key", encrypt(FIRST, "4142", "0015", ""));
            t.send("encrypt OAEP SHA-1 with an OAEP SHA-256 key", encrypt(FIRST, "4142", "0017 0004", ""));
            t.send("decrypt RSAES with an OAEP key", decrypt(FIRST, "00" + "11".repeat(255), "0015", ""));
            t.send("flush OAEP key", flush(FIRST));
            t.send("RSA key with RSAES", createPrimary(NULL, RSA_RSAES));
            byte[] rsaes = t.send("RSAES encrypt", encrypt(FIRST, "4142", "0010", ""), CODE_ONLY);
            t.send("RSAES decrypt", decrypt(FIRST, outData(rsaes), "0010", ""));
            t.send("OAEP with an RSAES key", encrypt(FIRST, "4142", "0017 000b", ""));
            t.send("flush RSAES key", flush(FIRST));
            t.send("RSA-1024 key", createPrimary(NULL, RSA_1024));
            t.send("OAEP SHA-512 with RSA-1024", encrypt(FIRST, "", "0017 000d", ""));
            t.send("raw decrypt with RSA-1024", decrypt(FIRST, "00" + "11".repeat(127), "0010", ""));
            t.send("flush RSA-1024", flush(FIRST));
            t.send("RSA signing key", createPrimary(NULL, rsa(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b",
                    2048, 0, "")));
            t.send("encrypt with a signing key", encrypt(FIRST, "01", "0010", ""));
            t.send("decrypt with a signing key", decrypt(FIRST, "00" + "11".repeat(255), "0010", ""));
            t.send("flush signing key", flush(FIRST));
            t.send("restricted decryption key (SRK)", createPrimary(OWNER, SRK_RSA_TOOLS));
            t.send("encrypt with a restricted key", encrypt(FIRST, "0102", "0010", ""));
            t.send("decrypt with a restricted key", decrypt(FIRST, "00" + "11".repeat(255), "0010", ""));
            t.send("flush SRK", flush(FIRST));
            t.send("ECC decryption key", createPrimary(NULL, ecc(0xB, DECRYPT_ATTRIBUTES, "", NO_SYMMETRIC, "0019 000b",
                    0x3, "", "")));
            t.send("encrypt with an ECC key", encrypt(FIRST, "01", "0010", ""));
            t.send("decrypt with an ECC key", decrypt(FIRST, "00" + "11".repeat(255), "0010", ""));
            t.send("flush ECC key", flush(FIRST));
            t.send("AES key", createPrimary(NULL, symCipher(0xB, 0x00060072, AES128_CFB, "")));
            t.send("encrypt with a symmetric key", encrypt(FIRST, "01", "0010", ""));
            t.send("decrypt with a symmetric key", decrypt(FIRST, "00" + "11".repeat(255), "0010", ""));
            t.send("flush AES key", flush(FIRST));
            t.send("HashSequenceStart", SwtpmSequenceDifferentialTest.start("", 0xB));
            t.send("encrypt with a sequence", encrypt(FIRST, "01", "0010", ""));
            t.send("decrypt with a sequence", decrypt(FIRST, "00" + "11".repeat(255), "0010", ""));
            t.send("IncrementalSelfTest (pending list)", command(NO_SESSIONS, 0x142, "00000000"));
        }, FixedEntropy::new, preload);
    }

    @Test
    void ciphertextsDecryptOnTheOtherSide() {
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload); JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            TpmUnderTest[] sides = {swtpm, engine};
            for (TpmUnderTest side : sides) {
                side.command(command(NO_SESSIONS, 0x144, "0000"));
                assertThat(TestBytes.responseCode(side.command(createPrimary(NULL, RSA_ANY)))).isZero();
                side.command(decrypt(FIRST, "00" + "11".repeat(255), "0010", "")); // TPM_RC_RETRY
            }
            String[][] cases = {{"0017 000b", "6c6162656c00", "ab".repeat(32)}, {"0017 0004", "", "cd".repeat(20)},
                {"0017 000d", "00", "ef"}, {"0015", "", "01".repeat(200)}};
            for (String[] scheme : cases) {
                for (TpmUnderTest encrypter : sides) {
                    byte[] encrypted = encrypter.command(encrypt(FIRST, scheme[2], scheme[0], scheme[1]));
                    String cipherText = outData(encrypted);
                    assertThat(cipherText).hasSize(512);
                    for (TpmUnderTest decrypter : sides) {
                        assertThat(message(decrypter.command(decrypt(FIRST, cipherText, scheme[0], scheme[1]))))
                                .as("%s by %s decrypted by %s", scheme[0], encrypter, decrypter).isEqualTo(scheme[2]);
                    }
                }
            }
        }
    }
}
