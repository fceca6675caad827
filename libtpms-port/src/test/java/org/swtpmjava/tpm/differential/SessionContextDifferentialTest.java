package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.ObjectContextDifferentialTest.contextLoad;
import static org.swtpmjava.tpm.differential.ObjectContextDifferentialTest.contextSave;
import static org.swtpmjava.tpm.differential.ObjectContextDifferentialTest.savedContext;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.SessionClient.AES;
import static org.swtpmjava.tpm.differential.SessionClient.CONTINUE;
import static org.swtpmjava.tpm.differential.SessionClient.DECRYPT;
import static org.swtpmjava.tpm.differential.SessionClient.NULL;
import static org.swtpmjava.tpm.differential.SessionClient.SHA1;
import static org.swtpmjava.tpm.differential.SessionClient.SHA256;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.HMAC;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.OWNER;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.POLICY;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.RH_NULL;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.TRIAL;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.sized;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.differential.SessionClient.Session;
import org.swtpmjava.tpm.differential.SessionClient.Use;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsPermanentCodec;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsVolatileCodec;

/**
 * TPM2_ContextSave / ContextLoad / FlushContext of HMAC and policy sessions against the C swtpm
 * with the same entropy on both sides (so the null proof that protects session contexts is the
 * same): HMAC session contexts byte for byte (the raw SESSION struct, encrypted), policy session
 * contexts with their header (their startTime is each side's g_time), sessions going on after a
 * reload, replayed, flushed and damaged contexts, the handle lists and counts of GetCapability,
 * handles exhausted by saved sessions, Startup after Shutdown(STATE) and TPM Reset, the volatile
 * state, contexts of one side loaded into the other, and the context gap.
 */
class SessionContextDifferentialTest {
    private static final int HIERARCHY_CHANGE_AUTH = 0x129;
    private static final int[] OWNER_HANDLE = {OWNER};
    /** TPMS_CONTEXT up to the blob's size: sequence, savedHandle, hierarchy, size. */
    private static final UnaryOperator<byte[]> CONTEXT_HEADER = response -> TestBytes.responseCode(response) != 0
            ? response : Arrays.copyOf(response, 10 + 8 + 4 + 4 + 2);

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    private static byte[] startup(int type) {
        return command(NO_SESSIONS, 0x144, String.format("%04x", type));
    }

    private static byte[] shutdown(int type) {
        return command(NO_SESSIONS, 0x145, String.format("%04x", type));
    }

    private static byte[] policyCommandCode(int session, int code) {
        return command(NO_SESSIONS, 0x16C, String.format("%08x%08x", session, code));
    }

    private static byte[] policyAuthValue(int session) {
        return command(NO_SESSIONS, 0x16B, String.format("%08x", session));
    }

    private static byte[] policyGetDigest(int session) {
        return command(NO_SESSIONS, 0x189, String.format("%08x", session));
    }

    private static byte[] handles(long first, int count) {
        return getCapability(1, first, count);
    }

    /** TPM_PT_HR_LOADED, _LOADED_AVAIL, _ACTIVE, _ACTIVE_AVAIL. */
    private static byte[] sessionCounts() {
        return getCapability(6, 0x203, 4);
    }

    private static String flipByte(String hex, int byteIndex) {
        int value = Integer.parseInt(hex.substring(2 * byteIndex, 2 * byteIndex + 2), 16) ^ 0x80;
        return hex.substring(0, 2 * byteIndex) + String.format("%02x", value) + hex.substring(2 * byteIndex + 2);
    }

    private static String withHandle(String context, int handle) {
        return context.substring(0, 16) + String.format("%08x", handle) + context.substring(24);
    }

    private static void changeOwnerAuth(SessionClient client, Transcript t, String label, Session s) {
        client.send(t, label, HIERARCHY_CHANGE_AUTH, OWNER_HANDLE, sized(""), false, Use.hmac(s, CONTINUE, ""));
    }

