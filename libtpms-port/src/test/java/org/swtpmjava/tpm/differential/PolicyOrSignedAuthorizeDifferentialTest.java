package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.CredentialDifferentialTest.flip;
import static org.swtpmjava.tpm.differential.CredentialDifferentialTest.nameOf;
import static org.swtpmjava.tpm.differential.ObjectCreateLoadDifferentialTest.sign;
import static org.swtpmjava.tpm.differential.ObjectCreateLoadDifferentialTest.unseal;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.FIRST;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.MASK_TICKET;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.POLICY;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.TRIAL;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.policySessionAuth;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.policyTicket;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.start;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.timeoutAndTicket;
import static org.swtpmjava.tpm.differential.SwtpmPolicyDifferentialTest.getDigest;
import static org.swtpmjava.tpm.differential.SwtpmPolicyDifferentialTest.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.Started;

/**
 * TPM2_PolicyOR, TPM2_PolicySigned (HMAC and RSASSA signatures made by the TPM itself over aHash,
 * tickets given to PolicyTicket) and TPM2_PolicyAuthorize (with VerifySignature's ticket) against
 * the C swtpm with the same entropy: digests, error codes, and Unseal of sealed objects whose
 * policy is a PolicyOR or a PolicyAuthorize.
 */
class PolicyOrSignedAuthorizeDifferentialTest {
    /** fixedTPM, fixedParent, noDA: sealed data usable only with a policy. */
    private static final int SEALED_POLICY_ONLY = 0x00000412;
    /** fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, noDA, sign. */
    private static final int SIGNING = 0x00040472;
    private static final String HMAC_KEY = keyedHash(0xB, SIGNING, "", "0005 000b", "");
    private static final String RSASSA_KEY = ObjectTemplates.rsa(0xB, SIGNING, "", ObjectTemplates.NO_SYMMETRIC,
            "0014 000b", 2048, 0, "");
    private static final String SECRET = "5365616c6564";

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static byte[] policyOr(int session, String... digests) {
        StringBuilder list = new StringBuilder(String.format("%08x", digests.length));
        for (String digest : digests) {
            list.append(sized(digest));
        }
        return policy(0x171, session, list.toString());
    }

    /** The policyDigest (hex) of a PolicyGetDigest response. */
    static String digest(byte[] response) {
        assertThat(TestBytes.responseCode(response)).isZero();
        return TestBytes.hex(Arrays.copyOfRange(response, 12, response.length));
    }

    static byte[] sealedPrimary(String policy) {
        return createPrimary(OWNER, PW, "", SECRET, keyedHash(0xB, SEALED_POLICY_ONLY, policy, "0010", ""), "",
                "00000000");
    }

    /** The TPMT_SIGNATURE (hex) of a TPM2_Sign response with one password session. */
    static String signature(byte[] response) {
        assertThat(TestBytes.responseCode(response)).as(TestBytes.hex(response)).isZero();
        return TestBytes.hex(Arrays.copyOfRange(response, 14, response.length - 5));
    }

    static byte[] policySigned(int authObject, int session, String nonce, String cpHash, String policyRef,
                               int expiration, String signature) {
        return command(NO_SESSIONS, 0x160, String.format("%08x%08x", authObject, session) + sized(nonce)
                + sized(cpHash) + sized(policyRef) + String.format("%08x", expiration) + signature);
    }

    static String aHash(String nonce, int expiration, String cpHash, String policyRef) {
        return TestBytes.hex(SessionClient.digest(SessionClient.SHA256, TestBytes.hex(nonce),
                TestBytes.hex(String.format("%08x", expiration)), TestBytes.hex(cpHash), TestBytes.hex(policyRef)));
    }

