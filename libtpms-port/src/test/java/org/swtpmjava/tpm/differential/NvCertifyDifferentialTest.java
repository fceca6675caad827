package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.AttestationDifferentialTest.attest;
import static org.swtpmjava.tpm.differential.AttestationDifferentialTest.same;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.ObjectTemplates.AES128_CFB;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NULL;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.PLATFORM;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_NV_Certify against libtpms 0.9.2 with the same primary keys on both sides (fixed
 * entropy): TPMS_NV_CERTIFY_INFO for a range of an index and, for size and offset both zero,
 * TPMS_NV_DIGEST_CERTIFY_INFO with the digest of the whole index under the scheme's hash (empty
 * without a signer). Structures are compared byte for byte but for the clock's low three bytes
 * and each side's signature is verified by both (see {@link AttestationDifferentialTest}); the
 * refusals (signer, scheme, qualifying data, authorization, locks, unwritten index, ranges and
 * sizes in libtpms' order) byte for byte. Then tpm2_nvcertify against both.
 */
class NvCertifyDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int SESSIONS = 0x8002;
    private static final int FIRST = 0x80000000;
    private static final int RH_NULL = 0x40000007;
    private static final int NO_DA_SIGNING = 0x00040472;
    private static final int NO_DA_RESTRICTED_SIGNING = 0x00050472;
    private static final String RSASSA_KEY = rsa(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "0014 000b", 2048, 0, "");
    private static final String AK_RSA = rsa(0xB, NO_DA_RESTRICTED_SIGNING, "", NO_SYMMETRIC, "0014 000b", 2048, 0,
            "");
    private static final String RSA_ANY_KEY = rsa(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "0010", 2048, 0, "");
    private static final String HMAC_KEY = keyedHash(0xB, NO_DA_SIGNING, "", "0005 000b", "");
    private static final String NONCE = "0011223344556677";
    private static final String NULL_SCHEME = "0010";
    private static final String AUTH = "61626364";
    private static final String AUTH_PW = password(0, AUTH);

    /** Owner and index read/write. */
    private static final String ORDINARY = "01000001";
    /** Owner read/write only. */
    private static final String OWNER_ONLY = "01000002";
    private static final String COUNTER = "01000003";
    private static final String READ_STCLEAR = "01000004";
    private static final String UNWRITTEN = "01000005";
    /** 2048 bytes, the largest index: room for a range above MAX_NV_BUFFER_SIZE. */
    private static final String LARGE = "01000006";
    private static final String PLATFORM_INDEX = "01400001";
    /** TPMA_NV_ORDERLY: data and counter live in libtpms' RAM area. */
    private static final String ORDERLY = "01000007";
    private static final String ORDERLY_COUNTER = "01000008";

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    /** TPM2_NV_Certify(signHandle, authHandle, nvIndex) with a session for each of the first two. */
    static byte[] nvCertify(int signHandle, String authHandle, String nvIndex, String signSession,
                            String indexSession, String data, String scheme, int size, int offset) {
        return command(SESSIONS, 0x184, String.format("%08x", signHandle) + authHandle + nvIndex
                + sessions(signSession, indexSession) + sized(data) + scheme.replace(" ", "")
                + String.format("%04x%04x", size, offset));
    }

    static byte[] nvCertify(int signHandle, String authHandle, String nvIndex, String scheme, int size, int offset) {
        String session = authHandle.equals(nvIndex) ? AUTH_PW : PW;
        return nvCertify(signHandle, authHandle, nvIndex, PW, session, NONCE, scheme, size, offset);
    }

    private static void ok(TpmUnderTest[] sides, byte[] command) {
        assertThat(TestBytes.responseCode(same(sides, command))).as("%s", TestBytes.hex(command)).isZero();
    }

    @Test
    void nvCertifyMatchesLibtpms() {
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload); JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            TpmUnderTest[] sides = {swtpm, engine};
            ok(sides, command(NO_SESSIONS, 0x144, "0000"));
            ok(sides, createPrimary(OWNER, RSASSA_KEY));
            ok(sides, createPrimary(ENDORSEMENT, AK_RSA));
            int owner = FIRST;
            int ak = FIRST + 1;
            int third = FIRST + 2;
            defineIndices(sides);

            // ranges: bytes, the whole index, an empty range at the end, and the digest form
            attest(sides, nvCertify(owner, OWNER, ORDINARY, NULL_SCHEME, 8, 4), owner);
            // the index is DA-protected: its first use after Startup answers TPM_RC_RETRY (NV write for DA)
            same(sides, nvCertify(ak, ORDINARY, ORDINARY, NULL_SCHEME, 32, 0));
            attest(sides, nvCertify(ak, ORDINARY, ORDINARY, NULL_SCHEME, 32, 0), ak);
            attest(sides, nvCertify(RH_NULL, OWNER, ORDINARY, NULL_SCHEME, 1, 0), 0);
            attest(sides, nvCertify(RH_NULL, OWNER, ORDINARY, NULL_SCHEME, 0, 32), 0);
            attest(sides, nvCertify(owner, OWNER, ORDINARY, NULL_SCHEME, 0, 0), owner);
            attest(sides, nvCertify(ak, OWNER, COUNTER, NULL_SCHEME, 0, 0), ak);
            attest(sides, nvCertify(ak, OWNER, COUNTER, NULL_SCHEME, 8, 0), ak);
            attest(sides, nvCertify(RH_NULL, OWNER, ORDINARY, NULL_SCHEME, 0, 0), 0);
            attest(sides, nvCertify(RH_NULL, OWNER, ORDINARY, "0014 000b", 0, 0), 0);
            attest(sides, nvCertify(owner, PLATFORM, PLATFORM_INDEX, NULL_SCHEME, 16, 0), owner);
            attest(sides, nvCertify(owner, PLATFORM, PLATFORM_INDEX, NULL_SCHEME, 0, 0), owner);
            attest(sides, nvCertify(owner, OWNER, LARGE, NULL_SCHEME, 1024, 1024), owner);
            attest(sides, nvCertify(owner, OWNER, LARGE, NULL_SCHEME, 0, 0), owner);
            attest(sides, nvCertify(owner, OWNER, ORDERLY, NULL_SCHEME, 8, 4), owner);
            attest(sides, nvCertify(owner, OWNER, ORDERLY, NULL_SCHEME, 0, 0), owner);
            attest(sides, nvCertify(owner, OWNER, ORDERLY_COUNTER, NULL_SCHEME, 8, 0), owner);
            attest(sides, nvCertify(RH_NULL, OWNER, ORDERLY_COUNTER, NULL_SCHEME, 0, 0), 0);
            attest(sides, nvCertify(ak, OWNER, ORDINARY, PW, PW, "", NULL_SCHEME, 3, 29), ak);
            attest(sides, nvCertify(ak, OWNER, ORDINARY, PW, PW, "ee".repeat(66), NULL_SCHEME, 3, 29), ak);

            // the signer and the scheme come first
            same(sides, nvCertify(ak, OWNER, ORDINARY, "0014 000c", 8, 0));
            same(sides, nvCertify(ak, OWNER, ORDINARY, "0016 000b", 8, 0));
            same(sides, nvCertify(ak, OWNER, UNWRITTEN, "0014 000c", 8, 0));
            same(sides, nvCertify(third, OWNER, ORDINARY, NULL_SCHEME, 8, 0));
            same(sides, nvCertify(0x40000001, OWNER, ORDINARY, NULL_SCHEME, 8, 0));
            same(sides, nvCertify(ak, OWNER, ORDINARY, PW, PW, "ee".repeat(67), NULL_SCHEME, 8, 0));
            same(sides, nvCertify(ak, OWNER, ORDINARY, password(0, "01"), PW, NONCE, NULL_SCHEME, 8, 0));
            // then NvReadAccessChecks: locks, the authorizing handle, TPMA_NV_WRITTEN
            same(sides, nvCertify(ak, ORDINARY, ORDINARY, PW, password(0, "01"), NONCE, NULL_SCHEME, 8, 0));
            attest(sides, nvCertify(ak, ORDINARY, ORDINARY, PW, AUTH_PW, NONCE, NULL_SCHEME, 8, 0), ak);
            same(sides, nvCertify(ak, OWNER_ONLY, OWNER_ONLY, PW, AUTH_PW, NONCE, NULL_SCHEME, 8, 0));
            same(sides, nvCertify(ak, ORDINARY, OWNER_ONLY, PW, AUTH_PW, NONCE, NULL_SCHEME, 8, 0));
            same(sides, nvCertify(ak, PLATFORM, ORDINARY, NULL_SCHEME, 8, 0));
            same(sides, nvCertify(ak, OWNER, PLATFORM_INDEX, NULL_SCHEME, 8, 0));
            same(sides, nvCertify(ak, OWNER, UNWRITTEN, NULL_SCHEME, 8, 0));
            same(sides, nvCertify(ak, OWNER, UNWRITTEN, NULL_SCHEME, 0, 0));
            same(sides, nvCertify(ak, OWNER, "01000077", NULL_SCHEME, 8, 0));
            same(sides, nvCertify(ak, OWNER, "81000001", NULL_SCHEME, 8, 0));
            attest(sides, nvCertify(ak, OWNER, READ_STCLEAR, NULL_SCHEME, 0, 0), ak);
            ok(sides, command(SESSIONS, 0x14F, OWNER + READ_STCLEAR + sessions(PW)));
            same(sides, nvCertify(ak, OWNER, READ_STCLEAR, NULL_SCHEME, 0, 0));
            same(sides, nvCertify(ak, OWNER, READ_STCLEAR, NULL_SCHEME, 99, 0));
            // then the range (TPM_RC_NV_RANGE, no wrap-around) before MAX_NV_BUFFER_SIZE
            same(sides, nvCertify(ak, OWNER, ORDINARY, NULL_SCHEME, 33, 0));
            same(sides, nvCertify(ak, OWNER, ORDINARY, NULL_SCHEME, 1, 32));
            same(sides, nvCertify(ak, OWNER, ORDINARY, NULL_SCHEME, 0, 33));
            same(sides, nvCertify(ak, OWNER, ORDINARY, NULL_SCHEME, 0xFFFF, 0xFFFF));
            same(sides, nvCertify(ak, OWNER, ORDINARY, NULL_SCHEME, 0x10000 - 32, 32));
            same(sides, nvCertify(ak, OWNER, LARGE, NULL_SCHEME, 1025, 0));
            same(sides, nvCertify(ak, OWNER, LARGE, NULL_SCHEME, 1024, 1025));
            same(sides, nvCertify(ak, OWNER, LARGE, NULL_SCHEME, 2048, 0));
            // framing
            same(sides, command(SESSIONS, 0x184, String.format("%08x", ak) + OWNER + ORDINARY + sessions(PW, PW)
                    + sized(NONCE) + NULL_SCHEME + "0008"));
            same(sides, command(SESSIONS, 0x184, String.format("%08x", ak) + OWNER + ORDINARY + sessions(PW)
                    + sized(NONCE) + NULL_SCHEME + "00080000"));
            same(sides, command(NO_SESSIONS, 0x184, String.format("%08x", ak) + OWNER + ORDINARY + sized(NONCE)
                    + NULL_SCHEME + "00080000"));

            // other signers: HMAC, a key without a scheme (the caller's hash decides the digest), ECDAA
            ok(sides, createPrimary(OWNER, HMAC_KEY));
            attest(sides, nvCertify(third, OWNER, ORDINARY, NULL_SCHEME, 0, 0), third);
            attest(sides, nvCertify(third, OWNER, ORDINARY, "0005 000b", 16, 16), third);
            ok(sides, flush(third));
            ok(sides, createPrimary(PLATFORM, RSA_ANY_KEY));
            same(sides, nvCertify(third, OWNER, ORDINARY, NULL_SCHEME, 0, 0));
            attest(sides, nvCertify(third, OWNER, ORDINARY, "0014 000c", 0, 0), third);
            attest(sides, nvCertify(third, OWNER, ORDINARY, "0014 000d", 0, 0), third);
            attest(sides, nvCertify(third, OWNER, ORDINARY, "0014 0004", 5, 1), third);
            ok(sides, flush(third));
            ok(sides, createPrimary(OWNER, symCipher(0xB, 0x00060472, AES128_CFB, "")));
            same(sides, nvCertify(third, OWNER, ORDINARY, NULL_SCHEME, 0, 0));
            ok(sides, flush(third));
            ok(sides, createPrimary(NULL, ecc(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "001a 000b 0000", 0x10, "",
                    "")));
            for (int size : new int[] {0, 4}) {
                byte[] commit = same(sides, EccAsymmetricDifferentialTest.commit(third, "0004 0000 0000", "", ""));
                assertThat(TestBytes.responseCode(commit)).isZero();
                String scheme = "001a 000b " + TestBytes.hex(Arrays.copyOfRange(commit, commit.length - 7,
                        commit.length - 5));
                attest(sides, nvCertify(third, OWNER, ORDINARY, scheme, size, 0), -1);
                // the count was used
                same(sides, nvCertify(third, OWNER, ORDINARY, scheme, size, 0));
            }
            ok(sides, flush(third));
        }
    }

    /**
     * An index read through its policy (PolicyCommandCode(NV_Certify); the policy is used up, a
     * policy for NV_Read is TPM_RC_POLICY_CC), the digest and bytes of extend and bit-field
     * indices, and the owner hierarchy disabled (TPM_RC_HIERARCHY for the owner, TPM_RC_HANDLE for
     * an owner index).
     */
    @Test
    void policyReadsIndexTypesAndDisabledHierarchiesMatchLibtpms() {
        String policyIndex = "01000011";
        String extendIndex = "01000012";
        String bitsIndex = "01000013";
        String policySession = "03000000 0000 01 0000";
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload); JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            TpmUnderTest[] sides = {swtpm, engine};
            ok(sides, command(NO_SESSIONS, 0x144, "0000"));
            ok(sides, createPrimary(OWNER, RSASSA_KEY));
            // POLICYREAD | OWNERREAD | OWNERWRITE | NO_DA
            ok(sides, NvDifferentialTest.define(OWNER, "", NvDifferentialTest.nvPublic(policyIndex, "000b",
                    "020a0002", NvDifferentialTest.commandCodePolicy(0x184), 8)));
            ok(sides, NvDifferentialTest.write(OWNER, policyIndex, PW, "0102030405060708", 0));
            ok(sides, NvDifferentialTest.define(extendIndex, "02060046", 32));
            ok(sides, NvDifferentialTest.define(bitsIndex, "02060026", 8));
            same(sides, nvCertify(FIRST, OWNER, extendIndex, NULL_SCHEME, 0, 0));
            ok(sides, command(SESSIONS, 0x136, OWNER + extendIndex + sessions(PW) + sized("aabbccdd")));
            ok(sides, command(SESSIONS, 0x135, OWNER + bitsIndex + sessions(PW) + "0000001100002200"));
            attest(sides, nvCertify(FIRST, OWNER, extendIndex, NULL_SCHEME, 0, 0), FIRST);
            attest(sides, nvCertify(FIRST, OWNER, extendIndex, NULL_SCHEME, 32, 0), FIRST);
            attest(sides, nvCertify(FIRST, OWNER, bitsIndex, NULL_SCHEME, 0, 0), FIRST);
            attest(sides, nvCertify(RH_NULL, OWNER, bitsIndex, NULL_SCHEME, 2, 6), 0);

            ok(sides, NvDifferentialTest.startPolicySession());
            same(sides, nvCertify(FIRST, policyIndex, policyIndex, PW, policySession, NONCE, NULL_SCHEME, 8, 0));
            ok(sides, NvDifferentialTest.policyCommandCode(0x184));
            unsignedSame(sides, nvCertify(RH_NULL, policyIndex, policyIndex, PW, policySession, NONCE,
                    NULL_SCHEME, 8, 0));
            same(sides, nvCertify(FIRST, policyIndex, policyIndex, PW, policySession, NONCE, NULL_SCHEME, 8, 0));
            ok(sides, command(NO_SESSIONS, 0x180, "03000000"));
            ok(sides, NvDifferentialTest.policyCommandCode(0x14E));
            same(sides, nvCertify(FIRST, policyIndex, policyIndex, PW, policySession, NONCE, NULL_SCHEME, 8, 0));
            ok(sides, command(NO_SESSIONS, 0x180, "03000000"));
            ok(sides, NvDifferentialTest.policyCommandCode(0x184));
            unsignedSame(sides, nvCertify(RH_NULL, policyIndex, policyIndex, PW, policySession, "", NULL_SCHEME,
                    0, 0));
            attest(sides, nvCertify(FIRST, OWNER, policyIndex, NULL_SCHEME, 4, 4), FIRST);

            ok(sides, command(SESSIONS, 0x121, PLATFORM + sessions(PW) + OWNER + "00"));
            same(sides, nvCertify(RH_NULL, OWNER, policyIndex, NULL_SCHEME, 4, 4));
            same(sides, nvCertify(RH_NULL, PLATFORM, policyIndex, NULL_SCHEME, 4, 4));
            same(sides, nvCertify(FIRST, PLATFORM, policyIndex, NULL_SCHEME, 4, 4));
            ok(sides, command(SESSIONS, 0x121, PLATFORM + sessions(PW) + OWNER + "01"));
            same(sides, nvCertify(FIRST, OWNER, policyIndex, NULL_SCHEME, 4, 4));
            attest(sides, nvCertify(RH_NULL, OWNER, policyIndex, NULL_SCHEME, 4, 4), 0);
        }
    }

    /**
     * An unsigned attestation (TPM_RH_NULL) whose whole response, sessions included, must be C's
     * but for the clock's low bytes in TPMS_ATTEST.
     */
    private static void unsignedSame(TpmUnderTest[] sides, byte[] command) {
        String[] masked = new String[2];
        for (int i = 0; i < 2; i++) {
            byte[] response = sides[i].command(command);
            assertThat(TestBytes.responseCode(response)).as("side %d: %s", i, TestBytes.hex(command)).isZero();
            int size = Short.toUnsignedInt(ByteBuffer.wrap(response).getShort(14));
            byte[] attest = AttestationDifferentialTest.maskClock(Arrays.copyOfRange(response, 16, 16 + size));
            System.arraycopy(attest, 0, response, 16, size);
            masked[i] = TestBytes.hex(response);
        }
        assertThat(masked[1]).as("%s", TestBytes.hex(command)).isEqualTo(masked[0]);
    }

    /** The indices of the test, defined and written alike on both sides. */
    private static void defineIndices(TpmUnderTest[] sides) {
        ok(sides, NvDifferentialTest.define(ORDINARY, "00060006", 32));
        ok(sides, NvDifferentialTest.define(OWNER_ONLY, "00020002", 16));
        ok(sides, NvDifferentialTest.define(COUNTER, "00060016", 8));
        ok(sides, NvDifferentialTest.define(READ_STCLEAR, "80060006", 16));
        ok(sides, NvDifferentialTest.define(UNWRITTEN, "00060006", 16));
        ok(sides, NvDifferentialTest.define(LARGE, "00020002", 2048));
        ok(sides, NvDifferentialTest.define(ORDERLY, "04060006", 16));
        ok(sides, NvDifferentialTest.define(ORDERLY_COUNTER, "04060016", 8));
        ok(sides, NvDifferentialTest.define(PLATFORM, "", NvDifferentialTest.nvPublic(PLATFORM_INDEX, "000b",
                "40010001", "", 16)));
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            data.append(String.format("%02x", 0xA0 + i));
        }
        ok(sides, NvDifferentialTest.write(OWNER, ORDINARY, PW, data.toString(), 0));
        ok(sides, NvDifferentialTest.write(OWNER, OWNER_ONLY, PW, "5a".repeat(16), 0));
        ok(sides, command(SESSIONS, 0x134, OWNER + COUNTER + sessions(PW)));
        ok(sides, NvDifferentialTest.write(OWNER, ORDERLY, PW, "3c".repeat(16), 0));
        ok(sides, command(SESSIONS, 0x134, OWNER + ORDERLY_COUNTER + sessions(PW)));
        ok(sides, command(SESSIONS, 0x134, OWNER + ORDERLY_COUNTER + sessions(PW)));
        ok(sides, NvDifferentialTest.write(OWNER, READ_STCLEAR, PW, "77".repeat(16), 0));
        // the first write of LARGE fills the rest with 0xFF
        ok(sides, NvDifferentialTest.write(OWNER, LARGE, PW, "3c".repeat(1000), 24));
        ok(sides, NvDifferentialTest.write(PLATFORM, PLATFORM_INDEX, PW, "c3".repeat(16), 0));
    }

    @Test
    void nvCertifyStructuresParseAndVerify() {
        try (JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            TpmUnderTest[] one = {engine};
            byte[] startup = engine.command(command(NO_SESSIONS, 0x144, "0000"));
            assertThat(TestBytes.responseCode(startup)).isZero();
            assertThat(TestBytes.responseCode(engine.command(createPrimary(OWNER, RSASSA_KEY)))).isZero();
            assertThat(TestBytes.responseCode(engine.command(NvDifferentialTest.define(ORDINARY, "00060006", 32))))
                    .isZero();
            assertThat(TestBytes.responseCode(engine.command(NvDifferentialTest.write(OWNER, ORDINARY, PW,
                    "01020304", 0)))).isZero();
            byte[] name = nameOf(engine.command(NvDifferentialTest.readPublic(ORDINARY)));
            // bytes: TPM_ST_ATTEST_NV, indexName, offset, nvContents
            ByteBuffer range = attested(engine.command(nvCertify(RH_NULL, OWNER, ORDINARY, NULL_SCHEME, 3, 1)));
            assertThat(Short.toUnsignedInt(range.getShort(4))).isEqualTo(0x8014);
            assertThat(readSized(range)).isEqualTo(name);
            assertThat(Short.toUnsignedInt(range.getShort())).isEqualTo(1);
            assertThat(readSized(range)).containsExactly(2, 3, 4);
            assertThat(range.hasRemaining()).isFalse();
            // digest: TPM_ST_ATTEST_NV_DIGEST, indexName, SHA-256 of the 32 bytes (0xFF after the written ones)
            ByteBuffer digest = attested(engine.command(nvCertify(FIRST, OWNER, ORDINARY, NULL_SCHEME, 0, 0)));
            assertThat(Short.toUnsignedInt(digest.getShort(4))).isEqualTo(0x801C);
            assertThat(readSized(digest)).isEqualTo(name);
            byte[] contents = new byte[32];
            Arrays.fill(contents, (byte) 0xFF);
            System.arraycopy(new byte[] {1, 2, 3, 4}, 0, contents, 0, 4);
            assertThat(readSized(digest)).isEqualTo(sha256(contents));
            assertThat(digest.hasRemaining()).isFalse();
            assertThat(one).hasSize(1);
        }
    }

    /** The TPMS_ATTEST of a response, positioned at its attested member. */
    private static ByteBuffer attested(byte[] response) {
        assertThat(TestBytes.responseCode(response)).isZero();
        ByteBuffer in = ByteBuffer.wrap(response);
        in.position(14);
        ByteBuffer attest = ByteBuffer.wrap(readSized(in));
        attest.position(6);
        readSized(attest);
        readSized(attest);
        attest.position(attest.position() + 17 + 8);
        return attest;
    }

    private static byte[] nameOf(byte[] readPublicResponse) {
        ByteBuffer in = ByteBuffer.wrap(readPublicResponse);
        in.position(10);
        readSized(in);
        return readSized(in);
    }

    private static byte[] readSized(ByteBuffer in) {
        byte[] out = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(out);
        return out;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * tpm2_nvcertify against both sides: a range and the digest form, signed by a primary key, with
     * the owner's and the index's authorization, and the refusals. The attestations carry the
     * clock, so afterwards each side's TPMS_ATTEST files are compared with the clock masked.
     */
    @Test
    void tpm2NvcertifyGivesTheSameResults(@TempDir Path dir) throws Exception {
        List<String> files = List.of("range.attest", "whole.attest", "index.attest");
        Tpm2ToolsObjectsDifferentialTest.compareTools(dir, Tpm2ToolsObjectsDifferentialTest.withFlushes(List.of(
                List.of("tpm2_createprimary", "-C", "o", "-G", "rsa2048:rsassa-sha256:null", "-a",
                        "fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign|noda", "-c", "FILE:signer.ctx"),
                List.of("tpm2_nvdefine", "0x1500020", "-C", "o", "-s", "32", "-a",
                        "ownerread|ownerwrite|authread|authwrite", "-p", "secret"),
                List.of("tpm2_nvcertify", "-C", "FILE:signer.ctx", "-c", "o", "-g", "sha256", "-o",
                        "FILE:unwritten.sig", "--attestation", "FILE:unwritten.attest", "--size", "8", "0x1500020",
                        "EXIT-ONLY"),
                List.of("tpm2_nvwrite", "0x1500020", "-C", "o", "-i", "MESSAGE"),
                List.of("tpm2_nvcertify", "-C", "FILE:signer.ctx", "-c", "o", "-g", "sha256", "-o",
                        "FILE:range.sig", "--attestation", "FILE:range.attest", "-q", NONCE, "--size", "8",
                        "--offset", "2", "0x1500020", "EXIT-ONLY"),
                List.of("tpm2_nvcertify", "-C", "FILE:signer.ctx", "-c", "o", "-g", "sha256", "-o",
                        "FILE:whole.sig", "--attestation", "FILE:whole.attest", "--size", "0", "0x1500020",
                        "EXIT-ONLY"),
                List.of("tpm2_nvcertify", "-C", "FILE:signer.ctx", "-c", "0x1500020", "-p", "secret", "-g",
                        "sha256", "-o", "FILE:index.sig", "--attestation", "FILE:index.attest", "--size", "16",
                        "0x1500020", "EXIT-ONLY"),
                List.of("tpm2_nvcertify", "-C", "FILE:signer.ctx", "-c", "0x1500020", "-p", "wrong", "-g",
                        "sha256", "-o", "FILE:wrong.sig", "--attestation", "FILE:wrong.attest", "--size", "16",
                        "0x1500020", "EXIT-ONLY"),
                List.of("tpm2_nvcertify", "-C", "FILE:signer.ctx", "-c", "o", "-g", "sha256", "-o",
                        "FILE:range2.sig", "--attestation", "FILE:range2.attest", "--size", "30", "--offset", "3",
                        "0x1500020", "EXIT-ONLY"),
                List.of("tpm2_nvundefine", "0x1500020", "-C", "o"))));
        Path c = dir.resolve("files-previous");
        Path java = dir.resolve("files");
        for (String file : files) {
            assertThat(Files.exists(c.resolve(file))).as("C wrote %s", file).isTrue();
            assertThat(TestBytes.hex(AttestationDifferentialTest.maskClock(Files.readAllBytes(java.resolve(file)))))
                    .as(file).isEqualTo(TestBytes.hex(AttestationDifferentialTest.maskClock(
                            Files.readAllBytes(c.resolve(file)))));
        }
    }
}