    @Test
    void hmacSessionContextsByteForByte() {
        DifferentialRunner.compare(t -> {
            SessionClient client = new SessionClient(true);
            t.send("Startup", startup(0));
            Session s = client.start(t, "HMAC session", RH_NULL, "", HMAC, NULL, 0, SHA256, 16);
            changeOwnerAuth(client, t, "used before saving", s);
            String first = savedContext(t.send("ContextSave", contextSave(s.handle)));
            t.send("saved handles", handles(0x03000000L, 8));
            t.send("loaded handles", handles(0x02000000L, 8));
            t.send("session counts", sessionCounts());
            changeOwnerAuth(client, t, "use of the saved session", s);
            t.send("ContextSave of the saved session", contextSave(s.handle));
            t.send("ContextLoad", contextLoad(first));
            changeOwnerAuth(client, t, "use after ContextLoad", s);
            t.send("ContextLoad again (loaded)", contextLoad(first));
            String second = savedContext(t.send("ContextSave again", contextSave(s.handle)));
            t.send("ContextLoad of the first context", contextLoad(first));
            t.send("ContextLoad of the second context", contextLoad(second));
            changeOwnerAuth(client, t, "use after the second load", s);
            String third = savedContext(t.send("ContextSave a third time", contextSave(s.handle)));
            t.send("FlushContext of the saved session", flush(s.handle));
            t.send("FlushContext again", flush(s.handle));
            t.send("ContextLoad of the flushed session", contextLoad(third));
            t.send("saved handles after flush", handles(0x03000000L, 8));
            t.send("session counts after flush", sessionCounts());

            Session bound = client.start(t, "bound AES session", OWNER, "", HMAC, AES, 128, SHA1, 20);
            client.send(t, "bound session, decrypt", HIERARCHY_CHANGE_AUTH, OWNER_HANDLE, sized("aabb"), false,
                    Use.hmac(bound, CONTINUE | DECRYPT, "").bound().newAuth("aabb"));
            String boundContext = savedContext(t.send("ContextSave bound", contextSave(bound.handle)));
            t.send("ContextLoad bound", contextLoad(boundContext));
            client.send(t, "bound session after reload, no longer bound to the new auth", HIERARCHY_CHANGE_AUTH,
                    OWNER_HANDLE, sized(""), false, Use.hmac(bound, CONTINUE | DECRYPT, "aabb").newAuth(""));
            String again = savedContext(t.send("ContextSave bound again", contextSave(bound.handle)));

            // damaged contexts (the integrity covers sequence, handle and the encrypted part)
            t.send("integrity flipped", contextLoad(flipByte(again, 20)));
            t.send("encrypted byte flipped", contextLoad(flipByte(again, again.length() / 2 - 1)));
            t.send("other sequence", contextLoad(flipByte(again, 7)));
            t.send("policy handle type", contextLoad(withHandle(again, 0x03000000 | (bound.handle & 0xFF))));
            t.send("other index", contextLoad(withHandle(again, bound.handle ^ 1)));
            t.send("index 64", contextLoad(withHandle(again, 0x02000040)));
            t.send("owner hierarchy", contextLoad(again.substring(0, 24) + "40000001" + again.substring(32)));
            t.send("truncated", contextLoad(again.substring(0, again.length() - 2)));
            t.send("ContextLoad intact", contextLoad(again));
            // ContextSave checks the handle's type against the session's (TPM_RC_HANDLE); FlushContext does not
            int asPolicy = 0x03000000 | (bound.handle & 0xFFFFFF);
            t.send("ContextSave via a policy handle", contextSave(asPolicy));
            client.send(t, "bound session still loaded", HIERARCHY_CHANGE_AUTH, OWNER_HANDLE, sized(""), false,
                    Use.hmac(bound, CONTINUE, ""));
            String last = savedContext(t.send("ContextSave once more", contextSave(bound.handle)));
            t.send("FlushContext of the saved session via a policy handle", flush(asPolicy));
            t.send("ContextLoad after that flush", contextLoad(last));
            t.send("ContextLoad of the earlier context", contextLoad(again));
        }, FixedEntropy::new, preload);
    }

