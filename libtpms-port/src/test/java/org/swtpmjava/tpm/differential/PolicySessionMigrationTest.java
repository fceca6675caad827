package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.PolicyConditionsDifferentialTest.changeOwnerAuth;
import static org.swtpmjava.tpm.differential.PolicyOrSignedAuthorizeDifferentialTest.digest;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.POLICY;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.TRIAL;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.policySessionAuth;
import static org.swtpmjava.tpm.differential.PolicySecretDifferentialTest.start;
import static org.swtpmjava.tpm.differential.SwtpmPolicyDifferentialTest.getDigest;
import static org.swtpmjava.tpm.differential.SwtpmPolicyDifferentialTest.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TestBytes;

/**
 * Policy sessions in the middle of a policy moving with a suspended TPM: the cpHash, template
 * hash, physical-presence and NV-written flags and the timeout libtpms keeps in its SESSION
 * (volatile blob) are read and written back byte for byte by the engine (C's blob → engine →
 * the same bytes), and a state suspended by either emulator resumes in the other with the same
 * answers.
 */
class PolicySessionMigrationTest {
    private static final String PERMALL = "tpm2-00.permall";
    private static final String VOLATILE = "tpm2-00.volatilestate";
    private static final String CP_HASH = TestBytes.hex(SessionClient.digest(SessionClient.SHA256,
            TestBytes.hex("00000129 40000001 0000")));

    /** The two policy sessions left in the TPM. */
    private record Prepared(int cpHashSession, int flagsSession) {
    }

    private static Prepared prepare(Transcript t) {
        t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
        int trial = start(t, "StartAuthSession trial", TRIAL).handle();
        t.send("trial PolicyCpHash", policy(0x16E, trial, sized(CP_HASH)));
        String ownerPolicy = digest(t.send("trial digest", getDigest(trial)));
        t.send("owner policy", SwtpmHierarchyDifferentialTest.policy("40000001", PW, ownerPolicy, 0xB));
        t.send("FlushContext trial", flush(trial));
        int p = start(t, "StartAuthSession cpHash session", POLICY).handle();
        t.send("PolicyCpHash", policy(0x16E, p, sized(CP_HASH)));
        int q = start(t, "StartAuthSession flags session", POLICY).handle();
        t.send("PolicyTemplate", policy(0x190, q, sized("11".repeat(32))));
        t.send("PolicyPhysicalPresence", policy(0x187, q, ""));
        t.send("PolicyNvWritten", policy(0x18F, q, "01"));
        t.send("PolicySecret(owner), expiration 100000 s", PolicySecretDifferentialTest.policySecret(0x40000001, PW,
                q, "", "", "", 100000));
        return new Prepared(p, q);
    }

    private static void afterResume(Transcript t, Prepared p) {
        t.send("HierarchyChangeAuth, another command than the cpHash's", changeOwnerAuth(
                policySessionAuth(p.cpHashSession()), "abcd"));
        t.send("HierarchyChangeAuth, the cpHash's command", changeOwnerAuth(policySessionAuth(p.cpHashSession()),
                ""));
        t.send("flags session digest", getDigest(p.flagsSession()));
        t.send("PolicyTemplate other template", policy(0x190, p.flagsSession(), sized("12".repeat(32))));
        t.send("PolicyNvWritten NO", policy(0x18F, p.flagsSession(), "00"));
        t.send("PolicyCpHash in the flags session", policy(0x16E, p.flagsSession(), sized(CP_HASH)));
    }

    @Test
    void cStateResumesInTheEngine() throws Exception {
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        Prepared prepared;
        byte[] cVolatile;
        List<Transcript.Step> reference;
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            prepared = prepare(new Transcript(c));
            assertThat(c.storeVolatile()).isZero();
            byte[] cPermall = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            cVolatile = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(VOLATILE)));
            javaStorage.put(StateBlobType.PERMANENT, cPermall);
            javaStorage.put(StateBlobType.VOLATILE, cVolatile);
            c.restartProcess();
            Transcript t = new Transcript(c);
            afterResume(t, prepared);
            reference = t.steps();
        }
        List<Transcript.Step> actual;
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), javaStorage)) {
            SwtpmVolatileDifferentialTest.assertSameBytesButHostClock(java.engine().volatileState(), cVolatile);
            Transcript t = new Transcript(java);
            afterResume(t, prepared);
            actual = t.steps();
        }
        assertSameAnswers(reference, actual);
    }

    @Test
    void engineStateResumesInC() throws Exception {
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        Prepared prepared;
        List<Transcript.Step> reference;
        byte[] javaPermall;
        byte[] javaVolatile;
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), javaStorage)) {
            prepared = prepare(new Transcript(java));
            assertThat(java.storeVolatile()).isZero();
            javaPermall = javaStorage.load(StateBlobType.PERMANENT).orElseThrow();
            javaVolatile = javaStorage.load(StateBlobType.VOLATILE).orElseThrow();
            java.restartProcess();
            Transcript t = new Transcript(java);
            afterResume(t, prepared);
            reference = t.steps();
        }
        Path dir = Files.createTempDirectory("swtpm-java-policy-sessions");
        Files.write(dir.resolve(PERMALL), SwtpmPermallDifferentialTest.outerFile(javaPermall));
        Files.write(dir.resolve(VOLATILE), SwtpmPermallDifferentialTest.outerFile(javaVolatile));
        List<Transcript.Step> actual;
        try (SwtpmProcess c = SwtpmProcess.startIn(dir)) {
            Transcript t = new Transcript(c);
            afterResume(t, prepared);
            actual = t.steps();
        }
        assertSameAnswers(reference, actual);
    }

    private static void assertSameAnswers(List<Transcript.Step> reference, List<Transcript.Step> actual) {
        if (Boolean.getBoolean("differential.verbose")) {
            reference.forEach(step -> System.out.println(step.label() + " -> " + step.answer()));
        }
        assertThat(actual).extracting(Transcript.Step::label)
                .containsExactlyElementsOf(reference.stream().map(Transcript.Step::label).toList());
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < reference.size(); i++) {
            softly.assertThat(actual.get(i).answer()).as("step %d: %s", i, reference.get(i).label())
                    .isEqualTo(reference.get(i).answer());
        }
        softly.assertAll();
    }
}