    @Test
    void policyOrAuthorizesUnseal() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            Started trial = start(t, "StartAuthSession trial", TRIAL);
            t.send("trial PolicyCommandCode(Unseal)", policy(0x16C, trial.handle(), "0000015e"));
            String unsealBranch = digest(t.send("trial digest", getDigest(trial.handle())));
            String otherBranch = "22".repeat(32);
            t.send("trial PolicyOR of one digest", policyOr(trial.handle(), unsealBranch));
            t.send("trial PolicyOR of nine digests", policyOr(trial.handle(), "00", "01", "02", "03", "04", "05",
                    "06", "07", "08"));
            t.send("trial PolicyOR of no digest", policy(0x171, trial.handle(), "00000000"));
            t.send("trial PolicyOR digest too long", policyOr(trial.handle(), "00".repeat(65), "01"));
            t.send("trial PolicyOR, digests not in the list", policyOr(trial.handle(), otherBranch, "33"));
            String anyOr = digest(t.send("trial digest", getDigest(trial.handle())));
            t.record("OR of odd sizes", anyOr);
            t.send("PolicyRestart trial", policy(0x180, trial.handle(), ""));
            t.send("trial PolicyOR of eight", policyOr(trial.handle(), "00", "01", "02", "03", "04", "05", "06",
                    "07"));
            t.send("trial digest", getDigest(trial.handle()));
            t.send("PolicyRestart trial", policy(0x180, trial.handle(), ""));
            t.send("trial PolicyOR(unseal branch, other)", policyOr(trial.handle(), unsealBranch, otherBranch));
            String orPolicy = digest(t.send("trial digest", getDigest(trial.handle())));
            t.send("CreatePrimary sealed data with the OR policy", sealedPrimary(orPolicy));

