package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.SessionClient.AES;
import static org.swtpmjava.tpm.differential.SessionClient.CONTINUE;
import static org.swtpmjava.tpm.differential.SessionClient.DECRYPT;
import static org.swtpmjava.tpm.differential.SessionClient.NULL;
import static org.swtpmjava.tpm.differential.SessionClient.SHA256;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.OWNER;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.sized;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineConfig;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.MutableClock;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TpmEngine;
import org.swtpmjava.tpm.TpmEngine.BufferSizes;
import org.swtpmjava.tpm.TpmEngines;
import org.swtpmjava.tpm.TpmResult;
import org.swtpmjava.tpm.differential.SessionClient.Session;
import org.swtpmjava.tpm.differential.SessionClient.Use;

/**
 * Loaded sessions are part of the engine's volatile blob: after CMD_STORE_VOLATILE and a restart
 * from that blob (no Startup) an HMAC session and a policy session keep working with their
 * nonces, keys and policy state; Startup(STATE) and TPM Reset drop them as in the reference.
 */
class SessionVolatileStateTest {
    /** An engine over storage this test controls, swapped for a new engine on restart. */
    private static final class RestartableTpm implements TpmUnderTest {
        final InMemoryNvStorage storage = new InMemoryNvStorage();
        TpmEngine engine;

        RestartableTpm() {
            start();
        }

        void start() {
            engine = TpmEngines.tpm2(storage, new EngineConfig(new MutableClock(0), new FixedEntropy()));
            assertThat(engine.mainInit()).isEqualTo(TpmResult.SUCCESS);
        }

        /** CMD_STORE_VOLATILE, then a new process that resumes from the blobs. */
        void storeVolatileAndRestart() {
            storage.put(StateBlobType.VOLATILE, engine.volatileState());
            engine.terminate();
            start();
            // swtpm removes the volatile state once it has been used.
            storage.delete(StateBlobType.VOLATILE);
        }

        @Override
        public byte[] command(byte[] command) {
            return engine.process(command, 0);
        }

        @Override
        public void restartProcess() {
            engine.terminate();
            start();
        }

        @Override
        public int storeVolatile() {
            storage.put(StateBlobType.VOLATILE, engine.volatileState());
            return TpmResult.SUCCESS;
        }

        @Override
        public int init() {
            engine.terminate();
            return engine.mainInit();
        }

        @Override
        public int setLocality(int locality) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BufferSizes restartWithBufferSize(int wanted) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int hashStart() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int hashData(byte[] data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int hashEnd() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean tpmEstablished() {
            return false;
        }

        @Override
        public int resetTpmEstablished(int locality) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String info(long flags) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void breakStorage() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            engine.terminate();
        }
    }

    @Test
    void sessionsSurviveTheVolatileBlobButNotStartup() {
        RestartableTpm tpm = new RestartableTpm();
        Transcript t = new Transcript(tpm);
        SessionClient client = new SessionClient();
        t.send("Startup(CLEAR)", command(0x8001, 0x144, "0000"));
        Session hmac = client.start(t, "HMAC AES-128", OWNER, "", 0, AES, 128, SHA256, 16);
        Session policy = client.start(t, "policy", 0x40000007, "", 1, NULL, 0, SHA256, 16);
        t.send("PolicyCommandCode", command(0x8001, 0x16C, String.format("%08x", policy.handle) + "00000129"));
        client.send(t, "owner auth := 01", 0x129, new int[] {OWNER}, sized("01"), false,
                Use.hmac(hmac, CONTINUE | DECRYPT, "").bound().newAuth("01"));
        tpm.storeVolatileAndRestart();
        t.send("PolicyGetDigest after restart", command(0x8001, 0x189, String.format("%08x", policy.handle)));
        client.send(t, "owner auth := 02 after restart", 0x129, new int[] {OWNER}, sized("02"), false,
                Use.hmac(hmac, CONTINUE | DECRYPT, "01").newAuth("02"));
        t.send("loaded sessions", DifferentialCommands.getCapability(1, 0x02000000, 10));
        t.send("Shutdown(STATE)", command(0x8001, 0x145, "0001"));
        t.record("INIT", tpm.init());
        t.send("Startup(STATE)", command(0x8001, 0x144, "0001"));
        t.send("loaded sessions after Startup(STATE)", DifferentialCommands.getCapability(1, 0x02000000, 10));
        t.send("HR_LOADED, HR_LOADED_AVAIL, HR_ACTIVE, HR_ACTIVE_AVAIL", DifferentialCommands.getCapability(6, 0x203, 4));

        List<String> answers = t.steps().stream().map(step -> step.label() + " -> " + step.answer()).toList();
        assertThat(answers).containsExactly(
                "Startup(CLEAR) -> 80010000000a00000000",
                "HMAC AES-128 -> rc=000 handle=02000000 nonceTPM=16 bytes",
                "policy -> rc=000 handle=03000001 nonceTPM=16 bytes",
                "PolicyCommandCode -> 80010000000a00000000",
                "owner auth := 01 -> rc=000 [attr=21 nonce=16 hmac ok] params=",
                // SHA-256(32 zero bytes || TPM_CC_PolicyCommandCode || TPM_CC_HierarchyChangeAuth)
                "PolicyGetDigest after restart -> 80010000002c000000000020"
                        + "be698d8bd14927cd7ed7bdd93be41f27ff2626bd2d8a1540e2f9445f2ee5ab2e",
                "owner auth := 02 after restart -> rc=000 [attr=21 nonce=16 hmac ok] params=",
                "loaded sessions -> 80010000001b00000000000000000100000002" + "0200000003000001",
                "Shutdown(STATE) -> 80010000000a00000000",
                "INIT -> 0",
                "Startup(STATE) -> 80010000000a00000000",
                "loaded sessions after Startup(STATE) -> 80010000001300000000000000000100000000",
                "HR_LOADED, HR_LOADED_AVAIL, HR_ACTIVE, HR_ACTIVE_AVAIL -> "
                        + "8001000000330000000001000000060000000400000203000000000000020400000003"
                        + "000002050000000000000206000000" + "40");
    }
}
