package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.ObjectContextDifferentialTest.contextLoad;
import static org.swtpmjava.tpm.differential.ObjectContextDifferentialTest.contextSave;
import static org.swtpmjava.tpm.differential.ObjectContextDifferentialTest.savedContext;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.SessionClient.CONTINUE;
import static org.swtpmjava.tpm.differential.SessionClient.NULL;
import static org.swtpmjava.tpm.differential.SessionClient.SHA256;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.HMAC;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.OWNER;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.POLICY;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.RH_NULL;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.sized;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EntropySource;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.differential.SessionClient.Session;
import org.swtpmjava.tpm.differential.SessionClient.Use;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsVolatileCodec;

/**
 * Saved sessions moving with a suspended TPM (what a VM migration with the kernel's resource
 * manager does): the volatile state holds only their contextArray entries and the contextCounter,
 * the contexts stay with the caller. C's state with saved sessions resumed by the engine, the
 * engine's by C; both must then answer as the emulator that wrote the state, restarted on it:
 * the saved handles, the contexts loading, the sessions going on (HMAC verified, policy digest),
 * and a session context saved again byte for byte. The engine writes C's volatile bytes back.
 */
class SessionContextMigrationTest {
    private static final String PERMALL = "tpm2-00.permall";
    private static final String VOLATILE = "tpm2-00.volatilestate";
    private static final int HIERARCHY_CHANGE_AUTH = 0x129;
    private static final UnaryOperator<byte[]> CONTEXT_HEADER = response -> TestBytes.responseCode(response) != 0
            ? response : Arrays.copyOf(response, 10 + 8 + 4 + 4 + 2);

    /** The sessions and contexts the suspended TPM leaves to its caller. */
    private record Prepared(Session hmac, Session policy, Session loaded, String hmacContext, String policyContext) {
        Prepared copy() {
            return new Prepared(hmac.copy(), policy.copy(), loaded.copy(), hmacContext, policyContext);
        }
    }

    private static Prepared prepare(Transcript t, SessionClient client) {
        t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
        Session hmac = client.start(t, "HMAC session", RH_NULL, "", HMAC, NULL, 0, SHA256, 16);
        client.send(t, "HMAC session used", HIERARCHY_CHANGE_AUTH, new int[] {OWNER}, sized(""), false,
                Use.hmac(hmac, CONTINUE, ""));
        Session policy = client.start(t, "policy session", RH_NULL, "", POLICY, NULL, 0, SHA256, 16);
        t.send("PolicyCommandCode", command(NO_SESSIONS, 0x16C, String.format("%08x%08x", policy.handle,
                HIERARCHY_CHANGE_AUTH)));
        Session loaded = client.start(t, "HMAC session left loaded", RH_NULL, "", HMAC, NULL, 0, SHA256, 16);
        String hmacContext = savedContext(t.send("ContextSave HMAC", contextSave(hmac.handle)));
        String policyContext = savedContext(t.send("ContextSave policy", contextSave(policy.handle)));
        return new Prepared(hmac, policy, loaded, hmacContext, policyContext);
    }

    private static void afterResume(Transcript t, SessionClient client, Prepared p) {
        t.send("saved handles", getCapability(1, 0x03000000L, 8));
        t.send("loaded handles", getCapability(1, 0x02000000L, 8));
        t.send("session counts", getCapability(6, 0x203, 4));
        t.send("ContextSave of the loaded session", contextSave(p.loaded().handle));
        t.send("ContextLoad HMAC", contextLoad(p.hmacContext()));
        client.send(t, "HMAC session goes on", HIERARCHY_CHANGE_AUTH, new int[] {OWNER}, sized(""), false,
                Use.hmac(p.hmac(), CONTINUE, ""));
        t.send("ContextLoad policy", contextLoad(p.policyContext()));
        t.send("PolicyGetDigest", command(NO_SESSIONS, 0x189, String.format("%08x", p.policy().handle)));
        t.send("ContextSave policy again", contextSave(p.policy().handle), CONTEXT_HEADER);
        t.send("ContextLoad policy replayed", contextLoad(p.policyContext()));
        t.send("FlushContext of the policy session", flush(p.policy().handle));
        t.send("saved handles at the end", getCapability(1, 0x03000000L, 8));
    }

    @Test
    void cStateWithSavedSessionsResumesInTheEngine() throws Exception {
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        Prepared forJava;
        byte[] cVolatile;
        List<Transcript.Step> reference;
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            SessionClient client = new SessionClient();
            Prepared prepared = prepare(new Transcript(c), client);
            assertThat(c.storeVolatile()).isZero();
            forJava = prepared.copy();
            byte[] cPermall = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            cVolatile = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(VOLATILE)));
            javaStorage.put(StateBlobType.PERMANENT, cPermall);
            javaStorage.put(StateBlobType.VOLATILE, cVolatile);
            c.restartProcess();
            Transcript t = new Transcript(c);
            afterResume(t, client, prepared);
            reference = t.steps();
        }
        List<Transcript.Step> actual;
        try (JavaTpm java = new JavaTpm(entropy(), javaStorage)) {
            // the engine writes C's volatile bytes back (but the host clock), oldest saved session included
            SwtpmVolatileDifferentialTest.assertSameBytesButHostClock(java.engine().volatileState(), cVolatile);
            Transcript t = new Transcript(java);
            afterResume(t, new SessionClient(), forJava);
            actual = t.steps();
        }
        DifferentialRunner.assertSameAnswers("", reference, actual);
    }

    @Test
    void engineStateWithSavedSessionsResumesInC() throws Exception {
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        Prepared forC;
        byte[] javaPermall;
        byte[] javaVolatile;
        List<Transcript.Step> reference;
        try (JavaTpm java = new JavaTpm(entropy(), javaStorage)) {
            SessionClient client = new SessionClient();
            Prepared prepared = prepare(new Transcript(java), client);
            assertThat(java.storeVolatile()).isZero();
            forC = prepared.copy();
            javaPermall = javaStorage.load(StateBlobType.PERMANENT).orElseThrow();
            javaVolatile = javaStorage.load(StateBlobType.VOLATILE).orElseThrow();
            java.restartProcess();
            Transcript t = new Transcript(java);
            afterResume(t, client, prepared);
            reference = t.steps();
        }
        assertThat(LibtpmsVolatileCodec.isVolatileState(javaVolatile)).isTrue();
        Path dir = Files.createTempDirectory("swtpm-java-sessions");
        Files.write(dir.resolve(PERMALL), SwtpmPermallDifferentialTest.outerFile(javaPermall));
        Files.write(dir.resolve(VOLATILE), SwtpmPermallDifferentialTest.outerFile(javaVolatile));
        List<Transcript.Step> actual;
        try (SwtpmProcess c = SwtpmProcess.startIn(dir)) {
            Transcript t = new Transcript(c);
            afterResume(t, new SessionClient(), forC);
            actual = t.steps();
        }
        DifferentialRunner.assertSameAnswers("", reference, actual);
    }

    private static EntropySource entropy() {
        SecureRandom random = new SecureRandom();
        return random::nextBytes;
    }
}