            Started p = start(t, "StartAuthSession policy", POLICY);
            int h = p.handle();
            t.send("PolicyOR: zero digest not in the list", policyOr(h, unsealBranch, otherBranch));
            t.send("PolicyCommandCode(Unseal)", policy(0x16C, h, "0000015e"));
            t.send("PolicyOR, the current digest second", policyOr(h, otherBranch, unsealBranch));
            t.send("digest: differs from the object's", getDigest(h));
            t.send("Unseal: policy digest differs", unseal(FIRST, policySessionAuth(h)));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyCommandCode(Unseal)", policy(0x16C, h, "0000015e"));
            t.send("PolicyOR", policyOr(h, unsealBranch, otherBranch));
            t.send("digest", getDigest(h));
            t.send("Unseal with the OR branch", unseal(FIRST, policySessionAuth(h)));
            t.send("Unseal again: the policy was reset", unseal(FIRST, policySessionAuth(h)));
            t.send("PolicyOR other digest size", policyOr(h, "00".repeat(20), "00".repeat(32)));
            t.send("digest", getDigest(h));
            t.send("Unseal with a password", unseal(FIRST, PW));
        }, FixedEntropy::new, preload);
    }

    @Test
    void policySignedWithHmacAndRsaKeys() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary HMAC key", createPrimary(OWNER, HMAC_KEY));
            t.send("CreatePrimary RSASSA key", createPrimary(OWNER, RSASSA_KEY));
            int hmacKey = FIRST;
            int rsaKey = FIRST + 1;
            Started trial = start(t, "StartAuthSession trial", TRIAL);
            t.send("trial PolicySigned, garbage signature", policySigned(hmacKey, trial.handle(), "", "", "aa01", 0,
                    "0005 000b" + "00".repeat(32)));
            t.send("trial PolicySigned, negative expiration: no ticket", policySigned(rsaKey, trial.handle(), "", "",
                    "", -1, "0005 000b" + "00".repeat(32)));
            t.send("trial digest", getDigest(trial.handle()));

            Started p = start(t, "StartAuthSession policy", POLICY);
            int h = p.handle();
            String hmacSignature = signature(t.send("Sign aHash with the HMAC key",
                    sign(hmacKey, PW, aHash(p.nonce(), 0, "", "aa01"))));
            t.send("PolicySigned HMAC", policySigned(hmacKey, h, p.nonce(), "", "aa01", 0, hmacSignature));
            t.send("digest", getDigest(h));
            t.send("PolicySigned HMAC, other policyRef", policySigned(hmacKey, h, p.nonce(), "", "aa02", 0,
                    hmacSignature));
            t.send("PolicySigned HMAC, flipped signature", policySigned(hmacKey, h, p.nonce(), "", "aa01", 0,
                    flip(hmacSignature, 10)));
            t.send("PolicySigned HMAC signature with the RSA key", policySigned(rsaKey, h, p.nonce(), "", "aa01", 0,
                    hmacSignature));
            t.send("PolicySigned wrong nonce", policySigned(hmacKey, h, flip(p.nonce(), 3), "", "aa01", 0,
                    hmacSignature));
            t.send("PolicySigned SHA-1 HMAC signature", policySigned(hmacKey, h, p.nonce(), "", "aa01", 0,
                    "0005 0004" + "00".repeat(20)));
            t.send("PolicySigned null signature", policySigned(hmacKey, h, p.nonce(), "", "aa01", 0, "0010"));
            t.send("PolicySigned absent key", policySigned(FIRST + 2, h, p.nonce(), "", "aa01", 0, hmacSignature));
            t.send("digest", getDigest(h));

            String rsaSignature = signature(t.send("Sign aHash with the RSASSA key",
                    sign(rsaKey, PW, aHash(p.nonce(), -30, "44".repeat(32), ""))));
            byte[] ticketResponse = t.send("PolicySigned RSASSA, expiration -30 (ticket)", policySigned(rsaKey, h,
                    p.nonce(), "44".repeat(32), "", -30, rsaSignature), MASK_TICKET);
            String[] ticket = timeoutAndTicket(ticketResponse);
            t.send("digest", getDigest(h));
            String rsaName = nameOf(t.send("ReadPublic RSASSA key", readPublic(rsaKey)));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyTicket (signed ticket)", policyTicket(h, ticket[0], "44".repeat(32), "", rsaName,
                    ticket[1]));
            t.send("digest", getDigest(h));
            t.send("PolicyTicket as a secret ticket", policyTicket(h, ticket[0], "44".repeat(32), "", rsaName,
                    "8023" + ticket[1].substring(4)));
            t.send("CreatePrimary RSA key without a scheme", createPrimary(OWNER, ObjectTemplates.rsa(0xB, SIGNING, "",
                    ObjectTemplates.NO_SYMMETRIC, "0010", 2048, 0, "")));
            // RSAPSS salts are random (OpenSSL's in libtpms): only the code is compared
            byte[] pss = t.send("Sign aHash RSAPSS", command(DifferentialCommands.SESSIONS, 0x15D,
                    String.format("%08x", FIRST + 2) + DifferentialCommands.sessions(PW)
                            + sized(aHash(p.nonce(), 0, "", "")) + "0016000b" + "8024400000070000"),
                    response -> Arrays.copyOf(response, 10));
            t.send("PolicySigned RSAPSS", policySigned(FIRST + 2, h, p.nonce(), "", "", 0, signature(pss)));
            t.send("PolicySigned RSAPSS signature for the RSASSA key", policySigned(rsaKey, h, p.nonce(), "", "", 0,
                    signature(pss)));
            t.send("digest", getDigest(h));
            t.send("FlushContext HMAC key", flush(hmacKey));
            t.send("PolicySigned with a flushed key", policySigned(hmacKey, h, p.nonce(), "", "aa01", 0,
                    hmacSignature));
            t.send("CreatePrimary ECDSA P-256 key", createPrimary(OWNER, ObjectTemplates.ecc(0xB, SIGNING, "",
                    ObjectTemplates.NO_SYMMETRIC, "0018 000b", 0x3, "", "")));
            // ECDSA nonces are OpenSSL's in libtpms: only the code of Sign is compared
            byte[] ecdsa = t.send("Sign aHash ECDSA", sign(FIRST, PW, aHash(p.nonce(), 0, "", "aa03")),
                    response -> Arrays.copyOf(response, 10));
            t.send("PolicySigned ECDSA", policySigned(FIRST, h, p.nonce(), "", "aa03", 0, signature(ecdsa)));
            t.send("PolicySigned ECDSA, other policyRef", policySigned(FIRST, h, p.nonce(), "", "aa04", 0,
                    signature(ecdsa)));
            t.send("PolicySigned ECDSA signature with the RSA key", policySigned(rsaKey, h, p.nonce(), "", "aa03", 0,
                    signature(ecdsa)));
            t.send("digest", getDigest(h));
            t.send("FlushContext ECDSA key", flush(FIRST));
            t.send("HashSequenceStart", SwtpmSequenceDifferentialTest.start("", 0xB));
            t.send("trial PolicySigned with a sequence object", policySigned(FIRST, trial.handle(), "", "", "", 0,
                    hmacSignature));
            t.send("trial digest", getDigest(trial.handle()));
            t.send("PolicySigned with a sequence object", policySigned(FIRST, h, p.nonce(), "", "aa01", 0,
                    hmacSignature));
            t.send("GetTestResult", command(NO_SESSIONS, 0x17C, ""));
        }, FixedEntropy::new, preload);
    }

    @Test
    void policyAuthorizeWithAVerifiedTicket() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary RSASSA key", createPrimary(OWNER, RSASSA_KEY));
            int key = FIRST;
            String keyName = nameOf(t.send("ReadPublic key", readPublic(key)));
            Started trial = start(t, "StartAuthSession trial", TRIAL);
            t.send("trial PolicyCommandCode(Unseal)", policy(0x16C, trial.handle(), "0000015e"));
            String approved = digest(t.send("trial digest", getDigest(trial.handle())));
            t.send("trial PolicyAuthorize with no ticket", policy(0x16A, trial.handle(), sized(approved)
                    + sized("aa01") + sized(keyName) + "8022 40000007 0000"));
            String authorizePolicy = digest(t.send("trial digest", getDigest(trial.handle())));
            t.send("trial PolicyAuthorize, name of an unknown hash", policy(0x16A, trial.handle(), sized(approved)
                    + sized("aa01") + sized("0099" + keyName.substring(4)) + "8022 40000007 0000"));
            t.send("trial PolicyAuthorize, name of a wrong size", policy(0x16A, trial.handle(), sized(approved)
                    + sized("aa01") + sized(keyName.substring(0, 44)) + "8022 40000007 0000"));
            t.send("trial PolicyAuthorize, wrong ticket tag", policy(0x16A, trial.handle(), sized(approved)
                    + sized("aa01") + sized(keyName) + "8021 40000007 0000"));
            t.send("CreatePrimary sealed data with the authorize policy", sealedPrimary(authorizePolicy));

            String aHash = TestBytes.hex(SessionClient.digest(SessionClient.SHA256, TestBytes.hex(approved),
                    TestBytes.hex("aa01")));
            String signature = signature(t.send("Sign aHash", sign(key, PW, aHash)));
            byte[] verified = t.send("VerifySignature", command(NO_SESSIONS, 0x177, String.format("%08x", key)
                    + sized(aHash) + signature));
            String ticket = TestBytes.hex(Arrays.copyOfRange(verified, 10, verified.length));

            Started p = start(t, "StartAuthSession policy", POLICY);
            int h = p.handle();
            t.send("PolicyAuthorize: digest is not the approved policy", policy(0x16A, h, sized(approved)
                    + sized("aa01") + sized(keyName) + ticket));
            t.send("PolicyCommandCode(Unseal)", policy(0x16C, h, "0000015e"));
            t.send("PolicyAuthorize: flipped ticket", policy(0x16A, h, sized(approved) + sized("aa01")
                    + sized(keyName) + flip(ticket, 10)));
            t.send("PolicyAuthorize: other policyRef", policy(0x16A, h, sized(approved) + sized("aa02")
                    + sized(keyName) + ticket));
            t.send("PolicyAuthorize: owner ticket named for the null hierarchy", policy(0x16A, h, sized(approved)
                    + sized("aa01") + sized(keyName) + "8022 40000007" + ticket.substring(12)));
            t.send("PolicyAuthorize", policy(0x16A, h, sized(approved) + sized("aa01") + sized(keyName) + ticket));
            t.send("digest", getDigest(h));
            t.send("Unseal with the authorized policy", unseal(FIRST + 1, policySessionAuth(h)));
            t.send("PolicyAuthorize after the reset", policy(0x16A, h, sized(approved) + sized("aa01")
                    + sized(keyName) + ticket));
        }, FixedEntropy::new, preload);
    }
}