    @Test
    void policySessionContexts() {
        DifferentialRunner.compare(t -> {
            SessionClient client = new SessionClient(true);
            t.send("Startup", startup(0));
            Session trial = client.start(t, "trial session", RH_NULL, "", TRIAL, NULL, 0, SHA256, 16);
            t.send("trial PolicyCommandCode", policyCommandCode(trial.handle, HIERARCHY_CHANGE_AUTH));
            t.send("trial ContextSave", contextSave(trial.handle), CONTEXT_HEADER);
            t.send("trial saved handles", handles(0x03000000L, 8));
            t.send("trial FlushContext", flush(trial.handle));
            Session trial2 = client.start(t, "trial session 2", RH_NULL, "", TRIAL, NULL, 0, SHA256, 16);
            t.send("trial 2 PolicyCommandCode", policyCommandCode(trial2.handle, HIERARCHY_CHANGE_AUTH));
            String saved = savedContext(t.send("trial 2 ContextSave", contextSave(trial2.handle), CONTEXT_HEADER));
            t.send("trial 2 ContextLoad", contextLoad(saved));
            t.send("trial 2 PolicyAuthValue", policyAuthValue(trial2.handle));
            byte[] digest = t.send("trial 2 PolicyGetDigest", policyGetDigest(trial2.handle));
            t.send("trial 2 FlushContext", flush(trial2.handle));
            String policy = TestBytes.hex(Arrays.copyOfRange(digest, 10, digest.length));
            t.send("SetPrimaryPolicy owner", command(DifferentialCommands.SESSIONS, 0x12E, "40000001 00000009 "
                    + DifferentialCommands.password(0, "") + policy + "000b"));

            Session p = client.start(t, "policy session", RH_NULL, "", POLICY, NULL, 0, SHA256, 16);
            t.send("PolicyCommandCode", policyCommandCode(p.handle, HIERARCHY_CHANGE_AUTH));
            String c1 = savedContext(t.send("ContextSave policy", contextSave(p.handle), CONTEXT_HEADER));
            t.send("handles: none loaded", handles(0x02000000L, 8));
            t.send("handles: one saved", handles(0x03000000L, 8));
            t.send("PolicyAuthValue on the saved session", policyAuthValue(p.handle));
            t.send("ContextLoad policy", contextLoad(c1));
            t.send("handles: policy loaded", handles(0x02000000L, 8));
            t.send("PolicyAuthValue", policyAuthValue(p.handle));
            String c2 = savedContext(t.send("ContextSave policy again", contextSave(p.handle), CONTEXT_HEADER));
            t.send("ContextLoad policy again", contextLoad(c2));
            t.send("PolicyGetDigest after two reloads", policyGetDigest(p.handle));
            client.send(t, "HierarchyChangeAuth with the reloaded policy session", HIERARCHY_CHANGE_AUTH,
                    OWNER_HANDLE, sized(""), false, Use.hmac(p, CONTINUE, ""));
            t.send("PolicyGetDigest after use (restarted)", policyGetDigest(p.handle));
            String c3 = savedContext(t.send("ContextSave after use", contextSave(p.handle), CONTEXT_HEADER));
            t.send("ContextLoad of an older context", contextLoad(c1));
            t.send("ContextLoad after use", contextLoad(c3));
            t.send("PolicyRestart", command(NO_SESSIONS, 0x180, String.format("%08x", p.handle)));
            t.send("ContextSave after PolicyRestart", contextSave(p.handle), CONTEXT_HEADER);
            t.send("FlushContext policy handle", flush(p.handle));
            t.send("session counts", sessionCounts());
        }, FixedEntropy::new, preload);
    }

