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
import static org.swtpmjava.tpm.differential.ObjectTemplates.PLATFORM;
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
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_Quote, TPM2_Certify, TPM2_CertifyCreation and TPM2_GetTime against libtpms with the same
 * primary keys on both sides (fixed entropy). The attestation structure is compared byte for byte
 * but for the clock's low three bytes and GetTime's time (they run with each host clock):
 * magic, type, qualified signer, extraData, resetCount / restartCount / firmwareVersion (obfuscated
 * for owner and null-hierarchy signers, plain for endorsement and platform ones) and the attested
 * member. Since the clock is signed, signatures differ even for RSASSA and HMAC: each side's
 * signature is verified by both sides with TPM2_VerifySignature over the hash of that side's
 * structure. Errors are compared byte for byte.
 */
class AttestationDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int SESSIONS = 0x8002;
    private static final int FIRST = 0x80000000;
    private static final int NO_DA_SIGNING = 0x00040472;
    private static final int NO_DA_RESTRICTED_SIGNING = 0x00050472;
    private static final String RSASSA_KEY = rsa(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "0014 000b", 2048, 0, "");
    private static final String AK_RSA = rsa(0xB, NO_DA_RESTRICTED_SIGNING, "", NO_SYMMETRIC, "0014 000b", 2048, 0,
            "");
    private static final String RSA_ANY_KEY = rsa(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "0010", 2048, 0, "");
    private static final String ECDSA_KEY = ecc(0xB, NO_DA_RESTRICTED_SIGNING, "", NO_SYMMETRIC, "0018 000b", 0x3,
            "", "");
    private static final String HMAC_KEY = keyedHash(0xB, NO_DA_SIGNING, "", "0005 000b", "");
    private static final String NONCE = "0011223344556677";
    private static final String PCRS_0_1_2 = "00000001 000b 03 070000";
    private static final String NULL_SCHEME = "0010";

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static byte[] quote(int signHandle, String session, String data, String scheme, String pcrs) {
        return command(SESSIONS, 0x158, String.format("%08x", signHandle) + sessions(session) + sized(data)
                + scheme.replace(" ", "") + pcrs.replace(" ", ""));
    }

    static byte[] quote(int signHandle, String scheme, String pcrs) {
        return quote(signHandle, PW, NONCE, scheme, pcrs);
    }

    static byte[] certify(int objectHandle, int signHandle, String objectSession, String data, String scheme) {
        return command(SESSIONS, 0x148, String.format("%08x%08x", objectHandle, signHandle)
                + sessions(objectSession, PW) + sized(data) + scheme.replace(" ", ""));
    }

    static byte[] certifyCreation(int signHandle, int objectHandle, String data, String creationHash, String scheme,
                                  String ticket) {
        return command(SESSIONS, 0x14A, String.format("%08x%08x", signHandle, objectHandle) + sessions(PW)
                + sized(data) + sized(creationHash) + scheme.replace(" ", "") + ticket.replace(" ", ""));
    }

    static byte[] getTime(String privacyHandle, int signHandle, String privacySession, String data, String scheme) {
        return command(SESSIONS, 0x14C, privacyHandle + String.format("%08x", signHandle)
                + sessions(privacySession, PW) + sized(data) + scheme.replace(" ", ""));
    }

    @Test
    void attestationStructuresAndErrorsMatch() {
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload); JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            TpmUnderTest[] sides = {swtpm, engine};
            same(sides, command(NO_SESSIONS, 0x144, "0000"));
            // the algorithms still to be self-tested, before and after the attestations
            same(sides, command(NO_SESSIONS, 0x142, "00000000"));
            same(sides, command(SESSIONS, 0x182, "00000001" + sessions(PW)
                    + "00000001 000b".replace(" ", "") + "ab".repeat(32)));
            byte[] created = same(sides, createPrimary(OWNER, RSASSA_KEY));
            assertThat(TestBytes.responseCode(created)).isZero();
            String[] creation = creationHashAndTicket(created);
            assertThat(TestBytes.responseCode(same(sides, createPrimary(ENDORSEMENT, AK_RSA)))).isZero();

            int owner = FIRST;
            int ak = FIRST + 1;
            int third = FIRST + 2;
            attest(sides, quote(owner, NULL_SCHEME, PCRS_0_1_2), owner);
            attest(sides, quote(ak, NULL_SCHEME, PCRS_0_1_2), ak);
            attest(sides, quote(ak, "0014 000b", PCRS_0_1_2), ak);
            attest(sides, quote(ak, PW, "", NULL_SCHEME, "00000002 000b 03 ff0f00 0004 03 010000"), ak);
            attest(sides, quote(ak, NULL_SCHEME, "00000001 000c 03 070000"), ak);
            attest(sides, quote(ak, NULL_SCHEME, "00000000"), ak);
            attest(sides, quote(ak, PW, "ee".repeat(66), NULL_SCHEME, PCRS_0_1_2), ak);
            same(sides, quote(ak, PW, "ee".repeat(67), NULL_SCHEME, PCRS_0_1_2));
            same(sides, quote(ak, "0016 000b", PCRS_0_1_2));
            same(sides, quote(ak, "0014 000c", PCRS_0_1_2));
            same(sides, quote(ak, "0018 000b", PCRS_0_1_2));
            same(sides, quote(ak, NULL_SCHEME, "00000001 000b 05 0700000000"));
            same(sides, quote(ak, NULL_SCHEME, "00000001 0099 03 070000"));
            same(sides, quote(ak, NULL_SCHEME, "00000011"));
            same(sides, quote(0x40000007, NULL_SCHEME, PCRS_0_1_2));
            same(sides, quote(0x40000007, "0014 000b", PCRS_0_1_2));
            same(sides, quote(ak, password(0, "01"), NONCE, NULL_SCHEME, PCRS_0_1_2));
            same(sides, quote(FIRST + 2, NULL_SCHEME, PCRS_0_1_2));
            same(sides, command(NO_SESSIONS, 0x158, String.format("%08x", ak) + sized(NONCE) + NULL_SCHEME
                    + PCRS_0_1_2.replace(" ", "")));

            attest(sides, certify(ak, owner, PW, NONCE, NULL_SCHEME), owner);
            attest(sides, certify(owner, ak, PW, "", NULL_SCHEME), ak);
            attest(sides, certify(owner, owner, PW, NONCE, "0014 000b"), owner);
            attest(sides, certify(ak, 0x40000007, PW, NONCE, NULL_SCHEME), 0);
            attest(sides, certify(ak, 0x40000007, PW, NONCE, "0014 000b"), 0);
            same(sides, certify(ak, owner, password(0, "01"), NONCE, NULL_SCHEME));
            same(sides, certify(ak, owner, PW, "ee".repeat(67), NULL_SCHEME));
            same(sides, certify(ak, owner, PW, NONCE, "0016 000b"));
            same(sides, certify(0x40000001, owner, PW, NONCE, NULL_SCHEME));
            same(sides, certify(FIRST + 2, owner, PW, NONCE, NULL_SCHEME));

            attest(sides, certifyCreation(owner, owner, NONCE, creation[0], NULL_SCHEME, creation[1]), owner);
            attest(sides, certifyCreation(0x40000007, owner, NONCE, creation[0], NULL_SCHEME, creation[1]), 0);
            attest(sides, certifyCreation(ak, owner, "", creation[0], NULL_SCHEME, creation[1]), ak);
            same(sides, certifyCreation(owner, ak, NONCE, creation[0], NULL_SCHEME, creation[1]));
            same(sides, certifyCreation(owner, owner, NONCE, "00" + creation[0].substring(2), NULL_SCHEME,
                    creation[1]));
            same(sides, certifyCreation(owner, owner, NONCE, creation[0], NULL_SCHEME,
                    "8021 40000001 0040" + zeros(64)));
            same(sides, certifyCreation(owner, owner, NONCE, creation[0], NULL_SCHEME,
                    creation[1].replaceFirst("^802140000001", "80214000000b")));
            same(sides, certifyCreation(owner, owner, NONCE, creation[0], NULL_SCHEME,
                    creation[1].replaceFirst("^8021", "8024")));
            same(sides, certifyCreation(owner, owner, NONCE, creation[0], NULL_SCHEME,
                    creation[1].replaceFirst("^802140000001", "80214000000a")));
            same(sides, certifyCreation(owner, owner, NONCE, creation[0], "0016 000b", creation[1]));

            attest(sides, getTime(ENDORSEMENT, owner, PW, NONCE, NULL_SCHEME), owner);
            attest(sides, getTime(ENDORSEMENT, ak, PW, NONCE, NULL_SCHEME), ak);
            attest(sides, getTime(ENDORSEMENT, 0x40000007, PW, NONCE, NULL_SCHEME), 0);
            same(sides, getTime(OWNER, owner, PW, NONCE, NULL_SCHEME));
            same(sides, getTime(PLATFORM, owner, PW, NONCE, NULL_SCHEME));
            same(sides, getTime(ENDORSEMENT, owner, password(0, "01"), NONCE, NULL_SCHEME));
            same(sides, getTime(ENDORSEMENT, owner, PW, "ee".repeat(67), NULL_SCHEME));

            same(sides, createPrimary(OWNER, HMAC_KEY));
            attest(sides, quote(third, NULL_SCHEME, PCRS_0_1_2), third);
            attest(sides, certify(owner, third, PW, NONCE, "0005 000b"), third);
            same(sides, quote(third, "0014 000b", PCRS_0_1_2));
            same(sides, flush(third));
            same(sides, createPrimary(NULL, ECDSA_KEY));
            attest(sides, quote(third, NULL_SCHEME, PCRS_0_1_2), third);
            attest(sides, getTime(ENDORSEMENT, third, PW, "", "0018 000b"), third);
            same(sides, flush(third));
            same(sides, createPrimary(NULL, ecc(0xB, NO_DA_SIGNING, "", NO_SYMMETRIC, "001a 000b 0000", 0x10, "",
                    "")));
            // ECDAA is anonymous: no qualified signer or Names, qualifyingData hashed with the structure
            same(sides, quote(third, NULL_SCHEME, PCRS_0_1_2));
            for (int count = 0; count < 3; count++) {
                byte[] commit = same(sides, EccAsymmetricDifferentialTest.commit(third, "0004 0000 0000", "", ""));
                assertThat(TestBytes.responseCode(commit)).isZero();
                String scheme = "001a 000b " + TestBytes.hex(Arrays.copyOfRange(commit, commit.length - 7,
                        commit.length - 5));
                if (count == 0) {
                    attest(sides, quote(third, scheme, PCRS_0_1_2), -1);
                    same(sides, quote(third, scheme, PCRS_0_1_2));
                } else if (count == 1) {
                    attest(sides, certify(owner, third, PW, NONCE, scheme), -1);
                } else {
                    attest(sides, getTime(ENDORSEMENT, third, PW, NONCE, scheme), -1);
                }
            }
            same(sides, flush(third));
            same(sides, createPrimary(PLATFORM, RSA_ANY_KEY));
            same(sides, quote(third, NULL_SCHEME, PCRS_0_1_2));
            attest(sides, quote(third, "0014 000c", PCRS_0_1_2), third);
            attest(sides, quote(third, PW, NONCE, "0016 000b", PCRS_0_1_2), third);
            same(sides, quote(third, "0018 000b", PCRS_0_1_2));
            same(sides, flush(third));
            same(sides, createPrimary(OWNER, rsa(0xB, 0x00020472, "", NO_SYMMETRIC, "0010", 2048, 0, "")));
            same(sides, quote(third, NULL_SCHEME, PCRS_0_1_2));
            same(sides, certify(owner, third, PW, NONCE, NULL_SCHEME));
            same(sides, flush(third));
            same(sides, createPrimary(OWNER, symCipher(0xB, 0x00060472, AES128_CFB, "")));
            same(sides, quote(third, NULL_SCHEME, PCRS_0_1_2));
            same(sides, flush(third));
            same(sides, createPrimary(OWNER, rsa(0xB, NO_DA_SIGNING | 1 << 19, "", NO_SYMMETRIC, "0014 000b", 2048, 0,
                    "")));
            attest(sides, quote(third, NULL_SCHEME, PCRS_0_1_2), third);
            same(sides, flush(third));
            same(sides, SwtpmSequenceDifferentialTest.start("", 0xB));
            same(sides, quote(third, NULL_SCHEME, PCRS_0_1_2));
            same(sides, getTime(ENDORSEMENT, third, PW, NONCE, NULL_SCHEME));
            // a sequence object's Name is the empty buffer
            attest(sides, certify(third, owner, PW, NONCE, NULL_SCHEME), owner);
            attest(sides, certify(third, 0x40000007, PW, "", NULL_SCHEME), 0);
            same(sides, certifyCreation(owner, third, NONCE, creation[0], NULL_SCHEME, creation[1]));
            same(sides, flush(third));
            same(sides, command(NO_SESSIONS, 0x142, "00000000"));
            // the privacy administrator's hierarchy disabled; the endorsement-hierarchy AK flushed with it
            same(sides, command(SESSIONS, 0x121, PLATFORM + sessions(PW) + ENDORSEMENT + "00"));
            same(sides, getTime(ENDORSEMENT, 0x40000007, PW, NONCE, NULL_SCHEME));
            same(sides, quote(ak, NULL_SCHEME, PCRS_0_1_2));
            attest(sides, quote(owner, NULL_SCHEME, PCRS_0_1_2), owner);
        }
    }

    /**
     * A signed attestation reveals the clock, so it clears the orderly state of a Shutdown(STATE)
     * (NvClearOrderly) and the following Startup(STATE) is refused; an unsigned one does not.
     */
    @Test
    void signedAttestationEndsTheOrderlyState() {
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload); JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            TpmUnderTest[] sides = {swtpm, engine};
            same(sides, command(NO_SESSIONS, 0x144, "0000"));
            for (int signHandle : new int[] {0x40000007, FIRST}) {
                // transient objects do not survive a Startup
                assertThat(TestBytes.responseCode(same(sides, createPrimary(OWNER, RSASSA_KEY)))).isZero();
                assertThat(TestBytes.responseCode(same(sides, command(NO_SESSIONS, 0x145, "0001")))).isZero();
                attest(sides, certify(FIRST, signHandle, PW, NONCE, NULL_SCHEME), signHandle == FIRST ? FIRST : 0);
                for (TpmUnderTest side : sides) {
                    assertThat(side.init()).isZero();
                }
                byte[] startup = same(sides, command(NO_SESSIONS, 0x144, "0001"));
                assertThat(TestBytes.responseCode(startup) == 0).isEqualTo(signHandle != FIRST);
                if (TestBytes.responseCode(startup) != 0) {
                    same(sides, command(NO_SESSIONS, 0x144, "0000"));
                }
            }
        }
    }

    /** The creationHash (TPM2B contents) and TPMT_TK_CREATION of a CreatePrimary response. */
    private static String[] creationHashAndTicket(byte[] response) {
        ByteBuffer in = ByteBuffer.wrap(response, 18, response.length - 18);
        skipSized(in);
        skipSized(in);
        byte[] hash = readSized(in);
        int ticketStart = in.position();
        in.position(in.position() + 6);
        skipSized(in);
        byte[] ticket = Arrays.copyOfRange(response, ticketStart, in.position());
        return new String[] {TestBytes.hex(hash), TestBytes.hex(ticket)};
    }

    private static void skipSized(ByteBuffer in) {
        int size = Short.toUnsignedInt(in.getShort());
        in.position(in.position() + size);
    }

    private static byte[] readSized(ByteBuffer in) {
        byte[] out = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(out);
        return out;
    }

    /**
     * Sends an attestation command to both sides: the codes must be equal, the TPMS_ATTEST equal
     * but for the clock ticks, the signature schemes equal, and each side's signature must verify
     * on both sides with {@code verifyKey} (0: unsigned; -1: ECDAA, which TPM2_VerifySignature
     * refuses, so only the scheme is compared).
     */
    static void attest(TpmUnderTest[] sides, byte[] command, int verifyKey) {
        byte[][] responses = {sides[0].command(command), sides[1].command(command)};
        assertThat(TestBytes.responseCode(responses[0])).as("C answers %s", TestBytes.hex(command)).isZero();
        assertThat(TestBytes.responseCode(responses[1])).as("code for %s", TestBytes.hex(command)).isZero();
        byte[][] attests = new byte[2][];
        byte[][] signatures = new byte[2][];
        for (int i = 0; i < 2; i++) {
            ByteBuffer in = ByteBuffer.wrap(responses[i]);
            int parameterSize = in.getInt(10);
            in.position(14);
            attests[i] = readSized(in);
            signatures[i] = Arrays.copyOfRange(responses[i], in.position(), 14 + parameterSize);
            // then one password session's response (nonce, attributes, hmac) per handle with authorization
            assertThat((responses[i].length - 14 - parameterSize) % 5).isZero();
        }
        assertThat(TestBytes.hex(maskClock(attests[1]))).as("TPMS_ATTEST of %s", TestBytes.hex(command))
                .isEqualTo(TestBytes.hex(maskClock(attests[0])));
        assertThat(TestBytes.hex(Arrays.copyOf(signatures[1], 4))).as("signature scheme")
                .isEqualTo(TestBytes.hex(Arrays.copyOf(signatures[0], 4)));
        if (verifyKey == 0) {
            assertThat(TestBytes.hex(signatures[1])).isEqualTo("0010");
            assertThat(TestBytes.hex(signatures[0])).isEqualTo("0010");
            return;
        }
        if (verifyKey == -1) {
            return;
        }
        int hashAlg = ByteBuffer.wrap(signatures[0]).getShort(2);
        for (int i = 0; i < 2; i++) {
            String digest = TestBytes.hex(hash(hashAlg, attests[i]));
            byte[] verified = same(sides, command(NO_SESSIONS, 0x177, String.format("%08x", verifyKey)
                    + sized(digest) + TestBytes.hex(signatures[i])));
            assertThat(TestBytes.responseCode(verified)).as("verify the signature of side %d", i).isZero();
        }
    }

    private static byte[] hash(int hashAlg, byte[] data) {
        String name = hashAlg == 0x4 ? "SHA-1" : hashAlg == 0xB ? "SHA-256" : hashAlg == 0xC ? "SHA-384" : "SHA-512";
        try {
            return MessageDigest.getInstance(name).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * TPMS_ATTEST with the low three bytes of clock (and for TPMS_TIME_ATTEST_INFO the time and
     * the low three bytes of its clock) replaced: they follow each host's clock.
     */
    static byte[] maskClock(byte[] attest) {
        byte[] out = attest.clone();
        ByteBuffer in = ByteBuffer.wrap(out);
        int type = Short.toUnsignedInt(in.getShort(4));
        in.position(6);
        skipSized(in);
        skipSized(in);
        int clock = in.position();
        Arrays.fill(out, clock + 5, clock + 8, (byte) 0xEE);
        if (type == 0x8019) {
            int attested = clock + 17 + 8;
            Arrays.fill(out, attested, attested + 8, (byte) 0xEE);
            Arrays.fill(out, attested + 8 + 5, attested + 16, (byte) 0xEE);
        }
        return out;
    }

    static byte[] same(TpmUnderTest[] sides, byte[] command) {
        byte[] reference = sides[0].command(command);
        assertThat(TestBytes.hex(sides[1].command(command))).as("%s", TestBytes.hex(command))
                .isEqualTo(TestBytes.hex(reference));
        return reference;
    }
}
