package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.CredentialDifferentialTest.nameOf;
import static org.swtpmjava.tpm.differential.ObjectCreateLoadDifferentialTest.create;
import static org.swtpmjava.tpm.differential.ObjectCreateLoadDifferentialTest.load;
import static org.swtpmjava.tpm.differential.ObjectCreateLoadDifferentialTest.privateAndPublic;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.PolicyOrSignedAuthorizeDifferentialTest.digest;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.FIRST;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.POLICY;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.TRIAL;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.policySessionAuth;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.start;
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
 * TPM2_PolicyCpHash, PolicyNameHash, PolicyTemplate, PolicyDuplicationSelect,
 * PolicyPhysicalPresence, PolicyNvWritten and PolicyCounterTimer against the C swtpm with the same
 * entropy: digests of trial sessions, the checks and codes of each command and of their
 * combinations (the cpHash / nameHash / template slot they share), and what authorization makes
 * of them: HierarchyChangeAuth and CreatePrimary under an owner policy, Duplicate to the one
 * selected parent.
 */
class PolicyConditionsDifferentialTest {
    private static final String CHANGE_AUTH_EMPTY_CP_HASH = TestBytes.hex(SessionClient.digest(SessionClient.SHA256,
            TestBytes.hex("00000129 40000001 0000")));
    private static final String OWNER_NAME_HASH = TestBytes.hex(SessionClient.digest(SessionClient.SHA256,
            TestBytes.hex("40000001")));
    private static final String TEMPLATE = ObjectTemplates.SRK_ECC_TOOLS;
    private static final String TEMPLATE_HASH = TestBytes.hex(SessionClient.digest(SessionClient.SHA256,
            TestBytes.hex(TEMPLATE)));

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static byte[] changeOwnerAuth(String session, String newAuth) {
        return command(DifferentialCommands.SESSIONS, 0x129, "40000001" + DifferentialCommands.sessions(session)
                + sized(newAuth));
    }

    static byte[] counterTimer(int session, String operandB, int offset, int operation) {
        return policy(0x16D, session, sized(operandB) + String.format("%04x%04x", offset, operation));
    }

    static byte[] duplicationSelect(int session, String objectName, String newParentName, int includeObject) {
        return policy(0x188, session, sized(objectName) + sized(newParentName) + String.format("%02x", includeObject));
    }

    /** The trial digest of {@code assertion}, then the owner's policy set to it. */
    private static void ownerPolicy(Transcript t, String label, int trial, byte[] assertion) {
        t.send("PolicyRestart trial", policy(0x180, trial, ""));
        t.send("trial " + label, assertion);
        String digest = digest(t.send("trial digest " + label, getDigest(trial)));
        t.send("owner policy: " + label, SwtpmHierarchyDifferentialTest.policy("40000001", PW, digest, 0xB));
    }

