package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.AttestationDifferentialTest.same;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES128_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NULL;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.ObjectTemplates.symCipher;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_CertifyX509 against libtpms 0.9.2 with the same primary keys on both sides (fixed
 * entropy). There is no clock in a certificate, so with RSASSA and HMAC signers the whole response
 * (addedToCertificate, tbsDigest, signature) must be C's bytes; with ECDSA and RSAPSS signers (their
 * nonces and salts are random) addedToCertificate and tbsDigest. The refusals (reserved data,
 * signer, scheme, keys libtpms cannot encode, malformed partial certificates, extensions that do
 * not fit the key) byte for byte; then a partial certificate made by tpm2_certifyX509certutil.
 */
class CertifyX509DifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int SESSIONS = 0x8002;
    private static final int FIRST = 0x80000000;
    private static final int NO_DA_SIGNING = 0x00040472;
    private static final int NO_DA_RESTRICTED_SIGNING = 0x00050472;
    private static final String NULL_SCHEME = "0010";

    static final String ISSUER = seq(set(seq("0603550403" + tlv(0x0C, hex("Test CA")))));
    static final String VALIDITY = seq(tlv(0x17, hex("200101000000Z")) + tlv(0x17, hex("300101000000Z")));
    static final String SUBJECT = seq(set(seq("0603550403" + tlv(0x0C, hex("Test Key")))));
    private static final String SHA256_WITH_RSA = seq("06092a864886f70d01010b0500");
    /** keyUsage (critical) digitalSignature. */
    private static final String KU_SIGN = keyUsage("0780");
    static final String EXTENSIONS = tlv(0xA3, seq(KU_SIGN));

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static String hex(String text) {
        return TestBytes.hex(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A DER TLV with a short, 0x81 or 0x82 length. */
    static String tlv(int tag, String content) {
        int length = content.length() / 2;
        String encoded = length < 0x80 ? String.format("%02x", length)
                : length < 0x100 ? String.format("81%02x", length) : String.format("82%04x", length);
        return String.format("%02x", tag) + encoded + content;
    }

    static String seq(String content) {
        return tlv(0x30, content);
    }

    static String set(String content) {
        return tlv(0x31, content);
    }

    /** The keyUsage extension with the BIT STRING content {@code bits} (unused-bit count first). */
    static String keyUsage(String bits) {
        return seq("0603551d0f" + "0101ff" + tlv(0x04, tlv(0x03, bits)));
    }

    /** The TCG TPMA_OBJECT extension (2.23.133.10.1.1.1) with the BIT STRING content {@code bits}. */
    static String tpmaObject(String bits) {
        return seq("06076781050a010101" + tlv(0x04, tlv(0x03, bits)));
    }

    static String partial(String... parts) {
        return seq(String.join("", parts));
    }

    static byte[] certifyX509(int objectHandle, int signHandle, String objectSession, String reserved, String scheme,
                              String partialCertificate) {
        return command(SESSIONS, 0x197, String.format("%08x%08x", objectHandle, signHandle)
                + sessions(objectSession, PW) + sized(reserved) + scheme.replace(" ", "")
                + sized(partialCertificate));
    }

    static byte[] certifyX509(int objectHandle, int signHandle, String scheme, String partialCertificate) {
        return certifyX509(objectHandle, signHandle, PW, "", scheme, partialCertificate);
    }

    private static void ok(TpmUnderTest[] sides, byte[] command) {
        assertThat(TestBytes.responseCode(same(sides, command))).as("%s", TestBytes.hex(command)).isZero();
    }

    /** Both sides succeed with the same addedToCertificate and tbsDigest (the signature may differ). */
    private static void sameCertificateParts(TpmUnderTest[] sides, byte[] command) {
        String[] parts = new String[2];
        for (int i = 0; i < 2; i++) {
            byte[] response = sides[i].command(command);
            assertThat(TestBytes.responseCode(response)).as("side %d: %s", i, TestBytes.hex(command)).isZero();
            ByteBuffer in = ByteBuffer.wrap(response);
            in.position(14);
            int added = Short.toUnsignedInt(in.getShort());
            in.position(in.position() + added);
            int digest = Short.toUnsignedInt(in.getShort());
            parts[i] = TestBytes.hex(Arrays.copyOfRange(response, 14, in.position() + digest + 4));
        }
        assertThat(parts[1]).as("%s", TestBytes.hex(command)).isEqualTo(parts[0]);
    }

    @Test
    void certifyX509MatchesLibtpms() {
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload); JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            TpmUnderTest[] sides = {swtpm, engine};
            ok(sides, command(NO_SESSIONS, 0x144, "0000"));
            // FIRST: an RSASSA signer in the owner hierarchy; FIRST+1: an ECC key to certify
            ok(sides, createPrimary(OWNER, rsa(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "0014 000b", 2048, 0, "")));
            ok(sides, createPrimary(ENDORSEMENT, ecc(0xB, NO_DA_RESTRICTED_SIGNING, "", NO_SYMMETRIC, "0018 000b",
                    0x3, "", "")));
            int signer = FIRST;
            int eccKey = FIRST + 1;
            int third = FIRST + 2;
            // TPMA_CC of NV_Certify and CertifyX509 (handles, nv bit) as libtpms lists them
            ok(sides, DifferentialCommands.getCapability(2, 0x184, 1));
            ok(sides, DifferentialCommands.getCapability(2, 0x197, 1));
            String basic = partial(ISSUER, VALIDITY, SUBJECT, EXTENSIONS);
            ok(sides, certifyX509(eccKey, signer, NULL_SCHEME, basic));
            ok(sides, certifyX509(signer, signer, NULL_SCHEME, basic));
            ok(sides, certifyX509(eccKey, signer, "0014 000b", partial(SHA256_WITH_RSA, ISSUER, VALIDITY, SUBJECT,
                    EXTENSIONS)));
            // the extensions before the names, long lengths, a TPMA_OBJECT extension equal to the attributes
            ok(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(EXTENSIONS, ISSUER, VALIDITY,
                    seq(set(seq("0603550403" + tlv(0x0C, "41".repeat(200))))))));
            ok(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(tpmaObject("0000050472") + KU_SIGN)))));
            ok(sides, certifyX509(signer, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(tpmaObject("0000040472") + keyUsage("0186"))))));
            ok(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(seq("0603551d13" + tlv(0x04, "3000")) + keyUsage("06c0"))))));

            // a restricted ECDSA signer
            sameCertificateParts(sides, certifyX509(signer, eccKey, NULL_SCHEME, basic));
            ok(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT, tlv(0xA3,
                    seq(seq("0603551d11" + tlv(0x04, "30" + tlv(0x82, "61".repeat(150)).substring(2))) + KU_SIGN)))));

            // refusals in libtpms' order
            same(sides, certifyX509(eccKey, signer, PW, "01", NULL_SCHEME, basic));
            same(sides, certifyX509(eccKey, signer, PW, "ee".repeat(67), NULL_SCHEME, basic));
            same(sides, certifyX509(eccKey, eccKey, "0014 000b", basic));
            same(sides, certifyX509(eccKey, signer, "0016 000b", basic));
            same(sides, certifyX509(eccKey, third, NULL_SCHEME, basic));
            same(sides, certifyX509(eccKey, signer, password(0, "01"), "", NULL_SCHEME, basic));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, ""));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, basic + "00"));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, "31" + basic.substring(2)));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, "30830000"));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, "3080"));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, "3082800000"));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT, "3f00",
                    EXTENSIONS)));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(seq("06076781050a010101" + "0101ff") + KU_SIGN)))));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(KU_SIGN) + "00"))));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(keyUsage("0080")) + seq(KU_SIGN)))));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, EXTENSIONS)));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT)));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, ISSUER, ISSUER, VALIDITY, SUBJECT,
                    EXTENSIONS)));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT, EXTENSIONS,
                    EXTENSIONS)));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT, "020101",
                    EXTENSIONS)));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(seq("0603551d13" + tlv(0x04, "3000")))))));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(keyUsage("0308"))))));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(keyUsage("0740"))))));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(keyUsage("0820"))))));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(keyUsage(""))))));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(keyUsage("0080000000000000"))))));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(tpmaObject("0000040472") + KU_SIGN)))));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq("020100" + KU_SIGN)))));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, "020100"))));
            same(sides, certifyX509(eccKey, signer, NULL_SCHEME, partial(ISSUER, VALIDITY, SUBJECT,
                    tlv(0xA3, seq(tpmaObject("08") + KU_SIGN)))));

            // other objects and signers
            ok(sides, createPrimary(OWNER, symCipher(0xB, 0x00060472, AES128_CFB, "")));
            same(sides, certifyX509(third, signer, NULL_SCHEME, basic));
            same(sides, certifyX509(eccKey, third, NULL_SCHEME, basic));
            ok(sides, flush(third));
            ok(sides, createPrimary(OWNER, keyedHash(0xB, NO_DA_SIGNING, "", "0005 000b", "")));
            same(sides, certifyX509(eccKey, third, NULL_SCHEME, basic));
            ok(sides, certifyX509(eccKey, third, NULL_SCHEME, partial(SHA256_WITH_RSA, ISSUER, VALIDITY, SUBJECT,
                    EXTENSIONS)));
            same(sides, certifyX509(third, signer, NULL_SCHEME, basic));
            ok(sides, flush(third));
            ok(sides, createPrimary(NULL, ecc(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "0018 000b", 0x10, "", "")));
            same(sides, certifyX509(third, signer, NULL_SCHEME, basic));
            ok(sides, flush(third));
            for (int curve : new int[] {0x2, 0x5, 0x20}) {
                ok(sides, createPrimary(NULL, ecc(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "0010", curve, "", "")));
                ok(sides, certifyX509(third, signer, NULL_SCHEME, basic));
                ok(sides, flush(third));
            }
            ok(sides, createPrimary(NULL, ecc(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "0018 000c", 0x4, "", "")));
            sameCertificateParts(sides, certifyX509(signer, third, NULL_SCHEME, basic));
            sameCertificateParts(sides, certifyX509(third, third, NULL_SCHEME, basic));
            same(sides, certifyX509(third, third, "001a 000c 0000", basic));
            ok(sides, flush(third));
            ok(sides, createPrimary(OWNER, rsa(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "0010", 2048, 0, "")));
            for (String hash : new String[] {"0004", "000b", "000c", "000d"}) {
                sameCertificateParts(sides, certifyX509(eccKey, third, "0016" + hash, basic));
                ok(sides, certifyX509(eccKey, third, "0014" + hash, basic));
            }
            ok(sides, flush(third));
            ok(sides, createPrimary(OWNER, rsa(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "0014 000b", 2048, 0x10001,
                    "")));
            ok(sides, certifyX509(third, signer, NULL_SCHEME, basic));
            ok(sides, flush(third));
        }
    }

    /**
     * A signer without a nameAlg (an HMAC key loaded by LoadExternal) has no serial number digest:
     * libtpms' pAssert puts the TPM into failure mode, and so does the engine.
     */
    @Test
    void aSignerWithoutNameAlgIsAFailure() {
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload); JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            TpmUnderTest[] sides = {swtpm, engine};
            ok(sides, command(NO_SESSIONS, 0x144, "0000"));
            ok(sides, createPrimary(OWNER, rsa(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "0014 000b", 2048, 0, "")));
            ok(sides, LoadExternalDifferentialTest.loadExternal(LoadExternalDifferentialTest.sensitive(0x8, "", "",
                    "3e".repeat(32)), keyedHash(0x10, 0x00040440, "", "0005 000b", ""), NULL));
            String partial = partial(SHA256_WITH_RSA, ISSUER, VALIDITY, SUBJECT, EXTENSIONS);
            byte[] failed = same(sides, certifyX509(FIRST, FIRST + 1, NULL_SCHEME, partial));
            assertThat(TestBytes.responseCode(failed)).isEqualTo(0x101);
            same(sides, command(NO_SESSIONS, 0x17B, "0008"));
        }
    }

    /** A partial certificate made by tpm2_certifyX509certutil, certified on both sides. */
    @Test
    void aPartialCertificateFromTpm2ToolsMatches(@TempDir Path dir) throws Exception {
        Path der = dir.resolve("partial.der");
        Process process;
        try {
            process = new ProcessBuilder("tpm2_certifyX509certutil", "-o", der.toString(), "-d", "365", "-s",
                    "C=US;O=swtpm-java;OU=test;CN=key", "-i", "C=US;O=swtpm-java;OU=test;CN=ca")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "tpm2-tools not installed");
            return;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        String partialCertificate = TestBytes.hex(Files.readAllBytes(der));
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload); JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            TpmUnderTest[] sides = {swtpm, engine};
            ok(sides, command(NO_SESSIONS, 0x144, "0000"));
            ok(sides, createPrimary(OWNER, rsa(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "0014 000b", 2048, 0, "")));
            ok(sides, createPrimary(OWNER, rsa(0xB, NO_DA_RESTRICTED_SIGNING, "", NO_SYMMETRIC, "0014 000b", 2048, 0,
                    "")));
            byte[] response = same(sides, certifyX509(FIRST + 1, FIRST, NULL_SCHEME, partialCertificate));
            assertThat(TestBytes.responseCode(response)).isZero();
        }
    }
}