    @Test
    void savedSessionsHoldTheirHandles() {
        DifferentialRunner.compare(t -> {
            SessionClient client = new SessionClient(true);
            t.send("Startup", startup(0));
            int created = 0;
            int lastHandle = 0;
            for (int i = 0; i < 66; i++) {
                byte[] started = t.tpm().command(SwtpmSessionDifferentialTest.start("40000007", "40000007", 16, "",
                        i % 2 == 0 ? HMAC : POLICY, "0010", SHA256));
                if (TestBytes.responseCode(started) != 0) {
                    t.record("StartAuthSession " + i, String.format("rc=%03x", TestBytes.responseCode(started)));
                    break;
                }
                created++;
                lastHandle = (int) Long.parseLong(TestBytes.hex(Arrays.copyOfRange(started, 10, 14)), 16);
                if (i < 62) {
                    byte[] saved = t.tpm().command(contextSave(lastHandle));
                    if (TestBytes.responseCode(saved) != 0) {
                        t.record("ContextSave " + i, String.format("rc=%03x", TestBytes.responseCode(saved)));
                    }
                }
            }
            t.record("sessions created", created);
            t.send("session counts", sessionCounts());
            t.send("saved handles from 0", handles(0x03000000L, 70));
            t.send("saved handles from 60", handles(0x0300003CL, 8));
            t.send("saved handles, 5 at a time", handles(0x03000000L, 5));
            t.send("loaded handles", handles(0x02000000L, 8));
            t.send("loaded handles from 63", handles(0x0200003FL, 8));
            t.send("FlushContext a saved session", flush(0x02000005));
            Session s = client.start(t, "StartAuthSession takes the freed handle", RH_NULL, "", HMAC, NULL, 0,
                    SHA256, 16);
            t.send("ContextSave with every handle in use", contextSave(s.handle), CONTEXT_HEADER);
            t.send("FlushContext the last loaded", flush(lastHandle));
            t.send("FlushContext a policy handle of a saved HMAC session", flush(0x03000000));
            t.send("session counts at the end", sessionCounts());
        }, FixedEntropy::new, preload);
    }

