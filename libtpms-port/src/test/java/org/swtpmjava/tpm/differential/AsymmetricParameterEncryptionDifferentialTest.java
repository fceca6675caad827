package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NULL;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SIGNING_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.differential.SessionClient.Session;
import org.swtpmjava.tpm.differential.SessionClient.Use;

/**
 * Parameter encryption of the asymmetric commands (their DECRYPT_2 / ENCRYPT_2 attributes) with
 * an AES-128 CFB session, byte for byte with fixed entropy: RSA_Encrypt and RSA_Decrypt (raw, so
 * deterministic), ECDH_ZGen, Commit and EC_Ephemeral; a decrypt session on a command without
 * DECRYPT_2 and an encrypt session on one without ENCRYPT_2 are refused as libtpms refuses them.
 */
class AsymmetricParameterEncryptionDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    private static final int SECOND = 0x80000001;
    private static final int THIRD = 0x80000002;
    private static final int RH_NULL = 0x40000007;
    private static final int BOTH = SessionClient.CONTINUE | SessionClient.DECRYPT | SessionClient.ENCRYPT;
    private static final int ENCRYPT = SessionClient.CONTINUE | SessionClient.ENCRYPT;
    private static final int DECRYPT = SessionClient.CONTINUE | SessionClient.DECRYPT;

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    @Test
    void asymmetricCommandsWithParameterEncryption() {
        DifferentialRunner.compare(t -> {
            SessionClient client = new SessionClient(true);
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("RSA decryption key", createPrimary(NULL, rsa(0xB, 0x00020072, "", NO_SYMMETRIC, "0010", 2048, 0,
                    "")));
            t.send("ECDAA key", createPrimary(NULL, ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC,
                    "001a 000b 0000", 0x10, "", "")));
            t.send("BN P-256 decryption key", createPrimary(NULL, ecc(0xB, 0x00020072, "", NO_SYMMETRIC, "0010", 0x10,
                    "", "")));
            Session aes = client.start(t, "HMAC session, AES-128 CFB", RH_NULL, "", 0x00, SessionClient.AES, 128,
                    SessionClient.SHA256, 16);
            Use pw = Use.password("");
            client.send(t, "first DA-protected authorization: TPM_RC_RETRY", 0x159, new int[] {FIRST},
                    hex(sized("00" + "11".repeat(255)) + "0010 0000"), false, pw, Use.extra(aes, BOTH));
            client.send(t, "RSA_Decrypt raw, cipherText and message encrypted", 0x159, new int[] {FIRST},
                    hex(sized("00" + "11".repeat(255)) + "0010 0000"), false, pw, Use.extra(aes, BOTH));
            client.send(t, "RSA_Encrypt raw, message and outData encrypted", 0x174, new int[] {FIRST},
                    hex(sized("0102030405") + "0010 0000"), false, Use.extra(aes, BOTH));
            client.send(t, "ECDH_ZGen of G = (1, 2), inPoint and outPoint encrypted", 0x154, new int[] {THIRD},
                    hex(sized(sized("01") + sized("02"))), false, pw, Use.extra(aes, BOTH));
            client.send(t, "ECDH_ZGen with the ECDAA key (not a decryption key)", 0x154, new int[] {SECOND},
                    hex(sized(sized("01") + sized("02"))), false, pw, Use.extra(aes, BOTH));
            client.send(t, "Commit, P1 encrypted, points encrypted", 0x18B, new int[] {SECOND},
                    hex("0004 0000 0000 0000 0000"), false, pw, Use.extra(aes, BOTH));
            client.send(t, "EC_Ephemeral, Q encrypted", 0x18E, new int[0], hex("0010"), false, Use.extra(aes,
                    ENCRYPT));
            client.send(t, "EC_Ephemeral with a decrypt session", 0x18E, new int[0], hex("0010"), false,
                    Use.extra(aes, DECRYPT));
            client.send(t, "ECC_Parameters with an encrypt session", 0x178, new int[0], hex("0003"), false,
                    Use.extra(aes, ENCRYPT));
            client.send(t, "ECC_Parameters with a decrypt session", 0x178, new int[0], hex("0003"), false,
                    Use.extra(aes, DECRYPT));
            client.send(t, "ECC_Parameters with a plain session", 0x178, new int[0], hex("0003"), false,
                    Use.extra(aes, SessionClient.CONTINUE));
            client.send(t, "ECDH_KeyGen with a decrypt session", 0x163, new int[] {SECOND}, new byte[0], false,
                    Use.extra(aes, DECRYPT));
            new SessionClient().send(t, "ECDH_KeyGen with an encrypt session (random points)", 0x163, new int[] {SECOND},
                    new byte[0], false, true, Use.extra(aes, ENCRYPT));
        }, FixedEntropy::new, preload);
    }
}
