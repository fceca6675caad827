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
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.tpm2.crypto.EccCurves;

/**
 * TPM2_ZGen_2Phase against libtpms with the same primary keys and the same commitNonce on both
 * sides (fixed entropy): the ephemeral key is r of a count committed by EC_Ephemeral, so the
 * outputs of ECDH, ECMQV and SM2 are deterministic and compared byte for byte, and so are the
 * codes for wrong keys, schemes, points and counters.
 */
class ZGen2PhaseDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    private static final int DECRYPT_ATTRIBUTES = 0x00020072;
    private static final int ECDH = 0x19;
    private static final int ECMQV = 0x1D;
    private static final int SM2 = 0x1B;

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    /** [k]G of the curve as a TPM2B_ECC_POINT with coordinates of the order's size. */
    private static String multipleOfG(int curve, int k) {
        ECDomainParameters domain = EccCurves.of(curve);
        int size = EccCurves.orderBytes(domain);
        ECPoint point = domain.getG().multiply(BigInteger.valueOf(k)).normalize();
        return sized(sized(TestBytes.hex(BigIntegers.asUnsignedByteArray(size, point.getAffineXCoord().toBigInteger())))
                + sized(TestBytes.hex(BigIntegers.asUnsignedByteArray(size, point.getAffineYCoord().toBigInteger()))));
    }

    private static byte[] zGen2Phase(int key, String qsB, String qeB, int scheme, int counter) {
        return command(0x8002, 0x18D, String.format("%08x", key) + sessions(PW) + qsB + qeB
                + String.format("%04x%04x", scheme, counter));
    }

    private static byte[] ephemeral(int curve) {
        return command(NO_SESSIONS, 0x18E, String.format("%04x", curve));
    }

    private static String eccKey(int curve, String scheme) {
        return ecc(0xB, DECRYPT_ATTRIBUTES, "", NO_SYMMETRIC, scheme, curve, "", "");
    }

    /** The counter at the end of an EC_Ephemeral response, or -1 if it failed. */
    private static int counter(byte[] response) {
        if (TestBytes.responseCode(response) != 0) {
            return -1;
        }
        return ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
    }

    @Test
    void ecdhAndSm2ByteForByte() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            for (int curve : new int[] {0x1, 0x2, 0x3, 0x4, 0x10, 0x20}) {
                String g = multipleOfG(curve, 1);
                String g2 = multipleOfG(curve, 2);
                String g3 = multipleOfG(curve, 3);
                t.send("key without a scheme, curve " + curve, createPrimary(NULL, eccKey(curve, "0010")));
                if (curve == 0x1) {
                    t.send("first DA-protected authorization: TPM_RC_RETRY", zGen2Phase(FIRST, g, g, ECDH, 0));
                }
                for (int scheme : new int[] {ECDH, SM2}) {
                    int c = counter(t.send("EC_Ephemeral", ephemeral(curve)));
                    t.send("ZGen_2Phase " + scheme, zGen2Phase(FIRST, g2, g3, scheme, c));
                    t.send("the same counter again", zGen2Phase(FIRST, g2, g3, scheme, c));
                    c = counter(t.send("EC_Ephemeral", ephemeral(curve)));
                    t.send("ZGen_2Phase " + scheme + " with G", zGen2Phase(FIRST, g, g, scheme, c));
                }
                t.send("flush", flush(FIRST));
            }
            String g = multipleOfG(0x3, 1);
            t.send("P-256 key without a scheme", createPrimary(NULL, eccKey(0x3, "0010")));
            int c = counter(t.send("EC_Ephemeral", ephemeral(0x3)));
            t.send("scheme NULL", zGen2Phase(FIRST, g, g, 0x10, c));
            t.send("scheme ECDSA", zGen2Phase(FIRST, g, g, 0x18, c));
            t.send("scheme RSA", zGen2Phase(FIRST, g, g, 0x01, c));
            t.send("QsB off the curve", zGen2Phase(FIRST, multipleOfG(0x3, 1).replaceFirst(".$", "0"), g, ECDH, c));
            t.send("QeB off the curve", zGen2Phase(FIRST, g, multipleOfG(0x3, 1).replaceFirst(".$", "0"), ECDH, c));
            t.send("both off the curve", zGen2Phase(FIRST, "0006 0001 01 0001 01", "0006 0001 01 0001 01", ECDH, c));
            t.send("empty QsB", zGen2Phase(FIRST, "0000", g, ECDH, c));
            t.send("an uncommitted counter", zGen2Phase(FIRST, g, g, ECDH, c + 1));
            t.send("a counter from the future window", zGen2Phase(FIRST, g, g, ECDH, c + 128));
            t.send("a P-384 ephemeral's counter", zGen2Phase(FIRST, g, g, ECDH, counter(t.send("EC_Ephemeral P-384",
                    ephemeral(0x4)))));
            t.send("truncated", command(0x8002, 0x18D, String.format("%08x", FIRST) + sessions(PW) + g + g + "0019"));
            t.send("trailing byte", command(0x8002, 0x18D, String.format("%08x", FIRST) + sessions(PW) + g + g
                    + "0019 0000 00"));
            t.send("flush", flush(FIRST));
            for (String[] key : new String[][] {{"ECDH", "0019 000b"}, {"SM2", "001b 000b"}, {"ECMQV", "001d 000b"}}) {
                t.send("P-256 key with scheme " + key[0], createPrimary(NULL, eccKey(0x3, key[1])));
                c = counter(t.send("EC_Ephemeral", ephemeral(0x3)));
                t.send("input scheme NULL", zGen2Phase(FIRST, g, g, 0x10, c));
                t.send("input scheme ECDH", zGen2Phase(FIRST, g, g, ECDH, c));
                t.send("input scheme SM2", zGen2Phase(FIRST, g, g, SM2, c));
                t.send("flush", flush(FIRST));
            }
            t.send("P-256 decrypt+sign key", createPrimary(NULL, ecc(0xB, 0x00060072, "", NO_SYMMETRIC, "0010", 0x3,
                    "", "")));
            t.send("with a decrypt+sign key", zGen2Phase(FIRST, g, g, ECDH, c));
            t.send("flush", flush(FIRST));
            t.send("ECDSA signing key", createPrimary(NULL, ecc(0xB, SIGNING_ATTRIBUTES, "", NO_SYMMETRIC,
                    "0018 000b", 0x3, "", "")));
            t.send("with a signing key", zGen2Phase(FIRST, g, g, ECDH, c));
            t.send("flush", flush(FIRST));
            t.send("restricted ECC decryption key (SRK)", createPrimary(OWNER, SRK_ECC_TOOLS));
            t.send("with a restricted key", zGen2Phase(FIRST, g, g, ECDH, c));
            t.send("flush", flush(FIRST));
            t.send("RSA key", createPrimary(NULL, rsa(0xB, DECRYPT_ATTRIBUTES, "", NO_SYMMETRIC, "0010", 1024, 0, "")));
            t.send("with an RSA key", zGen2Phase(FIRST, g, g, ECDH, c));
            t.send("flush", flush(FIRST));
            t.send("AES key", createPrimary(NULL, symCipher(0xB, 0x00060072, AES128_CFB, "")));
            t.send("with a symmetric key", zGen2Phase(FIRST, g, g, ECDH, c));
            t.send("flush", flush(FIRST));
            t.send("HashSequenceStart", SwtpmSequenceDifferentialTest.start("", 0xB));
            t.send("with a sequence", zGen2Phase(FIRST, g, g, ECDH, c));
            t.send("flush", flush(FIRST));
            t.send("without a key", zGen2Phase(FIRST, g, g, ECDH, c));
        }, FixedEntropy::new, preload);
    }

    /**
     * libtpms 0.9.2's C_2_2_MQV reduces modulo a curve order it never sets (zero): the reduction
     * is a division by zero, FATAL_ERROR_DIVIDE_ZERO. Its checks before that still answer.
     */
    @Test
    void ecmqvEndsInFailureModeAsInLibtpms() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            String g = multipleOfG(0x3, 1);
            t.send("P-256 key with scheme ECMQV", createPrimary(NULL, eccKey(0x3, "001d 000b")));
            t.send("first DA-protected authorization: TPM_RC_RETRY", zGen2Phase(FIRST, g, g, ECMQV, 0));
            int c = counter(t.send("EC_Ephemeral", ephemeral(0x3)));
            t.send("input scheme ECDH", zGen2Phase(FIRST, g, g, ECDH, c));
            t.send("QeB off the curve", zGen2Phase(FIRST, g, "0006 0001 01 0001 01", ECMQV, c));
            t.send("an uncommitted counter", zGen2Phase(FIRST, g, g, ECMQV, c + 1));
            t.send("ECMQV", zGen2Phase(FIRST, g, multipleOfG(0x3, 2), ECMQV, c));
            t.send("GetTestResult", command(NO_SESSIONS, 0x17C), Masks.failureLocation());
            t.send("GetRandom in failure mode", command(NO_SESSIONS, 0x17B, "0008"));
        }, FixedEntropy::new, preload);
    }

    /**
     * SM2 on P-521 and BN P-638: libtpms multiplies deA by the avf value into an ECC_NUM, which
     * the product does not fit (FATAL_ERROR_PARAMETER).
     */
    @Test
    void sm2OnTheLargestCurvesEndsInFailureModeAsInLibtpms() {
        for (int curve : new int[] {0x5, 0x11}) {
            DifferentialRunner.compare(t -> {
                t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
                String g = multipleOfG(curve, 1);
                t.send("key without a scheme, curve " + curve, createPrimary(NULL, eccKey(curve, "0010")));
                t.send("first DA-protected authorization: TPM_RC_RETRY", zGen2Phase(FIRST, g, g, SM2, 0));
                int c = counter(t.send("EC_Ephemeral", ephemeral(curve)));
                t.send("ECDH", zGen2Phase(FIRST, g, multipleOfG(curve, 2), ECDH, c));
                c = counter(t.send("EC_Ephemeral", ephemeral(curve)));
                t.send("SM2", zGen2Phase(FIRST, g, multipleOfG(curve, 2), SM2, c));
                t.send("GetTestResult", command(NO_SESSIONS, 0x17C), Masks.failureLocation());
            }, FixedEntropy::new, preload);
        }
    }
}
