package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.POLICY_SESSION;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.commandCodePolicy;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.define;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.extend;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.increment;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.lock;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.nvPublic;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.policyCommandCode;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.policyNv;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.read;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.readPublic;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.setBits;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.startPolicySession;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.undefine;
import static org.swtpmjava.tpm.differential.NvDifferentialTest.write;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.differential.NvDifferentialTest.Scenario;
import org.swtpmjava.tpm.differential.NvDifferentialTest.Side;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;

/**
 * Orderly NV indices (TPMA_NV_ORDERLY) against the C swtpm (libtpms 0.9.2) with the same fixed
 * entropy: their attributes and data live in libtpms' RAM area (s_indexOrderlyRam, 512 bytes)
 * and reach NV (the permall's INDEX_ORDERLY_RAM section) only when an orderly index is added or
 * deleted, when an orderly counter is first written or reaches a multiple of 256, and at
 * TPM2_Shutdown. Every answer byte for byte and the permall after each step as C writes it,
 * across Shutdown(CLEAR/STATE) and restarts with and without a Shutdown (orderly counters move
 * on to the end of their 256-block), a full RAM area, TPM2_Clear, and state directories and
 * volatile states moved between the implementations.
 */
class OrderlyNvDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int SESSIONS = 0x8002;
    private static final String OWNER = "40000001";
    private static final String PLATFORM = "4000000c";
    private static final String PERMALL = "tpm2-00.permall";
    private static final String AUTH = "61626364";
    private static final String AUTH_PW = password(0, AUTH);

    private static final String ORDINARY = "01000101";
    private static final String COUNTER = "01000102";
    private static final String BITS = "01000103";
    private static final String EXTEND = "01000104";
    private static final String LOCKS = "01000105";
    private static final String WRITE_DEFINE = "01000106";
    private static final String CHANGE_AUTH = "01000107";
    private static final String PLATFORM_COUNTER = "01400108";

    /** TPMA_NV_ORDERLY with owner and auth read/write of each type, noDA off. */
    private static final String A_ORDINARY = "04060006";
    private static final String A_COUNTER = "04060016";
    private static final String A_BITS = "04060026";
    private static final String A_EXTEND = "04060046";
    /** READ_STCLEAR, GLOBALLOCK, WRITE_STCLEAR. */
    private static final String A_LOCKS = "8406c006";
    private static final String A_WRITE_DEFINE = "04062006";
    /** PLATFORMCREATE, PPREAD/AUTHREAD, PPWRITE/AUTHWRITE, counter. */
    private static final String A_PLATFORM_COUNTER = "44050015";

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    private static void onBoth(Scenario scenario) {
        NvDifferentialTest.onBoth("orderly NV", preload, scenario);
    }

    private static byte[] startup(boolean state) {
        return command(NO_SESSIONS, 0x144, state ? "0001" : "0000");
    }

    private static byte[] shutdown(boolean state) {
        return command(NO_SESSIONS, 0x145, state ? "0001" : "0000");
    }

    private static void observe(Side s, String when) {
        for (String index : List.of(ORDINARY, COUNTER, BITS, EXTEND, LOCKS, WRITE_DEFINE)) {
            s.send(when + ": public " + index, readPublic(index));
            s.send(when + ": read " + index, read(OWNER, index, PW, 8, 0));
        }
        s.send(when + ": read all of the ordinary index", read(OWNER, ORDINARY, PW, 32, 0));
    }

    @Test
    void orderlyIndicesBehaveAsInCAcrossShutdownsAndRestarts() {
        onBoth(OrderlyNvDifferentialTest::lifeCycle);
    }

    private static void lifeCycle(List<Side> both, Consumer<String> step) {
        both.forEach(s -> s.send("Startup", startup(false)));
        String[][] indices = {
            {ORDINARY, A_ORDINARY, "32", "ordinary"},
            {COUNTER, A_COUNTER, "8", "counter"},
            {BITS, A_BITS, "8", "bits"},
            {EXTEND, A_EXTEND, "32", "extend"},
            {LOCKS, A_LOCKS, "8", "locks"},
            {WRITE_DEFINE, A_WRITE_DEFINE, "8", "WRITEDEFINE"},
        };
        for (String[] index : indices) {
            both.forEach(s -> s.send("define " + index[3], define(index[0], index[1], Integer.parseInt(index[2]))));
            step.accept("define " + index[3]);
        }
        both.forEach(s -> s.send("define ChangeAuth index", define(OWNER, AUTH, nvPublic(CHANGE_AUTH, "000b",
                A_ORDINARY, commandCodePolicy(0x13B), 8))));
        step.accept("define ChangeAuth index");
        for (Side s : both) {
            s.send("defined again", define(ORDINARY, A_ORDINARY, 32));
            s.send("orderly counter with CLEAR_STCLEAR", define("01000110", "0c060016", 8));
            s.send("orderly ordinary too large", define("01000110", A_ORDINARY, 2049));
            s.send("orderly extend of the wrong size", define("01000110", A_EXTEND, 20));
            s.send("orderly counter of the wrong size", define("01000110", A_COUNTER, 4));
            s.send("NV handles", getCapability(1, 0x01000000L, 20));
            s.send("NV properties", getCapability(6, 0x200, 48));
            observe(s, "defined");
        }
        both.forEach(s -> s.send("partial write by the index", write(ORDINARY, ORDINARY, AUTH_PW, "68656c6c6f", 3)));
        step.accept("first write");
        both.forEach(s -> s.send("first increment", increment(OWNER, COUNTER, PW)));
        step.accept("first increment");
        for (Side s : both) {
            s.send("read ordinary", read(ORDINARY, ORDINARY, AUTH_PW, 32, 0));
            s.send("second write", write(OWNER, ORDINARY, PW, "aabb", 30));
            s.send("write offset beyond", write(OWNER, ORDINARY, PW, "01", 33));
            s.send("write range beyond", write(OWNER, ORDINARY, PW, "0102", 31));
            s.send("write a counter", write(OWNER, COUNTER, PW, "00".repeat(8), 0));
            s.send("read range beyond", read(OWNER, ORDINARY, PW, 4, 30));
            s.send("increment by the index", increment(COUNTER, COUNTER, AUTH_PW));
            s.send("increment by the platform", increment(PLATFORM, COUNTER, PW));
            s.send("increment an ordinary index", increment(OWNER, ORDINARY, PW));
            s.send("set bits", setBits(OWNER, BITS, PW, 0x5));
            s.send("set more bits", setBits(BITS, BITS, AUTH_PW, 0x8000000000000030L));
            s.send("extend", extend(OWNER, EXTEND, PW, "616263"));
            s.send("extend again", extend(EXTEND, EXTEND, AUTH_PW, ""));
            s.send("extend a bits index", extend(OWNER, BITS, PW, "00"));
            s.send("write locks index", write(OWNER, LOCKS, PW, "0102030405060708", 0));
            s.send("write WRITEDEFINE index", write(OWNER, WRITE_DEFINE, PW, "0102030405060708", 0));
            s.send("write lock", lock(0x138, OWNER, LOCKS, PW));
            s.send("write lock WRITEDEFINE", lock(0x138, WRITE_DEFINE, WRITE_DEFINE, AUTH_PW));
            s.send("read lock", lock(0x14F, OWNER, LOCKS, PW));
            s.send("read lock without READ_STCLEAR", lock(0x14F, OWNER, ORDINARY, PW));
            s.send("global write lock", command(SESSIONS, 0x132, OWNER + sessions(PW)));
            s.send("write locked", write(OWNER, LOCKS, PW, "01", 0));
            s.send("write WRITEDEFINE locked", write(OWNER, WRITE_DEFINE, PW, "01", 0));
            s.send("policy session", startPolicySession());
            s.send("PolicyNV eq", policyNv(OWNER, ORDINARY, PW, "6c6c", 5, 0));
            s.send("PolicyNV neq fails", policyNv(OWNER, ORDINARY, PW, "6c6c", 5, 1));
            s.send("PolicyNV on the counter", policyNv(OWNER, COUNTER, PW, "0000000000000002", 0, 0));
            s.send("policy digest", command(NO_SESSIONS, 0x189, "03000000"));
            s.send("flush", command(NO_SESSIONS, 0x165, "03000000"));
            s.send("policy session for ChangeAuth", startPolicySession());
            s.send("policy command code", policyCommandCode(0x13B));
            observe(s, "used");
        }
        step.accept("use");
        both.forEach(s -> s.send("ChangeAuth", command(SESSIONS, 0x13B, CHANGE_AUTH + sessions(POLICY_SESSION)
                + "0004 78780000")));
        step.accept("ChangeAuth");
        for (Side s : both) {
            s.send("write with the old authValue", write(CHANGE_AUTH, CHANGE_AUTH, AUTH_PW, "01", 0));
            s.send("write with the new authValue", write(CHANGE_AUTH, CHANGE_AUTH, password(0, "7878"), "01", 0));
            s.send("public ChangeAuth index", readPublic(CHANGE_AUTH));
        }
        step.accept("write after ChangeAuth");
        both.forEach(s -> s.send("Shutdown(CLEAR)", shutdown(false)));
        step.accept("Shutdown(CLEAR)");
        for (Side s : both) {
            s.tpm().init();
            s.send("Startup after Shutdown(CLEAR)", startup(false));
            observe(s, "reset");
            s.send("increment after reset", increment(OWNER, COUNTER, PW));
            s.send("write after reset", write(OWNER, ORDINARY, PW, "0102", 0));
            s.send("extend after reset", extend(OWNER, EXTEND, PW, "00"));
        }
        step.accept("reset");
        String[][] cycles = {{"0001", "0000", "restart"}, {"0001", "0001", "resume"}};
        for (String[] cycle : cycles) {
            for (Side s : both) {
                s.send("Shutdown before " + cycle[2], command(NO_SESSIONS, 0x145, cycle[0]));
                s.tpm().init();
                s.send("Startup " + cycle[2], command(NO_SESSIONS, 0x144, cycle[1]));
                observe(s, cycle[2]);
                s.send("increment after " + cycle[2], increment(OWNER, COUNTER, PW));
            }
            step.accept(cycle[2]);
        }
        for (Side s : both) {
            s.send("increment before losing power", increment(OWNER, COUNTER, PW));
            s.send("write before losing power", write(OWNER, ORDINARY, PW, "ffee", 4));
            s.tpm().init();
            s.send("Startup without a Shutdown", startup(false));
            observe(s, "no Shutdown");
            s.send("Startup(STATE) refused first", startup(true));
        }
        step.accept("restart without Shutdown");
        both.forEach(s -> s.send("increment to the block boundary", increment(OWNER, COUNTER, PW)));
        step.accept("block boundary");
        for (Side s : both) {
            s.send("read at the boundary", read(OWNER, COUNTER, PW, 8, 0));
            s.send("one more", increment(OWNER, COUNTER, PW));
            s.tpm().init();
            s.send("Startup without a Shutdown again", startup(false));
            s.send("read the advanced counter", read(OWNER, COUNTER, PW, 8, 0));
        }
        step.accept("second restart without Shutdown");
        both.forEach(s -> s.send("undefine the counter", undefine(OWNER, COUNTER)));
        step.accept("undefine the counter");
        both.forEach(s -> s.send("a new orderly counter", define(COUNTER, A_COUNTER, 8)));
        step.accept("a new orderly counter");
        for (Side s : both) {
            s.send("its first increment starts above maxCount", increment(OWNER, COUNTER, PW));
            s.send("read it", read(OWNER, COUNTER, PW, 8, 0));
            s.send("undefine the ordinary index", undefine(OWNER, ORDINARY));
            s.send("NV properties", getCapability(6, 0x200, 48));
        }
        step.accept("undefine the ordinary index");
        both.forEach(s -> s.send("Shutdown(STATE)", shutdown(true)));
        step.accept("final Shutdown(STATE)");
    }

    @Test
    void theRamAreaFillsAsInC() {
        onBoth((both, step) -> {
            both.forEach(s -> s.send("Startup", startup(false)));
            both.forEach(s -> s.send("define 476 bytes", define("01000201", A_ORDINARY, 476)));
            step.accept("define 476 bytes");
            both.forEach(s -> s.send("define 12 bytes: the area is full", define("01000202", A_ORDINARY, 12)));
            step.accept("full area without a terminator");
            for (Side s : both) {
                s.send("define one more byte", define("01000203", A_ORDINARY, 1));
                s.send("define an empty orderly index", define("01000203", A_ORDINARY, 0));
                s.send("define an orderly counter", define("01000203", A_COUNTER, 8));
                s.send("NV properties", getCapability(6, 0x200, 48));
                s.send("a non-orderly index still fits", define("01000204", "00060006", 8));
                s.send("write the last entry", write(OWNER, "01000202", PW, "0102030405060708090a0b0c", 0));
                s.send("read it", read(OWNER, "01000202", PW, 12, 0));
            }
            step.accept("refused");
            both.forEach(s -> s.send("undefine the first", undefine(OWNER, "01000201")));
            step.accept("undefine the first (the entry after it moves up)");
            for (Side s : both) {
                s.send("read the moved entry", read(OWNER, "01000202", PW, 12, 0));
                s.send("define a counter", define("01000203", A_COUNTER, 8));
                s.send("increment", increment(OWNER, "01000203", PW));
                s.send("NV properties again", getCapability(6, 0x200, 48));
            }
            step.accept("a counter in the freed space");
            both.forEach(s -> s.send("Shutdown", shutdown(false)));
            step.accept("Shutdown");
        });
    }

    @Test
    void clearFlushesTheOwnersOrderlyIndicesAsInC() {
        onBoth((both, step) -> {
            for (Side s : both) {
                s.send("Startup", startup(false));
                s.send("define owner counter", define(COUNTER, A_COUNTER, 8));
                s.send("define owner ordinary", define(ORDINARY, A_ORDINARY, 16));
                s.send("define platform counter", define(PLATFORM, AUTH, nvPublic(PLATFORM_COUNTER, "000b",
                        A_PLATFORM_COUNTER, "", 8)));
                for (int i = 0; i < 3; i++) {
                    s.send("increment owner counter", increment(OWNER, COUNTER, PW));
                    s.send("increment platform counter", increment(PLATFORM, PLATFORM_COUNTER, PW));
                }
                s.send("write owner ordinary", write(OWNER, ORDINARY, PW, "0102", 0));
            }
            step.accept("before Clear");
            both.forEach(s -> s.send("Clear", command(SESSIONS, 0x126, PLATFORM + sessions(PW))));
            step.accept("Clear");
            for (Side s : both) {
                s.send("owner counter gone", readPublic(COUNTER));
                s.send("platform counter kept", read(PLATFORM, PLATFORM_COUNTER, PW, 8, 0));
                s.send("a new owner counter", define(COUNTER, A_COUNTER, 8));
                s.send("its first increment", increment(OWNER, COUNTER, PW));
                s.send("read it", read(OWNER, COUNTER, PW, 8, 0));
            }
            step.accept("after Clear");
        });
    }

    /** PIN indices kept in RAM: their pinCount moves with each use, as in NV indices, but only in RAM. */
    @Test
    void orderlyPinIndicesCountAsInC() {
        String pinFail = "01000121";
        String pinPass = "01000122";
        onBoth((both, step) -> {
            for (Side s : both) {
                s.send("Startup", startup(false));
                // NO_DA, OWNERREAD/AUTHREAD, OWNERWRITE, PIN_FAIL / PIN_PASS
                s.send("define PIN_FAIL", define(pinFail, "06060082", 8));
                s.send("define PIN_PASS", define(pinPass, "04060092", 8));
                s.send("PIN_FAIL of the wrong size", define("01000123", "06060082", 4));
                s.send("read PIN_FAIL unwritten", read(pinFail, pinFail, AUTH_PW, 8, 0));
                s.send("write PIN_FAIL (count 0, limit 2)", write(OWNER, pinFail, PW, "0000000000000002", 0));
                s.send("write PIN_PASS (count 0, limit 3)", write(OWNER, pinPass, PW, "0000000000000003", 0));
                s.send("PIN_FAIL wrong password", read(pinFail, pinFail, password(0, "00"), 8, 0));
                s.send("PIN_FAIL read by the owner", read(OWNER, pinFail, PW, 8, 0));
                s.send("PIN_FAIL right password", read(pinFail, pinFail, AUTH_PW, 8, 0));
                s.send("PIN_PASS right password", read(pinPass, pinPass, AUTH_PW, 8, 0));
                s.send("PIN_PASS again", read(pinPass, pinPass, AUTH_PW, 8, 0));
                s.send("PIN_PASS wrong password", read(pinPass, pinPass, password(0, "00"), 8, 0));
                s.send("PIN_PASS read by the owner", read(OWNER, pinPass, PW, 8, 0));
            }
            step.accept("PIN use");
            for (Side s : both) {
                s.send("Shutdown(STATE)", shutdown(true));
                s.tpm().init();
                s.send("Startup(CLEAR): restart", startup(false));
                s.send("PIN_PASS after restart", read(OWNER, pinPass, PW, 8, 0));
                s.send("PIN_PASS use", read(pinPass, pinPass, AUTH_PW, 8, 0));
                s.tpm().init();
                s.send("Startup without Shutdown", startup(false));
                s.send("PIN_PASS public after reset", readPublic(pinPass));
                s.send("PIN_PASS after reset", read(OWNER, pinPass, PW, 8, 0));
                s.send("Shutdown", shutdown(false));
            }
            step.accept("Shutdown");
        });
    }

    /**
     * Writing orderly data after TPM2_Shutdown ends the orderly state (g_clearOrderly): the
     * following Startup(STATE) is refused and the counters move on; a lock (attributes only in
     * RAM) does not.
     */
    @Test
    void anOrderlyWriteAfterShutdownEndsTheOrderlyStateAsInC() {
        onBoth((both, step) -> {
            for (Side s : both) {
                s.send("Startup", startup(false));
                s.send("define counter", define(COUNTER, A_COUNTER, 8));
                s.send("define locks", define(LOCKS, A_LOCKS, 8));
                s.send("increment", increment(OWNER, COUNTER, PW));
                s.send("write", write(OWNER, LOCKS, PW, "0102030405060708", 0));
                s.send("Shutdown(STATE)", shutdown(true));
                s.send("write lock after Shutdown", lock(0x138, OWNER, LOCKS, PW));
                s.tpm().init();
                s.send("Startup(STATE) after a lock", startup(true));
                s.send("locked", readPublic(LOCKS));
                s.send("Shutdown(STATE) again", shutdown(true));
                s.send("increment after Shutdown", increment(OWNER, COUNTER, PW));
                s.tpm().init();
                s.send("Startup(STATE) after an increment", startup(true));
                s.send("Startup(CLEAR)", startup(false));
                s.send("read the counter", read(OWNER, COUNTER, PW, 8, 0));
            }
            step.accept("after the Startups");
        });
    }

    @Test
    void aVolatileStateKeepsTheLiveRamAsInC() {
        onBoth((both, step) -> {
            for (Side s : both) {
                s.send("Startup", startup(false));
                s.send("define counter", define(COUNTER, A_COUNTER, 8));
                s.send("define ordinary", define(ORDINARY, A_ORDINARY, 16));
                for (int i = 0; i < 3; i++) {
                    s.send("increment", increment(OWNER, COUNTER, PW));
                }
                s.send("write", write(OWNER, ORDINARY, PW, "0102", 0));
                assertThat(s.tpm().storeVolatile()).isZero();
                s.tpm().restartProcess();
                s.send("read the counter", read(OWNER, COUNTER, PW, 8, 0));
                s.send("read the ordinary index", read(OWNER, ORDINARY, PW, 16, 0));
                s.send("public", readPublic(ORDINARY));
                s.send("increment", increment(OWNER, COUNTER, PW));
                s.send("Shutdown", shutdown(false));
            }
            step.accept("Shutdown after the resume");
        });
    }

    /** A state dir with orderly indices, written and used, ending with or without a Shutdown. */
    private static Consumer<Transcript> makeOrderly(boolean shutdown) {
        return t -> {
            t.send("Startup", startup(false));
            t.send("define ordinary", define(ORDINARY, A_ORDINARY, 32));
            t.send("write it", write(OWNER, ORDINARY, PW, "68656c6c6f", 2));
            t.send("define counter", define(COUNTER, A_COUNTER, 8));
            for (int i = 0; i < 5; i++) {
                t.send("increment", increment(OWNER, COUNTER, PW));
            }
            t.send("define a deleted counter", define(BITS, A_COUNTER, 8));
            t.send("increment it", increment(OWNER, BITS, PW));
            t.send("increment it again", increment(OWNER, BITS, PW));
            t.send("undefine it", undefine(OWNER, BITS));
            t.send("define extend", define(EXTEND, A_EXTEND, 32));
            t.send("extend it", extend(OWNER, EXTEND, PW, "616263"));
            t.send("define WRITEDEFINE", define(WRITE_DEFINE, A_WRITE_DEFINE, 8));
            t.send("write it", write(OWNER, WRITE_DEFINE, PW, "0102030405060708", 0));
            t.send("lock it", lock(0x138, OWNER, WRITE_DEFINE, PW));
            if (shutdown) {
                t.send("Shutdown", shutdown(false));
            }
            assertThat(t.steps()).extracting(step -> step.answer().substring(12, 20)).containsOnly("00000000");
        };
    }

    private static void useOrderly(Transcript t) {
        t.send("Startup", startup(false));
        t.send("NV handles", getCapability(1, 0x01000000L, 20));
        t.send("NV properties", getCapability(6, 0x200, 48));
        for (String index : List.of(ORDINARY, COUNTER, EXTEND, WRITE_DEFINE)) {
            t.send("public " + index, readPublic(index));
            t.send("read " + index, read(OWNER, index, PW, 8, 0));
        }
        t.send("write locked index", write(OWNER, WRITE_DEFINE, PW, "01", 0));
        t.send("increment", increment(COUNTER, COUNTER, AUTH_PW));
        t.send("read counter", read(OWNER, COUNTER, PW, 8, 0));
        t.send("a new counter starts above maxCount", define(BITS, A_COUNTER, 8));
        t.send("its first increment", increment(OWNER, BITS, PW));
        t.send("read it", read(OWNER, BITS, PW, 8, 0));
        t.send("undefine ordinary", undefine(OWNER, ORDINARY));
        t.send("a new orderly index", define(ORDINARY, A_ORDINARY, 16));
        t.send("partial write", write(OWNER, ORDINARY, PW, "01", 0));
        t.send("read", read(OWNER, ORDINARY, PW, 16, 0));
    }

    /**
     * A C-written state dir with orderly indices opens in the engine and one the engine wrote
     * opens in C, after a Shutdown and after none (then the counters move on at Startup).
     */
    @Test
    void stateDirsWithOrderlyIndicesMoveBothWays() throws Exception {
        for (boolean shutdown : new boolean[] {true, false}) {
            StateDirMove.Result moved = StateDirMove.run(preload, makeOrderly(shutdown),
                    OrderlyNvDifferentialTest::useOrderly);
            assertThat(EvictControlDifferentialTest.differences(moved.javaBlob(), moved.cBlob()))
                    .as("permall, Shutdown: %s", shutdown).isEmpty();
            DifferentialRunner.assertSameAnswers("C on the engine's state dir, Shutdown: " + shutdown,
                    moved.reference(), moved.cFromJava());
            DifferentialRunner.assertSameAnswers("the engine on C's state dir, Shutdown: " + shutdown,
                    moved.reference(), moved.javaFromC());
        }
    }

    private static final String VOLATILE = "tpm2-00.volatilestate";

    /** Orderly data in RAM that NV does not have yet (the counter past its first write, a write). */
    private static void makeLiveRam(Transcript t) {
        t.send("Startup", startup(false));
        t.send("define counter", define(COUNTER, A_COUNTER, 8));
        t.send("define ordinary", define(ORDINARY, A_ORDINARY, 16));
        t.send("define bits", define(BITS, A_BITS, 8));
        for (int i = 0; i < 3; i++) {
            t.send("increment", increment(OWNER, COUNTER, PW));
        }
        t.send("write", write(OWNER, ORDINARY, PW, "0102", 4));
        t.send("set bits", setBits(OWNER, BITS, PW, 0x81));
        t.send("write lock is refused without the attribute", lock(0x138, OWNER, ORDINARY, PW));
    }

    private static void useLiveRam(Transcript t) {
        t.send("read the counter", read(OWNER, COUNTER, PW, 8, 0));
        t.send("read the ordinary index", read(OWNER, ORDINARY, PW, 16, 0));
        t.send("read the bits", read(OWNER, BITS, PW, 8, 0));
        t.send("public", readPublic(ORDINARY));
        t.send("increment", increment(OWNER, COUNTER, PW));
        t.send("read the counter again", read(OWNER, COUNTER, PW, 8, 0));
        t.send("Shutdown", shutdown(false));
    }

    /**
     * A volatile state stored while orderly data are only in RAM: C's resumes in the engine and
     * the engine's in C (both answer as C resumed on its own), and the engine's NV block (end of
     * the evict area, the raw RAM area in host order, maxCounter) has C's bytes.
     */
    @Test
    void volatileStatesWithLiveOrderlyDataMoveBothWays() throws Exception {
        List<Transcript.Step> reference;
        byte[] cPermall;
        byte[] cVolatile;
        try (SwtpmProcess c = SwtpmProcess.start(preload)) {
            makeLiveRam(new Transcript(c));
            assertThat(c.storeVolatile()).isZero();
            cPermall = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            cVolatile = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(VOLATILE)));
            c.restartProcess();
            Transcript t = new Transcript(c);
            useLiveRam(t);
            reference = t.steps();
        }
        InMemoryNvStorage fromC = new InMemoryNvStorage();
        fromC.put(StateBlobType.PERMANENT, cPermall);
        fromC.put(StateBlobType.VOLATILE, cVolatile);
        List<Transcript.Step> javaFromC;
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), fromC)) {
            Transcript t = new Transcript(java);
            useLiveRam(t);
            javaFromC = t.steps();
        }
        DifferentialRunner.assertSameAnswers("the engine on C's volatile state", reference, javaFromC);

        InMemoryNvStorage written = new InMemoryNvStorage();
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), written)) {
            makeLiveRam(new Transcript(java));
            assertThat(java.storeVolatile()).isZero();
        }
        byte[] javaPermall = written.load(StateBlobType.PERMANENT).orElseThrow();
        byte[] javaVolatile = written.load(StateBlobType.VOLATILE).orElseThrow();
        assertThat(EvictControlDifferentialTest.differences(javaPermall, cPermall)).as("permall").isEmpty();
        assertThat(java.util.HexFormat.of().formatHex(nvBlock(javaVolatile, javaPermall)))
                .as("the volatile NV block").isEqualTo(java.util.HexFormat.of().formatHex(nvBlock(cVolatile, cPermall)));
        Path dir = Files.createTempDirectory("swtpm-java-orderly-volatile");
        Files.write(dir.resolve(PERMALL), SwtpmPermallDifferentialTest.outerFile(javaPermall));
        Files.write(dir.resolve(VOLATILE), SwtpmPermallDifferentialTest.outerFile(javaVolatile));
        List<Transcript.Step> cFromJava;
        try (SwtpmProcess c = SwtpmProcess.startIn(dir)) {
            Transcript t = new Transcript(c);
            useLiveRam(t);
            cFromJava = t.steps();
        }
        DifferentialRunner.assertSameAnswers("C on the engine's volatile state", reference, cFromJava);
    }

    private static byte[] nvBlock(byte[] volatileBlob, byte[] permall) throws Exception {
        var permanent = org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsPermanentCodec.read(permall,
                org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsPermanentCodec.VERSION_0_9);
        return org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsVolatileCodec.read(volatileBlob, permanent).carried()
                .nvBlock();
    }
}