    @Test
    void assertionsInTrialSessions() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            int h = start(t, "StartAuthSession trial", TRIAL).handle();
            t.send("PolicyCpHash of 20 bytes", policy(0x16E, h, sized("11".repeat(20))));
            t.send("PolicyCpHash", policy(0x16E, h, sized("11".repeat(32))));
            t.send("PolicyCpHash same", policy(0x16E, h, sized("11".repeat(32))));
            t.send("PolicyCpHash other", policy(0x16E, h, sized("12".repeat(32))));
            t.send("PolicyNameHash after PolicyCpHash", policy(0x170, h, sized("11".repeat(32))));
            t.send("PolicyTemplate after PolicyCpHash", policy(0x190, h, sized("11".repeat(32))));
            t.send("PolicyDuplicationSelect after PolicyCpHash", duplicationSelect(h, "", "", 0));
            t.send("digest", getDigest(h));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyNameHash of 48 bytes", policy(0x170, h, sized("11".repeat(48))));
            t.send("PolicyNameHash", policy(0x170, h, sized("11".repeat(32))));
            t.send("PolicyNameHash again", policy(0x170, h, sized("11".repeat(32))));
            t.send("PolicyCpHash after PolicyNameHash", policy(0x16E, h, sized("11".repeat(32))));
            t.send("PolicyTemplate after PolicyNameHash", policy(0x190, h, sized("11".repeat(32))));
            t.send("digest", getDigest(h));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyTemplate of 20 bytes", policy(0x190, h, sized("11".repeat(20))));
            t.send("PolicyTemplate", policy(0x190, h, sized("11".repeat(32))));
            t.send("PolicyTemplate same", policy(0x190, h, sized("11".repeat(32))));
            t.send("PolicyTemplate other", policy(0x190, h, sized("12".repeat(32))));
            t.send("PolicyTemplate other of 20 bytes", policy(0x190, h, sized("12".repeat(20))));
            t.send("PolicyCpHash after PolicyTemplate", policy(0x16E, h, sized("11".repeat(32))));
            t.send("PolicyNameHash after PolicyTemplate", policy(0x170, h, sized("11".repeat(32))));
            t.send("digest", getDigest(h));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyDuplicationSelect, includeObject", duplicationSelect(h, "000b" + "aa".repeat(32),
                    "000b" + "bb".repeat(32), 1));
            t.send("digest", getDigest(h));
            t.send("PolicyDuplicationSelect again", duplicationSelect(h, "", "", 0));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyDuplicationSelect, includeObject NO", duplicationSelect(h, "000b" + "aa".repeat(32),
                    "000b" + "bb".repeat(32), 0));
            t.send("digest", getDigest(h));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyDuplicationSelect includeObject 2", duplicationSelect(h, "", "", 2));
            t.send("PolicyDuplicationSelect name of 69 bytes", duplicationSelect(h, "00".repeat(69), "", 0));
            t.send("PolicyCommandCode(Unseal)", policy(0x16C, h, "0000015e"));
            t.send("PolicyDuplicationSelect after PolicyCommandCode", duplicationSelect(h, "", "", 0));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyPhysicalPresence", policy(0x187, h, ""));
            t.send("PolicyNvWritten YES", policy(0x18F, h, "01"));
            t.send("PolicyNvWritten YES again", policy(0x18F, h, "01"));
            t.send("PolicyNvWritten NO", policy(0x18F, h, "00"));
            t.send("PolicyNvWritten 2", policy(0x18F, h, "02"));
            t.send("digest", getDigest(h));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyNvWritten NO after a restart", policy(0x18F, h, "00"));
            t.send("PolicyCounterTimer time > 0 (not checked in a trial)", counterTimer(h, "00", 7, 3));
            t.send("PolicyCounterTimer offset 25, empty operand", counterTimer(h, "", 25, 0));
            t.send("PolicyCounterTimer offset 25, one byte", counterTimer(h, "01", 25, 0));
            t.send("PolicyCounterTimer offset 26", counterTimer(h, "", 26, 0));
            t.send("PolicyCounterTimer operation 0x0C", counterTimer(h, "01", 24, 0xC));
            t.send("PolicyCounterTimer operand of 65 bytes", counterTimer(h, "00".repeat(65), 0, 0));
            t.send("PolicyCounterTimer each operation", counterTimer(h, "0102", 20, 0xB));
            t.send("digest", getDigest(h));
        }, FixedEntropy::new, preload);
    }

    @Test
    void assertionsAuthorizingCommands() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            int trial = start(t, "StartAuthSession trial", TRIAL).handle();
            Started p = start(t, "StartAuthSession policy", POLICY);
            int h = p.handle();

            ownerPolicy(t, "PolicyCpHash(HierarchyChangeAuth to empty)", trial,
                    policy(0x16E, trial, sized(CHANGE_AUTH_EMPTY_CP_HASH)));
            t.send("PolicyCpHash", policy(0x16E, h, sized(CHANGE_AUTH_EMPTY_CP_HASH)));
            t.send("HierarchyChangeAuth another newAuth", changeOwnerAuth(policySessionAuth(h), "abcd"));
            t.send("HierarchyChangeAuth the cpHash's command", changeOwnerAuth(policySessionAuth(h), ""));
            t.send("PolicySecret(owner) with that cpHash", PolicySecretDifferentialTest.policySecret(0x40000001, PW, h,
                    "", CHANGE_AUTH_EMPTY_CP_HASH, "", 0));
            t.send("PolicyCpHash after PolicySecret's cpHash", policy(0x16E, h, sized(CHANGE_AUTH_EMPTY_CP_HASH)));
            t.send("PolicyRestart", policy(0x180, h, ""));

            ownerPolicy(t, "PolicyNameHash(owner)", trial, policy(0x170, trial, sized(OWNER_NAME_HASH)));
            t.send("PolicyNameHash", policy(0x170, h, sized(OWNER_NAME_HASH)));
            t.send("HierarchyChangeAuth with the owner's nameHash", changeOwnerAuth(policySessionAuth(h), ""));

            ownerPolicy(t, "PolicyTemplate", trial, policy(0x190, trial, sized(TEMPLATE_HASH)));
            t.send("PolicyTemplate", policy(0x190, h, sized(TEMPLATE_HASH)));
            t.send("CreatePrimary of another template", createPrimary(OWNER, policySessionAuth(h), "", "",
                    ObjectTemplates.SRK_RSA_TOOLS, "", "00000000"));
            t.send("HierarchyChangeAuth with a template policy", changeOwnerAuth(policySessionAuth(h), ""));
            t.send("CreatePrimary of the template", createPrimary(OWNER, policySessionAuth(h), "", "", TEMPLATE, "",
                    "00000000"));
            t.send("PolicyTemplate", policy(0x190, h, sized(TEMPLATE_HASH)));
            t.send("CreatePrimary of the template again", createPrimary(OWNER, policySessionAuth(h), "", "",
                    TEMPLATE, "", "00000000"));
            t.send("FlushContext", flush(FIRST));
            t.send("FlushContext", flush(FIRST + 1));

            ownerPolicy(t, "PolicyPhysicalPresence", trial, policy(0x187, trial, ""));
            t.send("PolicyPhysicalPresence", policy(0x187, h, ""));
            t.send("HierarchyChangeAuth needing physical presence", changeOwnerAuth(policySessionAuth(h), ""));
            t.send("PolicyRestart", policy(0x180, h, ""));

            ownerPolicy(t, "PolicyNvWritten(YES)", trial, policy(0x18F, trial, "01"));
            t.send("PolicyNvWritten(YES)", policy(0x18F, h, "01"));
            t.send("HierarchyChangeAuth with PolicyNvWritten", changeOwnerAuth(policySessionAuth(h), ""));
            t.send("PolicyRestart", policy(0x180, h, ""));

            ownerPolicy(t, "PolicyCounterTimer(safe = 1)", trial, counterTimer(trial, "01", 24, 0));
            t.send("PolicyCounterTimer safe = 0", counterTimer(h, "00", 24, 0));
            t.send("PolicyCounterTimer restartCount >= 1", counterTimer(h, "00000001", 20, 7));
            t.send("PolicyCounterTimer restartCount signed < -1", counterTimer(h, "ffffffff", 20, 4));
            t.send("PolicyCounterTimer restartCount bits clear", counterTimer(h, "ffffffff", 20, 0xB));
            t.send("PolicyCounterTimer resetCount bits set", counterTimer(h, "00000000", 16, 0xA));
            t.send("PolicyCounterTimer time bits clear of zero", counterTimer(h, "0000", 0, 0xB));
            t.send("PolicyCounterTimer offset 26", counterTimer(h, "", 26, 0));
            t.send("PolicyCounterTimer beyond the end", counterTimer(h, "0101", 24, 0));
            t.send("digest", getDigest(h));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyCounterTimer safe = 1", counterTimer(h, "01", 24, 0));
            t.send("HierarchyChangeAuth with PolicyCounterTimer", changeOwnerAuth(policySessionAuth(h), ""));
        }, FixedEntropy::new, preload);
    }

    /**
     * What the policy commands keep in the session (cpHash, the physical-presence flag) goes into
     * the volatile blob: after CMD_STORE_VOLATILE and a new process each side
     * still enforces them.
     */
    @Test
    void policyStateSurvivesTheVolatileBlob() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            int trial = start(t, "StartAuthSession trial", TRIAL).handle();
            Started p = start(t, "StartAuthSession policy", POLICY);
            int h = p.handle();
            ownerPolicy(t, "PolicyCpHash(HierarchyChangeAuth to empty)", trial,
                    policy(0x16E, trial, sized(CHANGE_AUTH_EMPTY_CP_HASH)));
            t.send("PolicyCpHash", policy(0x16E, h, sized(CHANGE_AUTH_EMPTY_CP_HASH)));
            t.record("store volatile", t.tpm().storeVolatile());
            t.tpm().restartProcess();
            t.send("HierarchyChangeAuth another newAuth after the restart", changeOwnerAuth(policySessionAuth(h),
                    "abcd"));
            t.send("HierarchyChangeAuth the cpHash's command after the restart",
                    changeOwnerAuth(policySessionAuth(h), ""));
            ownerPolicy(t, "PolicyPhysicalPresence", trial, policy(0x187, trial, ""));
            t.send("PolicyPhysicalPresence", policy(0x187, h, ""));
            t.record("store volatile", t.tpm().storeVolatile());
            t.tpm().restartProcess();
            t.send("digest after the restart", getDigest(h));
            t.send("HierarchyChangeAuth needing physical presence after the restart",
                    changeOwnerAuth(policySessionAuth(h), ""));
        }, FixedEntropy::new, preload);
    }

    /** TPM2_Duplicate authorized by PolicyDuplicationSelect: only to the selected parent, only that object. */
    @Test
    void duplicationSelectAuthorizesDuplicate() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary ECC SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
            t.send("CreatePrimary RSA SRK", createPrimary(OWNER, ObjectTemplates.SRK_RSA_TOOLS));
            String eccSrk = nameOf(t.send("ReadPublic ECC SRK", readPublic(FIRST)));
            String rsaSrk = nameOf(t.send("ReadPublic RSA SRK", readPublic(FIRST + 1)));
            int trial = start(t, "StartAuthSession trial", TRIAL).handle();
            t.send("trial PolicyDuplicationSelect(RSA SRK)", duplicationSelect(trial, "", rsaSrk, 0));
            String policy = digest(t.send("trial digest", getDigest(trial)));
            String template = keyedHash(0xB, 0x00040460, policy, "0005 000b", "");
            String[] blob = privateAndPublic(t.send("Create duplicable HMAC key", create(FIRST, template)));
            t.send("Load", load(FIRST, PW, blob[0], blob[1]));
            String child = nameOf(t.send("ReadPublic child", readPublic(FIRST + 2)));
            Started p = start(t, "StartAuthSession policy", POLICY);
            int h = p.handle();
            t.send("PolicyDuplicationSelect(another object, RSA SRK)", duplicationSelect(h, eccSrk, rsaSrk, 0));
            t.send("Duplicate: nameHash differs", DuplicationDifferentialTest.duplicate(FIRST + 2, FIRST + 1,
                    policySessionAuth(h), "", "0010"));
            t.send("PolicyDuplicationSelect(child, RSA SRK) after a failed command: slot taken",
                    duplicationSelect(h, child, rsaSrk, 0));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyDuplicationSelect(child, RSA SRK)", duplicationSelect(h, child, rsaSrk, 0));
            t.send("Duplicate to the ECC SRK", DuplicationDifferentialTest.duplicate(FIRST + 2, FIRST,
                    policySessionAuth(h), "", "0010"));
            t.send("Duplicate to the ECC SRK (the policy stands)", DuplicationDifferentialTest.duplicate(FIRST + 2,
                    FIRST, policySessionAuth(h), "", "0010"));
            // the encrypted seed for the RSA parent is OAEP-padded with OpenSSL's generator in libtpms
            t.send("Duplicate to the RSA SRK", DuplicationDifferentialTest.duplicate(FIRST + 2, FIRST + 1,
                    policySessionAuth(h), "", "0010"), response -> Arrays.copyOf(response, 10));
            t.send("Duplicate again: the policy was reset", DuplicationDifferentialTest.duplicate(FIRST + 2, FIRST + 1,
                    policySessionAuth(h), "", "0010"));
            t.send("PolicyRestart", policy(0x180, h, ""));
            t.send("PolicyDuplicationSelect(child, RSA SRK), including the object", duplicationSelect(h, child,
                    rsaSrk, 1));
            t.send("Duplicate: digest includes the object", DuplicationDifferentialTest.duplicate(FIRST + 2,
                    FIRST + 1, policySessionAuth(h), "", "0010"));
        }, FixedEntropy::new, preload);
    }
}
