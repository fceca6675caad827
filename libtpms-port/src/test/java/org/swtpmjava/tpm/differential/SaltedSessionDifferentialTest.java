package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SIGNING_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.SessionClient.AES;
import static org.swtpmjava.tpm.differential.SessionClient.CONTINUE;
import static org.swtpmjava.tpm.differential.SessionClient.DECRYPT;
import static org.swtpmjava.tpm.differential.SessionClient.NULL;
import static org.swtpmjava.tpm.differential.SessionClient.SHA256;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * Salted sessions (StartAuthSession with a tpmKey): the test encrypts a salt to the RSA storage
 * key with OAEP (SHA-256, label "SECRET\0") and derives one for the ECC storage key with an
 * ephemeral key and KDFe, then uses the session for an HMAC-authorized, parameter-encrypted
 * HierarchyChangeAuth. With the same entropy on both sides every response byte must match.
 * Also the refused tpmKeys and salts.
 */
class SaltedSessionDifferentialTest {
    private static final int FIRST = 0x80000000;
    private static final byte[] LABEL = "SECRET\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SALT = TestBytes.hex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    /** The same "random" bytes for OAEP on both sides, so both get the same command. */
    private static SecureRandom repeatable() {
        return new SecureRandom() {
            private int counter;

            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (counter++ * 31 + 7);
                }
            }
        };
    }

    static byte[] oaep(byte[] modulus, byte[] salt) {
        OAEPEncoding oaep = new OAEPEncoding(new RSAEngine(), new SHA256Digest(), new SHA256Digest(), LABEL);
        oaep.init(true, new ParametersWithRandom(new RSAKeyParameters(false, new BigInteger(1, modulus),
                BigInteger.valueOf(65537)), repeatable()));
        try {
            return oaep.processBlock(salt, 0, salt.length);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
    }

    /** KDFe(SHA-256, Z.x, "SECRET\0", Qe.x, Q.x, 256): the reference's counter || Z || label || U || V. */
    static byte[] kdfe(byte[] zx, byte[] partyU, byte[] partyV) {
        return SessionClient.digest(SHA256, new byte[] {0, 0, 0, 1}, zx, LABEL, partyU, partyV);
    }

    private static void changeOwnerAuth(Transcript t, SessionClient client, SessionClient.Session session,
                                        String label, String oldAuth, String newAuth, boolean bound) {
        byte[] parameter = SessionClient.concat(new byte[] {0, (byte) (newAuth.length() / 2)}, TestBytes.hex(newAuth));
        SessionClient.Use use = SessionClient.Use.hmac(session, CONTINUE | DECRYPT, oldAuth).newAuth(newAuth);
        client.send(t, label, 0x129, new int[] {0x40000001}, parameter, false, bound ? use.bound() : use);
    }

    @Test
    void saltedSessionsByteForByte() {
        DifferentialRunner.compare(t -> {
            SessionClient client = new SessionClient(true);
            t.send("Startup", command(0x8001, 0x144, "0000"));
            byte[] rsa = t.send("RSA SRK", createPrimary(OWNER, ObjectTemplates.SRK_RSA_TOOLS));
            byte[] modulus = Arrays.copyOfRange(rsa, 46, 46 + 256);
            SessionClient.Session session = client.startSalted(t, "salted with the RSA SRK", FIRST,
                    oaep(modulus, SALT), SALT, 0x40000007, "", 0, AES, 128, SHA256, 16);
            if (session != null) {
                changeOwnerAuth(t, client, session, "HierarchyChangeAuth in the RSA-salted session", "", "6f776e", false);
            }
            SessionClient.Session bound = client.startSalted(t, "salted and bound to owner", FIRST,
                    oaep(modulus, SALT), SALT, 0x40000001, "6f776e", 0, AES, 128, SHA256, 32);
            if (bound != null) {
                changeOwnerAuth(t, client, bound, "HierarchyChangeAuth in the bound salted session", "6f776e", "", true);
            }
            client.startSalted(t, "salt too long (33 bytes)", FIRST, oaep(modulus, Arrays.copyOf(SALT, 33)),
                    Arrays.copyOf(SALT, 33), 0x40000007, "", 0, NULL, 0, SHA256, 16);
            client.startSalted(t, "salt not OAEP", FIRST, new byte[256], SALT, 0x40000007, "", 0, NULL, 0, SHA256, 16);
            client.startSalted(t, "salt one byte short", FIRST, Arrays.copyOf(oaep(modulus, SALT), 255), SALT,
                    0x40000007, "", 0, NULL, 0, SHA256, 16);

            byte[] ecc = t.send("ECC SRK", createPrimary(ENDORSEMENT, ObjectTemplates.SRK_ECC_TOOLS));
            byte[] qx = Arrays.copyOfRange(ecc, 44, 76);
            byte[] qy = Arrays.copyOfRange(ecc, 78, 110);
            X9ECParameters p256 = NISTNamedCurves.getByName("P-256");
            BigInteger ephemeral = new BigInteger("1234567890abcdef1234567890abcdef", 16);
            ECPoint qe = p256.getG().multiply(ephemeral).normalize();
            ECPoint z = p256.getCurve().createPoint(new BigInteger(1, qx), new BigInteger(1, qy)).multiply(ephemeral)
                    .normalize();
            byte[] qex = BigIntegers.asUnsignedByteArray(32, qe.getAffineXCoord().toBigInteger());
            byte[] qey = BigIntegers.asUnsignedByteArray(32, qe.getAffineYCoord().toBigInteger());
            byte[] point = SessionClient.concat(new byte[] {0, 32}, qex, new byte[] {0, 32}, qey);
            byte[] eccSalt = kdfe(BigIntegers.asUnsignedByteArray(32, z.getAffineXCoord().toBigInteger()), qex, qx);
            SessionClient.Session eccSession = client.startSalted(t, "salted with the ECC SRK", FIRST + 1, point,
                    eccSalt, 0x40000007, "", 0, AES, 128, SHA256, 16);
            if (eccSession != null) {
                changeOwnerAuth(t, client, eccSession, "HierarchyChangeAuth in the ECC-salted session", "", "", false);
            }
            byte[] offCurve = point.clone();
            offCurve[offCurve.length - 1] ^= 1;
            client.startSalted(t, "ECC point off the curve", FIRST + 1, offCurve, eccSalt, 0x40000007, "", 0, NULL, 0,
                    SHA256, 16);
            client.startSalted(t, "ECC salt truncated", FIRST + 1, Arrays.copyOf(point, 40), eccSalt, 0x40000007, "", 0,
                    NULL, 0, SHA256, 16);
            t.send("flush the RSA SRK", flush(FIRST));
            t.send("ECDSA key", createPrimary(OWNER, ecc(0xB, SIGNING_ATTRIBUTES | 0x400, "", NO_SYMMETRIC,
                    "0018 000b", 0x3, "", "")));
            client.startSalted(t, "salted with a signing key", FIRST, point, eccSalt, 0x40000007, "", 0, NULL, 0,
                    SHA256, 16);
            t.send("flush the ECDSA key", flush(FIRST));
            t.send("HMAC key", createPrimary(OWNER, keyedHash(0xB, SIGNING_ATTRIBUTES, "", "0005 000b", "")));
            client.startSalted(t, "salted with an HMAC key", FIRST, point, eccSalt, 0x40000007, "", 0, NULL, 0,
                    SHA256, 16);
            client.startSalted(t, "salt of 385 bytes", FIRST + 1, new byte[385], SALT, 0x40000007, "", 0, NULL, 0,
                    SHA256, 16);
            client.startSalted(t, "salt of 384 bytes", FIRST + 1, new byte[384], SALT, 0x40000007, "", 0, NULL, 0,
                    SHA256, 16);
        }, FixedEntropy::new, preload);
    }
}
