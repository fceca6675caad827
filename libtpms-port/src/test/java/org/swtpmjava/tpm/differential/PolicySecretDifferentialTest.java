package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.CredentialDifferentialTest.activate;
import static org.swtpmjava.tpm.differential.CredentialDifferentialTest.flip;
import static org.swtpmjava.tpm.differential.CredentialDifferentialTest.makeCredential;
import static org.swtpmjava.tpm.differential.CredentialDifferentialTest.maskFrom;
import static org.swtpmjava.tpm.differential.CredentialDifferentialTest.nameOf;
import static org.swtpmjava.tpm.differential.CredentialDifferentialTest.sizedParameters;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.SwtpmPolicyDifferentialTest.getDigest;
import static org.swtpmjava.tpm.differential.SwtpmPolicyDifferentialTest.policy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_PolicySecret and TPM2_PolicyTicket against the C swtpm with the same entropy: policy
 * digests for hierarchies, objects and PCRs, in real and trial sessions; nonceTPM, cpHashA and
 * expiration checks and their codes; the entity's authorization by password, HMAC and policy
 * session (TPM_RC_MODE without PolicyAuthValue/PolicyPassword); TPM_ST_AUTH_SECRET tickets (their
 * timeout and HMAC depend on each side's clock, so they are masked and each side's ticket is
 * given back to the same side's PolicyTicket); and the TCG EK flow: ActivateCredential with an
 * EK made from the TCG template, authorized by PolicySecret(TPM_RH_ENDORSEMENT).
 */
class PolicySecretDifferentialTest {
    static final int NO_SESSIONS = 0x8001;
    static final int FIRST = 0x80000000;
    static final String PW = SwtpmBootDifferentialTest.PW;
    static final int RH_ENDORSEMENT = 0x4000000B;
    static final int RH_OWNER = 0x40000001;
    static final int POLICY = 0x01;
    static final int TRIAL = 0x03;

    static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    /** A started session: its handle and nonceTPM (hex, without size). */
    record Started(int handle, String nonce) {
    }

    /**
     * StartAuthSession, unbound and unsalted, SHA-256, 16-byte nonces; records the response with
     * nonceTPM zeroed (it is random unless both sides have the same entropy).
     */
    static Started start(Transcript t, String label, int type) {
        byte[] response = t.send(label, command(NO_SESSIONS, 0x176, "40000007 40000007 0010" + "00".repeat(16)
                + String.format("0000 %02x 0010 000b", type)), r -> {
                    if (TestBytes.responseCode(r) == 0) {
                        Arrays.fill(r, 16, r.length, (byte) 0);
                    }
                    return r;
                });
        assertThat(TestBytes.responseCode(response)).isZero();
        ByteBuffer buffer = ByteBuffer.wrap(response, 10, response.length - 10);
        int handle = buffer.getInt();
        byte[] nonce = new byte[buffer.getShort() & 0xFFFF];
        buffer.get(nonce);
        return new Started(handle, TestBytes.hex(nonce));
    }

    static byte[] policySecret(int authHandle, String session, int policySession, String nonce, String cpHash,
                               String policyRef, int expiration) {
        return command(DifferentialCommands.SESSIONS, 0x151, String.format("%08x%08x", authHandle, policySession)
                + DifferentialCommands.sessions(session) + sized(nonce) + sized(cpHash) + sized(policyRef)
                + String.format("%08x", expiration));
    }

    static String policySessionAuth(int handle) {
        return String.format("%08x 0000 01 0000", handle);
    }

    /**
     * Zeroes the timeout and the ticket's HMAC of a PolicySigned/PolicySecret response,
     * which depend on the side's clock; sizes, tag and hierarchy stay.
     */
    static final UnaryOperator<byte[]> MASK_TICKET = response -> {
        if (TestBytes.responseCode(response) != 0) {
            return response;
        }
        ByteBuffer buffer = ByteBuffer.wrap(response);
        buffer.position(parametersAt(response));
        int timeoutSize = buffer.getShort() & 0xFFFF;
        Arrays.fill(response, buffer.position(), buffer.position() + timeoutSize, (byte) 0);
        buffer.position(buffer.position() + timeoutSize + 6);
        int digestSize = buffer.getShort() & 0xFFFF;
        Arrays.fill(response, buffer.position(), buffer.position() + digestSize, (byte) 0);
        return response;
    };

    /** Where the response parameters start: after parameterSize in a TPM_ST_SESSIONS response. */
    private static int parametersAt(byte[] response) {
        return response[0] == (byte) 0x80 && response[1] == 0x02 ? 14 : 10;
    }

    /** The timeout (TPM2B) and ticket (TPMT_TK_AUTH) of a successful PolicySigned/PolicySecret response, in hex. */
    static String[] timeoutAndTicket(byte[] response) {
        assertThat(TestBytes.responseCode(response)).as(TestBytes.hex(response)).isZero();
        int start = parametersAt(response);
        ByteBuffer buffer = ByteBuffer.wrap(response);
        buffer.position(start);
        int timeoutSize = buffer.getShort() & 0xFFFF;
        String timeout = TestBytes.hex(Arrays.copyOfRange(response, start, start + 2 + timeoutSize));
        buffer.position(start + 2 + timeoutSize + 6);
        int digestSize = buffer.getShort() & 0xFFFF;
        String ticket = TestBytes.hex(Arrays.copyOfRange(response, start + 2 + timeoutSize,
                buffer.position() + digestSize));
        return new String[] {timeout, ticket};
    }

    static byte[] policyTicket(int session, String timeout2b, String cpHash, String policyRef, String authName,
                               String ticket) {
        return policy(0x172, session, timeout2b + sized(cpHash) + sized(policyRef) + sized(authName) + ticket);
    }

    @Test
    void policySecretAndTickets() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            Started trial = start(t, "StartAuthSession trial", TRIAL);
            t.send("trial PolicySecret(endorsement)", policySecret(RH_ENDORSEMENT, PW, trial.handle(), "", "", "", 0));
            t.send("trial digest: the TCG EK policy", getDigest(trial.handle()));
            t.send("trial PolicySecret, any nonce, cpHash and negative expiration: no ticket",
                    policySecret(RH_OWNER, PW, trial.handle(), "0102", "77".repeat(32), "abcd", -5));
            t.send("trial PolicySecret, cpHash of a wrong size is not checked",
                    policySecret(RH_OWNER, PW, trial.handle(), "", "77".repeat(20), "", 0));
            t.send("trial digest", getDigest(trial.handle()));

            Started p = start(t, "StartAuthSession policy", POLICY);
            int h = p.handle();
            t.send("PolicySecret(endorsement) with nonceTPM", policySecret(RH_ENDORSEMENT, PW, h, p.nonce(), "", "", 0));
            t.send("digest", getDigest(h));
            t.send("PolicySecret wrong nonceTPM", policySecret(RH_ENDORSEMENT, PW, h, flip(p.nonce(), 0), "", "", 0));
            t.send("PolicySecret nonceTPM too long", policySecret(RH_ENDORSEMENT, PW, h, "00".repeat(65), "", "", 0));
            t.send("PolicySecret cpHashA of 20 bytes", policySecret(RH_OWNER, PW, h, "", "11".repeat(20), "", 0));
            t.send("PolicySecret cpHashA", policySecret(RH_OWNER, PW, h, "", "11".repeat(32), "0102", 0));
            t.send("PolicySecret same cpHashA", policySecret(RH_OWNER, PW, h, "", "11".repeat(32), "", 0));
            t.send("PolicySecret other cpHashA", policySecret(RH_OWNER, PW, h, "", "22".repeat(32), "", 0));
            t.send("PolicyCpHash other cpHash", policy(0x16E, h, sized("22".repeat(32))));
            t.send("PolicyNameHash after a cpHash", policy(0x170, h, sized("22".repeat(32))));
            t.send("digest", getDigest(h));
            t.send("PolicySecret(RH_NULL)", policySecret(0x40000007, PW, h, "", "", "", 0));
            t.send("PolicySecret(lockout) wrong password", policySecret(0x4000000A,
                    DifferentialCommands.password(0, "01"), h, "", "", "", 0));
            t.send("PolicySecret(platform)", policySecret(0x4000000C, PW, h, "", "", "", 0));
            t.send("PolicySecret(PCR 16)", policySecret(16, PW, h, "", "", "", 0));
            t.send("PolicySecret(absent object)", policySecret(FIRST, PW, h, "", "", "", 0));
            t.send("PolicySecret on an HMAC session handle", policySecret(RH_OWNER, PW, 0x02000000 | (h & 0xFFFFFF),
                    "", "", "", 0));
            t.send("digest", getDigest(h));

            t.send("PolicyRestart", policy(0x180, h, ""));
            byte[] withNonce = t.send("PolicySecret expiration -60 with nonceTPM (ticket)",
                    policySecret(RH_ENDORSEMENT, PW, h, p.nonce(), "", "aa01", -60), MASK_TICKET);
            String[] ticket1 = timeoutAndTicket(withNonce);
            byte[] withoutNonce = t.send("PolicySecret expiration INT32_MIN without nonceTPM (ticket)",
                    policySecret(RH_OWNER, PW, h, "", "33".repeat(32), "", Integer.MIN_VALUE), MASK_TICKET);
            String[] ticket2 = timeoutAndTicket(withoutNonce);
            t.send("PolicySecret expiration 100 (no ticket)", policySecret(0x4000000C, PW, h, p.nonce(), "", "", 100));
            t.send("digest", getDigest(h));

            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyTicket (endorsement ticket)", policyTicket(h, ticket1[0], "", "aa01", "4000000b",
                    ticket1[1]));
            t.send("PolicyTicket (owner ticket, expires on reset)", policyTicket(h, ticket2[0], "33".repeat(32), "",
                    "40000001", ticket2[1]));
            t.send("digest", getDigest(h));
            t.send("PolicyTicket wrong policyRef", policyTicket(h, ticket1[0], "", "aa02", "4000000b", ticket1[1]));
            t.send("PolicyTicket wrong name", policyTicket(h, ticket1[0], "", "aa01", "40000001", ticket1[1]));
            t.send("PolicyTicket flipped ticket", policyTicket(h, ticket1[0], "", "aa01", "4000000b",
                    flip(ticket1[1], ticket1[1].length() / 2 - 1)));
            t.send("PolicyTicket 4-byte timeout", policyTicket(h, "000400000001", "", "aa01", "4000000b", ticket1[1]));
            t.send("PolicyTicket 9-byte timeout", policyTicket(h, "0009" + "00".repeat(9), "", "aa01", "4000000b",
                    ticket1[1]));
            t.send("PolicyTicket bad tag", policyTicket(h, ticket1[0], "", "aa01", "4000000b",
                    "8024" + ticket1[1].substring(4)));
            t.send("PolicyTicket bad hierarchy", policyTicket(h, ticket1[0], "", "aa01", "4000000b",
                    ticket1[1].substring(0, 4) + "4000000a" + ticket1[1].substring(12)));
            t.send("PolicyTicket other cpHash", policyTicket(h, ticket2[0], "44".repeat(32), "", "40000001",
                    ticket2[1]));
            t.send("PolicyTicket zero timeout", policyTicket(h, "0008" + "00".repeat(8), "", "aa01", "4000000b",
                    ticket1[1]));
            t.send("PolicyTicket in a trial session", policyTicket(trial.handle(), ticket1[0], "", "aa01", "4000000b",
                    ticket1[1]));
            t.send("digest", getDigest(h));

            t.send("CreatePrimary RSA SRK", createPrimary(OWNER, ObjectTemplates.SRK_RSA_TOOLS));
            String srkName = nameOf(t.send("ReadPublic SRK", readPublic(FIRST)));
            t.record("SRK name", srkName);
            t.send("PolicyRestart", policy(0x180, h, ""));
            byte[] objectTicket = t.send("PolicySecret(SRK) expiration -1 without nonce", policySecret(FIRST, PW, h,
                    "", "", "", -1), MASK_TICKET);
            String[] ticket3 = timeoutAndTicket(objectTicket);
            t.send("digest", getDigest(h));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyTicket (SRK ticket)", policyTicket(h, ticket3[0], "", "", srkName, ticket3[1]));
            t.send("digest", getDigest(h));
            t.send("PolicySecret(SRK) wrong password", policySecret(FIRST, DifferentialCommands.password(0, "aa"), h,
                    "", "", "", 0));

            // authorization of authHandle by a policy session: TPM_RC_MODE without PolicyAuthValue
            t.send("FlushContext trial", ObjectTemplates.flush(trial.handle()));
            Started trial2 = start(t, "StartAuthSession trial 2", TRIAL);
            t.send("trial2 PolicyAuthValue", policy(0x16B, trial2.handle(), ""));
            byte[] authValuePolicy = t.send("trial2 digest", getDigest(trial2.handle()));
            t.send("owner policy: PolicyAuthValue", SwtpmHierarchyDifferentialTest.policy("40000001", PW,
                    TestBytes.hex(Arrays.copyOfRange(authValuePolicy, 12, authValuePolicy.length)), 0xB));
            Started auth = start(t, "StartAuthSession policy for the owner", POLICY);
            t.send("PolicySecret(owner) by a policy session without PolicyAuthValue", policySecret(RH_OWNER,
                    policySessionAuth(auth.handle()), h, "", "", "", 0));
            t.send("PolicyPassword", policy(0x18C, auth.handle(), ""));
            t.send("PolicySecret(owner) by a policy session after PolicyPassword (the same digest as PolicyAuthValue)", policySecret(RH_OWNER,
                    policySessionAuth(auth.handle()), h, "", "", "", 0));
            t.send("PolicyRestart auth", policy(0x180, auth.handle(), ""));
            t.send("PolicyAuthValue", policy(0x16B, auth.handle(), ""));
            t.send("PolicySecret(owner) by a policy session with PolicyAuthValue (empty authValue)",
                    policySecret(RH_OWNER, policySessionAuth(auth.handle()), h, "", "", "", 0));
            t.send("digest", getDigest(h));
            t.send("PolicySecret(endorsement) by a trial session", policySecret(RH_ENDORSEMENT,
                    policySessionAuth(trial2.handle()), h, "", "", "", 0));
            t.send("GetRandom (DRBG in step)", command(NO_SESSIONS, 0x17B, "0010"));
        }, FixedEntropy::new, preload);
    }

    @Test
    void policySecretWithHmacSessions() {
        SwtpmBootDifferentialTest.compare(t -> {
            SessionClient client = new SessionClient();
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("endorsement auth", SwtpmBootDifferentialTest.changeAuth(RH_ENDORSEMENT, PW, "e1e2"));
            Started trial = start(t, "StartAuthSession trial", TRIAL);
            SessionClient.Session hmac = client.start(t, "HMAC session", 0x40000007, "", 0x00, SessionClient.NULL, 0,
                    SessionClient.SHA256, 16);
            byte[] parameters = TestBytes.hex(sized("") + sized("") + sized("abcd") + "00000000");
            client.send(t, "PolicySecret(endorsement) with an HMAC session", 0x151,
                    new int[] {RH_ENDORSEMENT, trial.handle()}, parameters, false,
                    SessionClient.Use.hmac(hmac, SessionClient.CONTINUE, "e1e2"));
            client.send(t, "PolicySecret(endorsement) wrong HMAC", 0x151, new int[] {RH_ENDORSEMENT, trial.handle()},
                    parameters, false, SessionClient.Use.hmac(hmac, SessionClient.CONTINUE, "e1e3"));
            t.send("FlushContext HMAC session", ObjectTemplates.flush(hmac.handle));
            SessionClient.Session aes = client.start(t, "HMAC session, AES-128 CFB", 0x40000007, "", 0x00,
                    SessionClient.AES, 128, SessionClient.SHA256, 16);
            Started p = start(t, "StartAuthSession policy", POLICY);
            // nonceTPM (the first parameter) encrypted, the timeout (the first response parameter) too
            client.send(t, "PolicySecret(endorsement) with parameter encryption, expiration -10", 0x151,
                    new int[] {RH_ENDORSEMENT, p.handle()}, TestBytes.hex(sized(p.nonce()) + sized("") + sized("")
                            + "fffffff6"), false, true, SessionClient.Use.hmac(aes, SessionClient.CONTINUE
                            | SessionClient.DECRYPT | SessionClient.ENCRYPT, "e1e2"));
            t.send("digest", getDigest(p.handle()));
            t.send("trial digest", getDigest(trial.handle()));
        });
    }

    /** The TCG EK (RSA and ECC templates) activates a credential with PolicySecret(TPM_RH_ENDORSEMENT). */
    @Test
    void activateCredentialWithTheTcgEk() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            String[] templates = {ObjectTemplates.EK_RSA, ObjectTemplates.EK_ECC};
            for (int k = 0; k < templates.length; k++) {
                String label = k == 0 ? " (RSA EK)" : " (ECC EK)";
                t.send("CreatePrimary EK" + label, createPrimary(ENDORSEMENT, templates[k]));
                t.send("CreatePrimary AK" + label, createPrimary(OWNER, CredentialDifferentialTest.AK));
                String akName = nameOf(t.send("ReadPublic AK" + label, readPublic(FIRST + 1)));
                byte[] made = t.send("MakeCredential" + label, makeCredential(FIRST, "00112233445566778899aabbccddeeff",
                        akName), maskFrom(10, k == 0 ? 1 : 0));
                String[] parts = sizedParameters(made, 10, 2);
                Started p = start(t, "StartAuthSession policy" + label, POLICY);
                t.send("ActivateCredential without the policy" + label, activate(FIRST + 1, FIRST, PW,
                        policySessionAuth(p.handle()), parts[0], parts[1]));
                t.send("PolicySecret(endorsement)" + label, policySecret(RH_ENDORSEMENT, PW, p.handle(), p.nonce(), "",
                        "", 0));
                t.send("ActivateCredential" + label, activate(FIRST + 1, FIRST, PW, policySessionAuth(p.handle()),
                        parts[0], parts[1]));
                t.send("ActivateCredential again: the policy was reset" + label, activate(FIRST + 1, FIRST, PW,
                        policySessionAuth(p.handle()), parts[0], parts[1]));
                t.send("PolicySecret(owner)" + label, policySecret(RH_OWNER, PW, p.handle(), "", "", "", 0));
                t.send("ActivateCredential, owner's secret" + label, activate(FIRST + 1, FIRST, PW,
                        policySessionAuth(p.handle()), parts[0], parts[1]));
                t.send("PolicyRestart" + label, policy(0x180, p.handle(), ""));
                t.send("PolicySecret(endorsement), cpHash of another command" + label, policySecret(RH_ENDORSEMENT,
                        PW, p.handle(), "", "55".repeat(32), "", 0));
                t.send("ActivateCredential, cpHash differs" + label, activate(FIRST + 1, FIRST, PW,
                        policySessionAuth(p.handle()), parts[0], parts[1]));
                t.send("FlushContext session" + label, ObjectTemplates.flush(p.handle()));
                t.send("FlushContext AK" + label, ObjectTemplates.flush(FIRST + 1));
                t.send("FlushContext EK" + label, ObjectTemplates.flush(FIRST));
            }
        }, FixedEntropy::new, preload);
    }
}
