package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES128_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.ObjectTemplates.symCipher;
import static org.swtpmjava.tpm.differential.SignatureDifferentialTest.signatureOf;
import static org.swtpmjava.tpm.differential.SignatureDifferentialTest.verify;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_LoadExternal with the same entropy on both sides: RSA and ECC public keys (made by the
 * test) loaded and used to verify the test's signatures, full RSA, ECC and HMAC keys loaded in
 * TPM_RH_NULL and used to sign, and libtpms' codes for the hierarchy and attribute rules,
 * malformed and inconsistent key material, and the use of a public-only key.
 */
class LoadExternalDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    private static final String OWNER = "40000001";
    private static final String NULL = "40000007";
    /** userWithAuth, sign. */
    private static final int SIGN_USER = 0x00040040;
    /** userWithAuth, noDA, sign. */
    private static final int SIGN_USER_NODA = 0x00040440;
    private static final String AUTH = "abcd";
    private static final byte[] MESSAGE = "message for the external key".getBytes(StandardCharsets.US_ASCII);
    private static final UnaryOperator<byte[]> CODE_ONLY = response -> Arrays.copyOfRange(response, 6, 10);

    private static Path preload;
    private static KeyPair rsaKey;
    private static KeyPair eccKey;

    @BeforeAll
    static void setUp() throws IOException, InterruptedException, GeneralSecurityException {
        preload = RandBytesPreload.shared();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        rsaKey = rsa.generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        eccKey = ec.generateKeyPair();
    }

    static byte[] loadExternal(String sensitive, String publicArea, String hierarchy) {
        return command(NO_SESSIONS, 0x167, sensitive + sized(publicArea) + hierarchy);
    }

    /** A TPM2B_SENSITIVE. */
    static String sensitive(int type, String auth, String seed, String key) {
        return sized(String.format("%04x", type) + sized(auth) + sized(seed) + sized(key));
    }

    private static String hex(BigInteger value, int size) {
        return TestBytes.hex(BigIntegers.asUnsignedByteArray(size, value));
    }

    private static String modulus() {
        return hex(((RSAPublicKey) rsaKey.getPublic()).getModulus(), 256);
    }

    private static String prime() {
        return hex(((RSAPrivateCrtKey) rsaKey.getPrivate()).getPrimeP(), 128);
    }

    private static String eccX() {
        return hex(((ECPublicKey) eccKey.getPublic()).getW().getAffineX(), 32);
    }

    private static String eccY() {
        return hex(((ECPublicKey) eccKey.getPublic()).getW().getAffineY(), 32);
    }

    private static String eccD() {
        return hex(((ECPrivateKey) eccKey.getPrivate()).getS(), 32);
    }

    private static String rsaPublic(int attributes, String modulus) {
        return rsa(0xB, attributes, "", NO_SYMMETRIC, "0014 000b", 2048, 0, modulus);
    }

    private static String eccPublic(int nameAlg, int attributes, String x, String y) {
        return ecc(nameAlg, attributes, "", NO_SYMMETRIC, "0018 000b", 0x3, x, y);
    }

    private static String digest() {
        try {
            return TestBytes.hex(MessageDigest.getInstance("SHA-256").digest(MESSAGE));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signed(String algorithm, KeyPair key) {
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key.getPrivate());
            signature.update(MESSAGE);
            return TestBytes.hex(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String hex) {
        try {
            return TestBytes.hex(MessageDigest.getInstance("SHA-256").digest(TestBytes.hex(hex)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String flipLast(String hex) {
        int last = Integer.parseInt(hex.substring(hex.length() - 2), 16) ^ 0x01;
        return hex.substring(0, hex.length() - 2) + String.format("%02x", last);
    }

    @Test
    void publicKeysVerifyTheTestsSignatures() {
        String rsaSignature = "0014000b" + sized(signed("SHA256withRSA", rsaKey));
        String p1363 = signed("SHA256withECDSAinP1363Format", eccKey);
        String eccSignature = "0018000b" + sized(p1363.substring(0, 64)) + sized(p1363.substring(64));
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("LoadExternal RSA public key, owner", loadExternal("0000", rsaPublic(SIGN_USER, modulus()), OWNER));
            t.send("ReadPublic", readPublic(FIRST));
            t.send("VerifySignature RSASSA", verify(FIRST, digest(), rsaSignature));
            t.send("VerifySignature RSASSA, other digest", verify(FIRST, flipLast(digest()), rsaSignature));
            t.send("Sign with the public key (first DA use)", SignatureDifferentialTest.sign(FIRST, digest(), "0010"));
            t.send("Sign with the public key", SignatureDifferentialTest.sign(FIRST, digest(), "0010"));
            t.send("Create under it", ObjectCreateLoadDifferentialTest.create(FIRST,
                    ObjectCreateLoadDifferentialTest.HMAC_SHA256));
            t.send("FlushContext", flush(FIRST));
            t.send("LoadExternal ECC public key, null", loadExternal("0000", eccPublic(0xB, SIGN_USER, eccX(), eccY()),
                    NULL));
            t.send("ReadPublic", readPublic(FIRST));
            t.send("VerifySignature ECDSA", verify(FIRST, digest(), eccSignature));
            t.send("VerifySignature ECDSA, other digest", verify(FIRST, flipLast(digest()), eccSignature));
            t.send("FlushContext", flush(FIRST));
            t.send("LoadExternal ECC public key, endorsement", loadExternal("0000", eccPublic(0xB, SIGN_USER, eccX(),
                    eccY()), "4000000b"));
            t.send("LoadExternal ECC public key, platform", loadExternal("0000", eccPublic(0xC, SIGN_USER, eccX(),
                    eccY()), "4000000c"));
            t.send("LoadExternal RSA public key, nameAlg NULL", loadExternal("0000", rsa(0x10, SIGN_USER, "",
                    NO_SYMMETRIC, "0014 000b", 2048, 0, modulus()), OWNER));
            t.send("ReadPublic nameAlg NULL", readPublic(FIRST + 2));
            t.send("LoadExternal with all slots full", loadExternal("0000", rsaPublic(SIGN_USER, modulus()), OWNER));
            t.send("VerifySignature with the nameAlg NULL key", verify(FIRST + 2, digest(), rsaSignature));
        }, FixedEntropy::new, preload);
    }

    @Test
    void fullKeysSignInTheNullHierarchy() {
        String seed = "5c".repeat(32);
        String hmacKey = "3e".repeat(32);
        String hmacPublic = keyedHash(0xB, SIGN_USER_NODA, "", "0005 000b", sha256(seed + hmacKey));
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("LoadExternal RSA key", loadExternal(sensitive(0x1, AUTH, "", prime()),
                    rsaPublic(SIGN_USER_NODA, modulus()), NULL));
            byte[] rsassa = t.send("Sign RSASSA", SignatureDifferentialTest.sign(FIRST, password(0, AUTH), digest(),
                    "0010", "8024 40000007 0000"));
            t.send("VerifySignature of it", verify(FIRST, digest(), signatureOf(rsassa)));
            t.send("Sign, wrong password", SignatureDifferentialTest.sign(FIRST, password(0, "abce"), digest(),
                    "0010", "8024 40000007 0000"));
            t.send("ReadPublic", readPublic(FIRST));
            t.send("FlushContext", flush(FIRST));
            t.send("LoadExternal ECC key", loadExternal(sensitive(0x23, AUTH, "", eccD()),
                    eccPublic(0xB, SIGN_USER_NODA, eccX(), eccY()), NULL));
            byte[] ecdsa = t.send("Sign ECDSA", SignatureDifferentialTest.sign(FIRST, password(0, AUTH), digest(),
                    "0010", "8024 40000007 0000"), CODE_ONLY);
            t.send("VerifySignature of it", verify(FIRST, digest(), signatureOf(ecdsa)));
            t.send("FlushContext", flush(FIRST));
            t.send("LoadExternal HMAC key", loadExternal(sensitive(0x8, AUTH, seed, hmacKey), hmacPublic, NULL));
            t.send("Sign HMAC", SignatureDifferentialTest.sign(FIRST, password(0, AUTH), digest(), "0010",
                    "8024 40000007 0000"));
            t.send("LoadExternal AES key", loadExternal(sensitive(0x25, "", seed, "77".repeat(16)),
                    symCipher(0xB, 0x00020440, AES128_CFB, sha256(seed + "77".repeat(16))), NULL));
            t.send("ReadPublic AES key", readPublic(FIRST + 1));
            t.send("LoadExternal HMAC key, nameAlg NULL", loadExternal(sensitive(0x8, AUTH, "", hmacKey),
                    keyedHash(0x10, SIGN_USER_NODA, "", "0005 000b", ""), NULL));
            t.send("ReadPublic HMAC key, nameAlg NULL", readPublic(FIRST + 2));
        }, FixedEntropy::new, preload);
    }

    @Test
    void refusedExternalObjects() {
        String seed = "5c".repeat(32);
        String hmacKey = "3e".repeat(32);
        String hmacPublic = keyedHash(0xB, SIGN_USER_NODA, "", "0005 000b", sha256(seed + hmacKey));
        String rsaSensitive = sensitive(0x1, AUTH, "", prime());
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("full key in the owner hierarchy", loadExternal(rsaSensitive, rsaPublic(SIGN_USER_NODA, modulus()),
                    OWNER));
            t.send("full key, fixedTPM", loadExternal(rsaSensitive, rsaPublic(SIGN_USER_NODA | 0x2, modulus()), NULL));
            t.send("full key, fixedParent", loadExternal(rsaSensitive, rsaPublic(SIGN_USER_NODA | 0x10, modulus()),
                    NULL));
            t.send("full key, restricted", loadExternal(rsaSensitive, rsaPublic(SIGN_USER_NODA | 0x10000, modulus()),
                    NULL));
            t.send("hierarchy lockout", loadExternal("0000", rsaPublic(SIGN_USER, modulus()), "4000000a"));
            t.send("hierarchy 0", loadExternal("0000", rsaPublic(SIGN_USER, modulus()), "00000000"));
            t.send("modulus too short", loadExternal("0000", rsaPublic(SIGN_USER, modulus().substring(2)), OWNER));
            t.send("modulus top bit clear", loadExternal("0000", rsaPublic(SIGN_USER, "7f" + modulus().substring(2)),
                    OWNER));
            t.send("exponent 3", loadExternal("0000", rsa(0xB, SIGN_USER, "", NO_SYMMETRIC, "0014 000b", 2048, 3,
                    modulus()), OWNER));
            t.send("exponent 0x80000001", loadExternal("0000", rsa(0xB, SIGN_USER, "", NO_SYMMETRIC, "0014 000b", 2048,
                    0x80000001L, modulus()), OWNER));
            t.send("prime too short", loadExternal(sensitive(0x1, AUTH, "", prime().substring(2)),
                    rsaPublic(SIGN_USER_NODA, modulus()), NULL));
            t.send("prime not a factor", loadExternal(sensitive(0x1, AUTH, "", flipLast(prime())),
                    rsaPublic(SIGN_USER_NODA, modulus()), NULL));
            t.send("sensitive of another type", loadExternal(sensitive(0x23, AUTH, "", eccD()),
                    rsaPublic(SIGN_USER_NODA, modulus()), NULL));
            t.send("authValue too long", loadExternal(sensitive(0x1, "11".repeat(33), "", prime()),
                    rsaPublic(SIGN_USER_NODA, modulus()), NULL));
            t.send("seedValue too long", loadExternal(sensitive(0x1, AUTH, "22".repeat(33), prime()),
                    rsaPublic(SIGN_USER_NODA, modulus()), NULL));
            t.send("TPM2B_SENSITIVE size too large", loadExternal("0100" + rsaSensitive.substring(4),
                    rsaPublic(SIGN_USER_NODA, modulus()), NULL));
            t.send("TPM2B_SENSITIVE size too small", loadExternal(String.format("%04x",
                    rsaSensitive.length() / 2 - 3) + rsaSensitive.substring(4), rsaPublic(SIGN_USER_NODA, modulus()),
                    NULL));
            t.send("ECC point not on the curve", loadExternal("0000", eccPublic(0xB, SIGN_USER, eccX(),
                    flipLast(eccY())), OWNER));
            t.send("ECC point not on the curve, nameAlg NULL", loadExternal("0000", eccPublic(0x10, SIGN_USER, eccX(),
                    flipLast(eccY())), OWNER));
            t.send("ECC coordinate too short", loadExternal("0000", eccPublic(0xB, SIGN_USER, eccX().substring(2),
                    eccY()), OWNER));
            t.send("ECC private key zero", loadExternal(sensitive(0x23, AUTH, "", "00".repeat(32)),
                    eccPublic(0xB, SIGN_USER_NODA, eccX(), eccY()), NULL));
            t.send("ECC private key of another point", loadExternal(sensitive(0x23, AUTH, "", flipLast(eccD())),
                    eccPublic(0xB, SIGN_USER_NODA, eccX(), eccY()), NULL));
            t.send("ECC private key beyond the order", loadExternal(sensitive(0x23, AUTH, "", "ff".repeat(32)),
                    eccPublic(0xB, SIGN_USER_NODA, eccX(), eccY()), NULL));
            t.send("HMAC unique not the key's", loadExternal(sensitive(0x8, AUTH, seed, hmacKey),
                    keyedHash(0xB, SIGN_USER_NODA, "", "0005 000b", flipLast(sha256(seed + hmacKey))), NULL));
            t.send("HMAC seedValue short", loadExternal(sensitive(0x8, AUTH, seed.substring(2), hmacKey),
                    hmacPublic, NULL));
            t.send("HMAC key longer than the block", loadExternal(sensitive(0x8, AUTH, seed, "3e".repeat(65)),
                    hmacPublic, NULL));
            t.send("public-only HMAC key, unique short", loadExternal("0000", keyedHash(0xB, SIGN_USER, "",
                    "0005 000b", "01"), OWNER));
            t.send("AES key of the wrong size", loadExternal(sensitive(0x25, "", seed, "77".repeat(15)),
                    symCipher(0xB, 0x00020440, AES128_CFB, sha256(seed + "77".repeat(15))), NULL));
            t.send("signing key with a symmetric", loadExternal("0000", rsa(0xB, SIGN_USER, "", AES128_CFB,
                    "0014 000b", 2048, 0, modulus()), OWNER));
            t.send("restricted signing key without scheme", loadExternal("0000", rsa(0xB, SIGN_USER | 0x10000, "",
                    NO_SYMMETRIC, "0010", 2048, 0, modulus()), OWNER));
            t.send("full key, policy of the wrong size", loadExternal(rsaSensitive, rsa(0xB, SIGN_USER_NODA, "0102",
                    NO_SYMMETRIC, "0014 000b", 2048, 0, modulus()), NULL));
            t.send("public-only, policy of the wrong size", loadExternal("0000", rsa(0xB, SIGN_USER, "0102",
                    NO_SYMMETRIC, "0014 000b", 2048, 0, modulus()), OWNER));
            t.send("HierarchyControl owner off", command(DifferentialCommands.SESSIONS, 0x121, "4000000c"
                    + DifferentialCommands.sessions(SwtpmBootDifferentialTest.PW) + "4000000100"));
            t.send("public key in the disabled owner hierarchy", loadExternal("0000", rsaPublic(SIGN_USER, modulus()),
                    OWNER));
            t.send("ReadPublic", readPublic(FIRST));
        }, FixedEntropy::new, preload);
    }
}
