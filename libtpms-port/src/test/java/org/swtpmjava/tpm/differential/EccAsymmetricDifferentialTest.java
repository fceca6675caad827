package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES128_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NULL;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SIGNING_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SRK_ECC_TOOLS;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.ObjectTemplates.symCipher;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.tpm2.crypto.EccCurves;

/**
 * ECC_Parameters, EC_Ephemeral, ECDH_KeyGen, ECDH_ZGen, Commit and ECDAA signing against libtpms
 * with the same primary keys on both sides (fixed entropy). ZGen is deterministic, and so are
 * EC_Ephemeral and Commit (r comes from the commitNonce the DRBG drew at Startup): byte for byte.
 * ECDH_KeyGen and the ECDAA nonce come from OpenSSL's generator in libtpms: compared by their
 * codes and by what the test checks on each side (Z = ZGen(pubPoint); [s]G = E + [H(k || digest)]Q).
 */
class EccAsymmetricDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    private static final int DECRYPT_ATTRIBUTES = 0x00020072;
    private static final int[] CURVES = {0x1, 0x2, 0x3, 0x4, 0x5, 0x10, 0x11, 0x20};
    private static final String DIGEST_256 = "5a".repeat(32);
    private static final UnaryOperator<byte[]> CODE_ONLY = response -> Arrays.copyOfRange(response, 6, 10);

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    private static String hex(BigInteger value, int size) {
        return TestBytes.hex(BigIntegers.asUnsignedByteArray(size, value));
    }

    private static String point(String x, String y) {
        return sized(sized(x) + sized(y));
    }

    private static String generator(int curve) {
        ECDomainParameters domain = EccCurves.of(curve);
        int size = EccCurves.orderBytes(domain);
        ECPoint g = domain.getG().normalize();
        return point(hex(g.getAffineXCoord().toBigInteger(), size), hex(g.getAffineYCoord().toBigInteger(), size));
    }

    static byte[] eccParameters(int curve) {
        return command(NO_SESSIONS, 0x178, String.format("%04x", curve));
    }

    static byte[] ephemeral(int curve) {
        return command(NO_SESSIONS, 0x18E, String.format("%04x", curve));
    }

    static byte[] keyGen(int key) {
        return command(NO_SESSIONS, 0x163, String.format("%08x", key));
    }

    static byte[] zGen(int key, String inPoint) {
        return command(0x8002, 0x154, String.format("%08x", key) + sessions(PW) + inPoint);
    }

    static byte[] commit(int key, String p1, String s2, String y2) {
        return command(0x8002, 0x18B, String.format("%08x", key) + sessions(PW) + p1 + sized(s2) + sized(y2));
    }

    static byte[] signEcdaa(int key, String digest, int hashAlg, int count) {
        return SignatureDifferentialTest.sign(key, digest, String.format("001a%04x%04x", hashAlg, count));
    }

    /** The TPM2B_ECC_POINTs of a response at offset, as {x, y} pairs in hex. */
    private static String[][] points(byte[] response, int offset, int count) {
        String[][] out = new String[count][];
        int at = offset;
        for (int i = 0; i < count; i++) {
            int xSize = u16(response, at + 2);
            String x = TestBytes.hex(Arrays.copyOfRange(response, at + 4, at + 4 + xSize));
            int ySize = u16(response, at + 4 + xSize);
            String y = TestBytes.hex(Arrays.copyOfRange(response, at + 6 + xSize, at + 6 + xSize + ySize));
            out[i] = new String[] {x, y};
            at += 2 + u16(response, at);
        }
        return out;
    }

    private static int u16(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    /** The public point of an ECC key from its CreatePrimary response (template with empty unique). */
    private static String[] publicPoint(byte[] created, String template) {
        return points(created, 18 + 2 + template.replace(" ", "").length() / 2 - 6, 1)[0];
    }

    /** [s]G == E + [H(k || digest) mod n]Q: the check a verifier holding the commitment E makes. */
    private static boolean ecdaaVerifies(int curve, String[] q, String[] e, String digest, byte[] signed) {
        if (TestBytes.responseCode(signed) != 0) {
            return false;
        }
        int kSize = u16(signed, 18);
        byte[] k = Arrays.copyOfRange(signed, 20, 20 + kSize);
        int sSize = u16(signed, 20 + kSize);
        byte[] s = Arrays.copyOfRange(signed, 22 + kSize, 22 + kSize + sSize);
        ECDomainParameters domain = EccCurves.of(curve);
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(k);
            BigInteger t = new BigInteger(1, sha256.digest(TestBytes.hex(digest))).mod(domain.getN());
            ECPoint qp = decode(domain, q);
            ECPoint ep = decode(domain, e);
            return domain.getG().multiply(new BigInteger(1, s)).normalize()
                    .equals(ep.add(qp.multiply(t)).normalize());
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static ECPoint decode(ECDomainParameters domain, String[] xy) {
        return domain.getCurve().createPoint(new BigInteger(1, TestBytes.hex(xy[0])), new BigInteger(1,
                TestBytes.hex(xy[1])));
    }

    /** s2 and y2 with (SHA-256(s2) mod p, y2) on the curve, found by trying s2 = 00, 01, ... */
    private static String[] pointFromS2(int curve) {
        ECDomainParameters domain = EccCurves.of(curve);
        BigInteger p = domain.getCurve().getField().getCharacteristic();
        int size = EccCurves.orderBytes(domain);
        for (int i = 0; ; i++) {
            byte[] s2 = {(byte) i};
            try {
                BigInteger x = new BigInteger(1, MessageDigest.getInstance("SHA-256").digest(s2)).mod(p);
                byte[] encoded = new byte[size + 1];
                encoded[0] = 2;
                System.arraycopy(BigIntegers.asUnsignedByteArray(size, x), 0, encoded, 1, size);
                ECPoint point = domain.getCurve().decodePoint(encoded).normalize();
                return new String[] {TestBytes.hex(s2), hex(point.getAffineYCoord().toBigInteger(), size)};
            } catch (IllegalArgumentException notOnCurve) {
                // try the next s2
            } catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    @Test
    void parametersEphemeralAndEcdhByteForByte() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            for (int curve : CURVES) {
                t.send("ECC_Parameters " + curve, eccParameters(curve));
            }
            for (int curve : new int[] {0x0, 0x6, 0x12, 0x21, 0xFFFF}) {
                t.send("ECC_Parameters unknown " + curve, eccParameters(curve));
            }
            t.send("ECC_Parameters trailing byte", command(NO_SESSIONS, 0x178, "000300"));
            t.send("ECC_Parameters truncated", command(NO_SESSIONS, 0x178, "00"));
            for (int curve : CURVES) {
                t.send("EC_Ephemeral " + curve, ephemeral(curve));
            }
            t.send("EC_Ephemeral unknown curve", ephemeral(0x6));
            for (int curve : CURVES) {
                String template = ecc(0xB, DECRYPT_ATTRIBUTES, "", NO_SYMMETRIC, "0010", curve, "", "");
                byte[] created = t.send("ECC decryption key " + curve, createPrimary(NULL, template));
                if (curve == CURVES[0]) {
                    t.send("first DA-protected authorization: TPM_RC_RETRY", zGen(FIRST, generator(curve)));
                }
                t.send("ZGen(G) = Q", zGen(FIRST, generator(curve)));
                String[] q = publicPoint(created, template);
                t.send("ZGen(Q)", zGen(FIRST, point(q[0], q[1])));
                byte[] generated = t.send("ECDH_KeyGen", keyGen(FIRST), CODE_ONLY);
                String[][] zAndPub = points(generated, 10, 2);
                byte[] z = t.send("ZGen(pubPoint)", zGen(FIRST, point(zAndPub[1][0], zAndPub[1][1])), CODE_ONLY);
                t.record("ZGen(pubPoint) = KeyGen's zPoint", Arrays.deepEquals(points(z, 14, 1)[0], zAndPub[0]));
                t.record("coordinate sizes", zAndPub[0][0].length() + " " + zAndPub[1][1].length());
                t.send("flush", flush(FIRST));
            }
            String p256 = ecc(0xB, DECRYPT_ATTRIBUTES, "", NO_SYMMETRIC, "0019 000b", 0x3, "", "");
            t.send("P-256 ECDH key", createPrimary(NULL, p256));
            ECDomainParameters domain = EccCurves.of(0x3);
            BigInteger p = domain.getCurve().getField().getCharacteristic();
            ECPoint g = domain.getG().normalize();
            String gx = hex(g.getAffineXCoord().toBigInteger(), 32);
            String gy = hex(g.getAffineYCoord().toBigInteger(), 32);
            t.send("ZGen(G)", zGen(FIRST, generator(0x3)));
            t.send("ZGen off the curve", zGen(FIRST, point(gx, hex(g.getAffineYCoord().toBigInteger().add(
                    BigInteger.ONE), 32))));
            t.send("ZGen with x + p", zGen(FIRST, point(hex(g.getAffineXCoord().toBigInteger().add(p), 33), gy)));
            t.send("ZGen with short coordinates", zGen(FIRST, point("01", "02")));
            t.send("ZGen with empty coordinates", zGen(FIRST, point("", "")));
            t.send("ZGen with empty point", zGen(FIRST, "0000"));
            t.send("ZGen with size too large", zGen(FIRST, "0045" + sized(gx) + sized(gy)));
            t.send("ZGen with size too small", zGen(FIRST, "0043" + sized(gx) + sized(gy)));
            t.send("ZGen with an 81-byte coordinate", zGen(FIRST, point("00".repeat(81), gy)));
            t.send("ZGen truncated", zGen(FIRST, "0044" + sized(gx)));
            t.send("ZGen trailing byte", zGen(FIRST, generator(0x3) + "00"));
            t.send("flush", flush(FIRST));
            t.send("P-256 decrypt+sign key", createPrimary(NULL, ecc(0xB, 0x00060072, "", NO_SYMMETRIC, "0010", 0x3,
                    "", "")));
            t.send("ZGen with a decrypt+sign key", zGen(FIRST, generator(0x3)));
            t.send("flush", flush(FIRST));
            t.send("P-256 decryption key, SM2 scheme", createPrimary(NULL, ecc(0xB, DECRYPT_ATTRIBUTES, "",
                    NO_SYMMETRIC, "001b 000b", 0x3, "", "")));
            t.send("ZGen with an SM2-scheme key", zGen(FIRST, generator(0x3)));
            t.send("flush", flush(FIRST));
            t.send("ECDSA signing key", createPrimary(NULL, ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC,
                    "0018 000b", 0x3, "", "")));
            t.send("ZGen with a signing key", zGen(FIRST, generator(0x3)));
            t.send("KeyGen with a signing key", keyGen(FIRST), CODE_ONLY);
            t.send("Commit with an ECDSA key", commit(FIRST, "0004 0000 0000", "", ""));
            t.send("flush", flush(FIRST));
            t.send("restricted ECC decryption key (SRK)", createPrimary(OWNER, SRK_ECC_TOOLS));
            t.send("ZGen with a restricted key", zGen(FIRST, generator(0x3)));
            t.send("KeyGen with a restricted key", keyGen(FIRST), CODE_ONLY);
            t.send("flush", flush(FIRST));
            t.send("RSA key", createPrimary(NULL, rsa(0xB, DECRYPT_ATTRIBUTES, "", NO_SYMMETRIC, "0010", 1024, 0,
                    "")));
            t.send("ZGen with an RSA key", zGen(FIRST, generator(0x3)));
            t.send("KeyGen with an RSA key", keyGen(FIRST));
            t.send("Commit with an RSA key", commit(FIRST, "0004 0000 0000", "", ""));
            t.send("flush", flush(FIRST));
            t.send("AES key", createPrimary(NULL, symCipher(0xB, 0x00060072, AES128_CFB, "")));
            t.send("ZGen with a symmetric key", zGen(FIRST, generator(0x3)));
            t.send("KeyGen with a symmetric key", keyGen(FIRST));
            t.send("flush", flush(FIRST));
            t.send("HashSequenceStart", SwtpmSequenceDifferentialTest.start("", 0xB));
            t.send("KeyGen with a sequence", keyGen(FIRST));
            t.send("ZGen with a sequence", zGen(FIRST, generator(0x3)));
            t.send("Commit with a sequence", commit(FIRST, "0004 0000 0000", "", ""));
            t.send("flush", flush(FIRST));
            t.send("KeyGen without a key", keyGen(FIRST));
            t.send("IncrementalSelfTest (pending list)", command(NO_SESSIONS, 0x142, "00000000"));
        }, FixedEntropy::new, preload);
    }

    /** The counter of a successful Commit or its error code (the response ends with a 5-byte password session). */
    private static int counter(byte[] response) {
        return TestBytes.responseCode(response) != 0 ? -1 : u16(response, response.length - 7);
    }

    @Test
    void commitAndEcdaaSigning() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            for (int curve : new int[] {0x10, 0x3, 0x5, 0x11, 0x20}) {
                String template = ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "001a 000b 0000", curve, "", "");
                byte[] created = t.send("ECDAA key " + curve, createPrimary(NULL, template));
                if (curve == 0x10) {
                    t.send("first DA-protected authorization: TPM_RC_RETRY", commit(FIRST, "0004 0000 0000", "", ""));
                }
                String[] q = publicPoint(created, template);
                byte[] first = t.send("Commit, no points", commit(FIRST, "0004 0000 0000", "", ""));
                String[] e0 = points(first, 14, 3)[2];
                int c0 = counter(first);
                byte[] second = t.send("Commit, P1 = G", commit(FIRST, generator(curve), "", ""));
                String[] s2y2 = pointFromS2(curve);
                t.send("Commit, s2 and y2", commit(FIRST, "0004 0000 0000", s2y2[0], s2y2[1]));
                t.send("Commit, P1, s2 and y2", commit(FIRST, generator(curve), s2y2[0], s2y2[1]));
                t.send("Commit, s2 without y2", commit(FIRST, "0004 0000 0000", s2y2[0], ""));
                t.send("Commit, y2 without s2", commit(FIRST, "0004 0000 0000", "", s2y2[1]));
                t.send("Commit, P2 off the curve", commit(FIRST, "0004 0000 0000", s2y2[0], "01"));
                t.send("Commit, P1 off the curve", commit(FIRST, point("01", "01"), "", ""));
                t.send("Commit, empty P1", commit(FIRST, "0000", "", ""));
                t.send("Commit, P1 with one empty coordinate", commit(FIRST, point("01", ""), "", ""));
                t.send("Commit, 129-byte s2", commit(FIRST, "0004 0000 0000", "00".repeat(129), s2y2[1]));
                byte[] signed = t.send("Sign ECDAA with the first count", signEcdaa(FIRST, DIGEST_256, 0xB, c0),
                        CODE_ONLY);
                t.record("ECDAA signature verifies against E of that count", ecdaaVerifies(curve, q, e0, DIGEST_256,
                        signed));
                t.record("a tampered digest does not verify", ecdaaVerifies(curve, q, e0, "5b".repeat(32), signed));
                t.send("Sign ECDAA with the first count again", signEcdaa(FIRST, DIGEST_256, 0xB, c0));
                t.send("Sign ECDAA with the second count", signEcdaa(FIRST, DIGEST_256, 0xB, counter(second)),
                        CODE_ONLY);
                t.send("Sign ECDAA with a count not committed", signEcdaa(FIRST, DIGEST_256, 0xB, 9));
                t.send("Sign ECDAA with the third count + 0x8000", signEcdaa(FIRST, DIGEST_256, 0xB, c0 + 0x8002));
                t.send("Sign ECDAA with another hash", signEcdaa(FIRST, "5a".repeat(48), 0xC, c0 + 2));
                t.send("Sign ECDAA with a short digest", signEcdaa(FIRST, "5a".repeat(31), 0xB, c0 + 2));
                t.send("Sign with the NULL scheme", SignatureDifferentialTest.sign(FIRST, DIGEST_256, "0010"));
                t.send("Sign ECDSA with an ECDAA key", SignatureDifferentialTest.sign(FIRST, DIGEST_256, "0018 000b"));
                t.send("VerifySignature ECDAA", SignatureDifferentialTest.verify(FIRST, DIGEST_256, "001a000b"
                        + sized("01") + sized("01")));
                t.send("flush", flush(FIRST));
            }
            String template = ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "001a 000b 0000", 0x10, "", "");
            t.send("ECDAA key", createPrimary(NULL, template));
            String anyScheme = ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC, "0010", 0x10, "", "");
            t.send("BN P-256 signing key without scheme", createPrimary(NULL, anyScheme));
            int fromOtherKey = counter(t.send("Commit with the ECDAA key", commit(FIRST, "0004 0000 0000", "", "")));
            t.send("Sign ECDAA with the key without scheme, the other key's count",
                    signEcdaa(FIRST + 1, DIGEST_256, 0xB, fromOtherKey), CODE_ONLY);
            t.send("Sign ECDAA with the ECDAA key, that count (used up)", signEcdaa(FIRST, DIGEST_256, 0xB,
                    fromOtherKey));
            byte[] ephemeralResponse = t.send("EC_Ephemeral on BN P-256", ephemeral(0x10));
            int ephemeral = u16(ephemeralResponse, ephemeralResponse.length - 2);
            t.record("(EC_Ephemeral's counter)", ephemeral);
            t.send("Sign ECDAA with EC_Ephemeral's count", signEcdaa(FIRST, DIGEST_256, 0xB, ephemeral), CODE_ONLY);
            t.send("flush the key without scheme", flush(FIRST + 1));
            int last = -1;
            for (int i = 0; i < 130; i++) {
                last = counter(t.tpm().command(commit(FIRST, "0004 0000 0000", "", "")));
            }
            t.record("counter of the 130th more commit", last);
            int current = last + 1;
            // count current - 129 shares its array bit with the later count current - 1: out of the window
            t.send("Sign with a count whose bit a later commit reused", signEcdaa(FIRST, DIGEST_256, 0xB,
                    current - 129));
            t.send("Sign with the count that reused it", signEcdaa(FIRST, DIGEST_256, 0xB, current - 1), CODE_ONLY);
            t.send("Sign with it again", signEcdaa(FIRST, DIGEST_256, 0xB, current - 1));
            t.send("Sign with an older count in the window", signEcdaa(FIRST, DIGEST_256, 0xB, current - 100),
                    CODE_ONLY);
            t.send("Sign with that count + 128 (not yet)", signEcdaa(FIRST, DIGEST_256, 0xB, current + 28));
            t.send("EC_Ephemeral continues the counter", ephemeral(0x10));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE): TPM Resume", command(NO_SESSIONS, 0x144, "0001"));
            t.send("ECDAA key again", createPrimary(NULL, template));
            t.send("first DA-protected authorization: TPM_RC_RETRY", signEcdaa(FIRST, DIGEST_256, 0xB, 0xFFFF));
            t.send("Sign with a count committed before the TPM Resume", signEcdaa(FIRST, DIGEST_256, 0xB,
                    current - 99), CODE_ONLY);
            t.send("Sign with it again", signEcdaa(FIRST, DIGEST_256, 0xB, current - 99));
            t.send("EC_Ephemeral after the resume", ephemeral(0x10));
            t.send("Commit after the resume", commit(FIRST, "0004 0000 0000", "", ""));
            t.send("Shutdown(STATE) again", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR) after Shutdown(STATE): TPM Restart", command(NO_SESSIONS, 0x144, "0000"));
            t.send("ECDAA key after the restart", createPrimary(NULL, template));
            t.send("first DA-protected authorization: TPM_RC_RETRY", signEcdaa(FIRST, DIGEST_256, 0xB, 0xFFFF));
            t.send("Sign with a count committed before the TPM Restart", signEcdaa(FIRST, DIGEST_256, 0xB,
                    current - 98), CODE_ONLY);
            t.send("EC_Ephemeral after the restart", ephemeral(0x10));
            t.send("Commit after the restart", commit(FIRST, "0004 0000 0000", "", ""));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR) after Shutdown(CLEAR): TPM Reset", command(NO_SESSIONS, 0x144, "0000"));
            t.send("ECDAA key after the reset", createPrimary(NULL, template));
            t.send("first DA-protected authorization: TPM_RC_RETRY", signEcdaa(FIRST, DIGEST_256, 0xB, 0xFFFF));
            t.send("Sign with a count committed before the TPM Reset", signEcdaa(FIRST, DIGEST_256, 0xB,
                    current - 97));
            t.send("EC_Ephemeral after the reset (count 0, new commitNonce)", ephemeral(0x10));
            byte[] afterReset = t.send("Commit after the reset", commit(FIRST, "0004 0000 0000", "", ""));
            t.send("flush", flush(FIRST));
            t.record("STORE_VOLATILE", t.tpm().storeVolatile());
            t.tpm().restartProcess();
            t.send("ECDAA key after resuming the volatile state", createPrimary(NULL, template));
            t.send("Sign with a count never committed", signEcdaa(FIRST, DIGEST_256, 0xB, 0xFFFF));
            t.send("Sign with the count committed before the volatile state was stored",
                    signEcdaa(FIRST, DIGEST_256, 0xB, counter(afterReset)), CODE_ONLY);
            t.send("Sign with it again", signEcdaa(FIRST, DIGEST_256, 0xB, counter(afterReset)));
            t.send("EC_Ephemeral after resuming", ephemeral(0x10));
        }, FixedEntropy::new, preload);
    }
}