    @Test
    void savedSessionsAcrossStartupAndVolatileState() {
        DifferentialRunner.compare(t -> {
            SessionClient client = new SessionClient(true);
            t.send("Startup", startup(0));
            Session s = client.start(t, "HMAC session", RH_NULL, "", HMAC, NULL, 0, SHA256, 16);
            Session loaded = client.start(t, "second session, stays loaded", RH_NULL, "", HMAC, NULL, 0, SHA256, 16);
            String c1 = savedContext(t.send("ContextSave", contextSave(s.handle)));
            t.send("Shutdown(STATE)", shutdown(1));
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE): resume", startup(1));
            t.send("saved handles after resume", handles(0x03000000L, 8));
            t.send("loaded handles after resume", handles(0x02000000L, 8));
            t.send("FlushContext of the lost loaded session", flush(loaded.handle));
            t.send("ContextLoad after resume", contextLoad(c1));
            changeOwnerAuth(client, t, "use after resume", s);
            String c2 = savedContext(t.send("ContextSave after resume", contextSave(s.handle)));
            t.send("Shutdown(STATE) again", shutdown(1));
            t.record("INIT 2", t.tpm().init());
            t.send("Startup(CLEAR): restart", startup(0));
            t.send("saved handles after restart", handles(0x03000000L, 8));
            t.send("ContextLoad after restart", contextLoad(c2));
            changeOwnerAuth(client, t, "use after restart", s);
            String c3 = savedContext(t.send("ContextSave after restart", contextSave(s.handle)));
            t.send("Shutdown(CLEAR)", shutdown(0));
            t.record("INIT 3", t.tpm().init());
            t.send("Startup(CLEAR): reset", startup(0));
            t.send("saved handles after reset", handles(0x03000000L, 8));
            t.send("ContextLoad after reset", contextLoad(c3));
            t.send("FlushContext after reset", flush(s.handle));

            Session v = client.start(t, "HMAC session before the volatile state", RH_NULL, "", HMAC, NULL, 0,
                    SHA256, 16);
            client.start(t, "a loaded session in the volatile state", RH_NULL, "", HMAC, NULL, 0, SHA256, 16);
            String c4 = savedContext(t.send("ContextSave before the volatile state", contextSave(v.handle)));
            t.record("store volatile", t.tpm().storeVolatile());
            t.tpm().restartProcess();
            t.send("saved handles after the volatile state", handles(0x03000000L, 8));
            t.send("loaded handles after the volatile state", handles(0x02000000L, 8));
            t.send("session counts after the volatile state", sessionCounts());
            t.send("ContextLoad after the volatile state", contextLoad(c4));
            changeOwnerAuth(client, t, "use after the volatile state", v);
            t.send("ContextSave after the volatile state", contextSave(v.handle));
        }, FixedEntropy::new, preload);
    }

    /**
     * Both TPMs run at the same time with the same entropy and the same commands; then each loads
     * the other's policy-session context (whose startTime differs), the session goes on, and
     * saving it again gives the same bytes on both sides: the engine reproduces C's struct.
     */
    @Test
    void contextsOfOneSideLoadIntoTheOther() {
        try (SwtpmProcess c = SwtpmProcess.start(preload); JavaTpm java = new JavaTpm(new FixedEntropy())) {
            TpmUnderTest[] both = {c, java};
            byte[][] answers = new byte[2][];
            for (int i = 0; i < 2; i++) {
                both[i].command(startup(0));
                both[i].command(SwtpmSessionDifferentialTest.start("40000007", "40000007", 16, "", HMAC, "0010",
                        SHA256));
                byte[] policy = both[i].command(SwtpmSessionDifferentialTest.start("40000007", "40000007", 16, "",
                        POLICY, "0010", SHA256));
                assertThat(TestBytes.hex(Arrays.copyOfRange(policy, 10, 14))).isEqualTo("03000001");
                both[i].command(policyCommandCode(0x03000001, HIERARCHY_CHANGE_AUTH));
                answers[i] = both[i].command(contextSave(0x03000001));
                assertThat(TestBytes.responseCode(answers[i])).isZero();
            }
            String fromC = savedContext(answers[0]);
            String fromJava = savedContext(answers[1]);
            assertThat(fromJava.substring(0, 36)).isEqualTo(fromC.substring(0, 36));

            byte[] hmacC = c.command(contextSave(0x02000000));
            byte[] hmacJava = java.command(contextSave(0x02000000));
            assertThat(TestBytes.hex(hmacJava)).as("HMAC session context, same null proof")
                    .isEqualTo(TestBytes.hex(hmacC));

            // each loads the other's policy context and goes on with it
            assertThat(TestBytes.hex(java.command(contextLoad(fromC)))).isEqualTo("80010000000e0000000003000001");
            assertThat(TestBytes.hex(c.command(contextLoad(fromJava)))).isEqualTo("80010000000e0000000003000001");
            for (TpmUnderTest tpm : both) {
                assertThat(TestBytes.responseCode(tpm.command(policyAuthValue(0x03000001)))).isZero();
            }
            assertThat(TestBytes.hex(java.command(policyGetDigest(0x03000001))))
                    .isEqualTo(TestBytes.hex(c.command(policyGetDigest(0x03000001))));
            // C's session (startTime from C) saved by the engine, the engine's saved by C
            byte[] javaSavesC = java.command(contextSave(0x03000001));
            byte[] cSavesJava = c.command(contextSave(0x03000001));
            assertThat(TestBytes.responseCode(javaSavesC)).isZero();
            assertThat(TestBytes.responseCode(cSavesJava)).isZero();
            // swap once more: now each side holds its own struct again, loaded through the other
            assertThat(TestBytes.responseCode(java.command(contextLoad(savedContext(cSavesJava))))).isZero();
            assertThat(TestBytes.responseCode(c.command(contextLoad(savedContext(javaSavesC))))).isZero();
            byte[] javaAgain = java.command(contextSave(0x03000001));
            byte[] cAgain = c.command(contextSave(0x03000001));
            // the engine now holds the struct it made, C the struct C made; the sequence is the same
            assertThat(TestBytes.hex(javaAgain).substring(0, 60)).isEqualTo(TestBytes.hex(cAgain).substring(0, 60));
            // and a struct made by C, saved by C and by the engine from the same loaded context, is the same
            String cOwn = savedContext(cAgain);
            assertThat(TestBytes.responseCode(java.command(contextLoad(cOwn)))).isZero();
            assertThat(TestBytes.responseCode(c.command(contextLoad(cOwn)))).isZero();
            assertThat(TestBytes.hex(java.command(contextSave(0x03000001))))
                    .as("C's policy session saved by the engine and by C")
                    .isEqualTo(TestBytes.hex(c.command(contextSave(0x03000001))));
        }
    }

    /**
     * The plain SESSION structs of both sides, decrypted by the test with the null proof (read
     * from the engine's volatile state: with the same entropy it is C's too, which C's integrity
     * HMAC confirms): an HMAC session bound with XOR, a policy session with assertions, a trial
     * session; equal byte for byte but the policy sessions' startTime (each side's g_time); the
     * epoch (gp.timeEpoch, 1 after the first Startup) is equal.
     */
    @Test
    void plainStructsOfBothSidesAreTheSameButStartTime() throws Exception {
        InMemoryNvStorage storage = new InMemoryNvStorage();
        try (SwtpmProcess c = SwtpmProcess.start(preload); JavaTpm java = new JavaTpm(new FixedEntropy(), storage)) {
            TpmUnderTest[] both = {c, java};
            String[][] contexts = new String[2][];
            for (int i = 0; i < 2; i++) {
                TpmUnderTest tpm = both[i];
                tpm.command(startup(0));
                tpm.command(SwtpmSessionDifferentialTest.start("40000007", "40000001", 20, "", HMAC,
                        "000a 000b", SHA1));
                tpm.command(SwtpmSessionDifferentialTest.start("40000007", "40000007", 32, "", POLICY, "0010",
                        SHA256));
                tpm.command(policyCommandCode(0x03000001, HIERARCHY_CHANGE_AUTH));
                tpm.command(policyAuthValue(0x03000001));
                tpm.command(command(NO_SESSIONS, 0x16F, "0300000103")); // PolicyLocality(0, 1)
                tpm.command(SwtpmSessionDifferentialTest.start("40000007", "40000007", 16, "", TRIAL,
                        "0006 0080 0043", 0x000C));
                contexts[i] = new String[3];
                for (int s = 0; s < 3; s++) {
                    int handle = (s == 0 ? 0x02000000 : 0x03000000) | s;
                    byte[] saved = tpm.command(contextSave(handle));
                    assertThat(TestBytes.responseCode(saved)).as("ContextSave %08x", handle).isZero();
                    contexts[i][s] = savedContext(saved);
                }
            }
            byte[] permall = storage.load(StateBlobType.PERMANENT).orElseThrow();
            PermanentState permanent = LibtpmsPermanentCodec.read(permall, LibtpmsPermanentCodec.VERSION_0_9);
            byte[] nullProof = LibtpmsVolatileCodec.read(java.engine().volatileState(), permanent).resetData()
                    .nullProof();
            long totalResetCount = permanent.persistent().totalResetCount();
            for (int s = 0; s < 3; s++) {
                byte[] fromC = TestBytes.hex(contexts[0][s]);
                byte[] fromJava = TestBytes.hex(contexts[1][s]);
                assertThat(integrityHolds(nullProof, totalResetCount, fromC)).as("C's context %d under the engine's null proof", s)
                        .isTrue();
                byte[] structC = plainStruct(nullProof, fromC);
                byte[] structJava = plainStruct(nullProof, fromJava);
                assertThat(structC).hasSize(312);
                if (s > 0) {
                    assertThat(Arrays.copyOfRange(structC, 24, 28)).as("epoch of C's session %d", s)
                            .containsExactly(1, 0, 0, 0); // little-endian, as the struct is host memory
                    // startTime: each side's g_time
                    Arrays.fill(structC, 8, 16, (byte) 0);
                    Arrays.fill(structJava, 8, 16, (byte) 0);
                }
                assertThat(TestBytes.hex(structJava)).as("SESSION struct %d", s).isEqualTo(TestBytes.hex(structC));
            }
            // A well-protected session context whose payload is not sizeof(SESSION): failure mode in libtpms.
            byte[] hmacContext = TestBytes.hex(contexts[0][0]);
            byte[] struct = plainStruct(nullProof, hmacContext);
            String tooLong = protect(nullProof, totalResetCount, hmacContext, Arrays.copyOf(struct, 313));
            for (TpmUnderTest tpm : both) {
                assertThat(TestBytes.hex(tpm.command(contextLoad(contexts[0][0])))).as("the context itself loads")
                        .isEqualTo("80010000000e0000000002000000");
            }
            String[] answers = new String[2];
            for (int i = 0; i < 2; i++) {
                String testResult = TestBytes.hex(both[i].command(command(NO_SESSIONS, 0x17C, "")));
                // GetTestResult in failure mode: the failing C function and line (the engine has
                // neither) are left out; the failure code and TPM_RC_FAILURE are compared
                answers[i] = TestBytes.hex(both[i].command(contextLoad(tooLong))) + " / "
                        + TestBytes.hex(both[i].command(command(NO_SESSIONS, 0x17C, ""))).substring(40);
                assertThat(testResult).as("not in failure mode before").endsWith("00000000");
            }
            assertThat(answers[1]).as("ContextLoad of a 313-byte SESSION, then GetTestResult").isEqualTo(answers[0]);
            assertThat(answers[0]).isEqualTo("80010000000a00000101 / 0000000300000101");
        }
    }

    /** {@code context} with its payload replaced by {@code struct}, encrypted and integrity-protected anew. */
    private static String protect(byte[] proof, long totalResetCount, byte[] context, byte[] struct)
            throws Exception {
        ByteBuffer in = ByteBuffer.wrap(context);
        long sequence = in.getLong();
        int handle = in.getInt();
        int hierarchy = in.getInt();
        byte[] sequenceLe = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(sequence).array();
        byte[] keyAndIv = SessionClient.kdfa(SessionClient.SHA512, proof, "CONTEXT", sequenceLe,
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(handle).array(), 384);
        Cipher cipher = Cipher.getInstance("AES/CFB/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyAndIv, 0, 32, "AES"),
                new IvParameterSpec(keyAndIv, 32, 16));
        byte[] encrypted = cipher.doFinal(SessionClient.concat(sequenceLe, struct));
        byte[] header = ByteBuffer.allocate(20).putLong(totalResetCount).putLong(sequence).putInt(handle).array();
        byte[] integrity = SessionClient.hmac(SessionClient.SHA512, proof, header, encrypted);
        ByteBuffer out = ByteBuffer.allocate(16 + 2 + 2 + integrity.length + encrypted.length);
        out.putLong(sequence).putInt(handle).putInt(hierarchy).putShort((short) (2 + integrity.length + encrypted.length))
                .putShort((short) integrity.length).put(integrity).put(encrypted);
        return TestBytes.hex(out.array());
    }

    /** TPMS_CONTEXT: sequence, savedHandle, hierarchy, TPM2B blob = integrity TPM2B || encrypted part. */
    private static boolean integrityHolds(byte[] proof, long totalResetCount, byte[] context) {
        ByteBuffer in = ByteBuffer.wrap(context);
        long sequence = in.getLong();
        int handle = in.getInt();
        in.getInt();
        in.getShort();
        byte[] integrity = new byte[in.getShort()];
        in.get(integrity);
        byte[] encrypted = new byte[in.remaining()];
        in.get(encrypted);
        byte[] header = ByteBuffer.allocate(20).putLong(totalResetCount).putLong(sequence).putInt(handle).array();
        return Arrays.equals(integrity, SessionClient.hmac(SessionClient.SHA512, proof, header, encrypted));
    }

    /** AES-256-CFB with key and IV from KDFa(SHA-512, proof, "CONTEXT", sequence, handle), both little-endian. */
    private static byte[] plainStruct(byte[] proof, byte[] context) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(context);
        long sequence = in.getLong();
        int handle = in.getInt();
        in.getInt();
        in.getShort();
        in.position(in.position() + 2 + in.getShort(in.position()));
        byte[] encrypted = new byte[in.remaining()];
        in.get(encrypted);
        byte[] keyAndIv = SessionClient.kdfa(SessionClient.SHA512, proof, "CONTEXT",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(sequence).array(),
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(handle).array(), 384);
        Cipher cipher = Cipher.getInstance("AES/CFB/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyAndIv, 0, 32, "AES"),
                new IvParameterSpec(keyAndIv, 32, 16));
        byte[] plain = cipher.doFinal(encrypted);
        assertThat(Arrays.copyOf(plain, 8)).as("fingerprint")
                .isEqualTo(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(sequence).array());
        return Arrays.copyOfRange(plain, 8, plain.length);
    }

    /**
     * The context gap (CONTEXT_SLOT of 16 bits in libtpms 0.9): a session saved first stays the
     * oldest while another is saved and loaded over and over; when the counter's low bits come
     * round to it, ContextSave answers TPM_RC_CONTEXT_GAP, and with one free slot left only the
     * oldest may be loaded and no session may be started.
     */
    @Test
    void contextGap() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", startup(0));
            for (int i = 0; i < 3; i++) {
                t.send("StartAuthSession " + i, SwtpmSessionDifferentialTest.start("40000007", "40000007", 16, "",
                        HMAC, "0010", SHA256));
            }
            String oldest = savedContext(t.send("ContextSave the oldest", contextSave(0x02000000)));
            String other = savedContext(t.send("ContextSave 0x02000002", contextSave(0x02000002)));
            int saves = 1;
            String last = null;
            int code = 0;
            while (saves < 70000) {
                byte[] saved = t.tpm().command(contextSave(0x02000001));
                code = TestBytes.responseCode(saved);
                if (code != 0) {
                    break;
                }
                saves++;
                last = savedContext(saved);
                byte[] loaded = t.tpm().command(contextLoad(last));
                if (TestBytes.responseCode(loaded) != 0) {
                    t.record("ContextLoad failed after save " + saves, TestBytes.hex(loaded));
                    break;
                }
            }
            t.record("saves of 0x02000001 until the gap", saves + String.format(" rc=%03x", code));
            t.send("saved handles", handles(0x03000000L, 8));
            t.send("session counts", sessionCounts());
            t.send("StartAuthSession with two free slots", SwtpmSessionDifferentialTest.start("40000007",
                    "40000007", 16, "", HMAC, "0010", SHA256));
            t.send("StartAuthSession with one free slot", SwtpmSessionDifferentialTest.start("40000007",
                    "40000007", 16, "", HMAC, "0010", SHA256));
            t.send("ContextLoad of a newer session with one free slot", contextLoad(other));
            t.send("ContextLoad of the oldest", contextLoad(oldest));
            t.send("ContextSave now possible", contextSave(0x02000001), CONTEXT_HEADER);
            t.send("ContextLoad of the newer session", contextLoad(other));
            t.send("saved handles at the end", handles(0x03000000L, 8));
        }, FixedEntropy::new, preload);
    }
}
