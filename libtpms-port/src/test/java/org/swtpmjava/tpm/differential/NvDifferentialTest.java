package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;

/**
 * The NV index commands against the C swtpm with the same fixed entropy: NV_DefineSpace with
 * every kind of index and libtpms' refusals in their order, NV_Write / NV_Read authorized by the
 * owner, the platform and the index's own authValue with the range checks, NV_ReadPublic (Name,
 * TPMA_NV_WRITTEN), NV_UndefineSpace; every answer byte for byte and the permall after each NV
 * change as C writes it.
 */
class NvDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int SESSIONS = 0x8002;
    private static final String OWNER = "40000001";
    private static final String PLATFORM = "4000000c";
    private static final String PERMALL = "tpm2-00.permall";
    /** "abcd" as the authValue of the auth indices. */
    private static final String AUTH = "61626364";
    private static final String AUTH_PW = password(0, AUTH);
    private static final String POLICY = "11".repeat(32);

    private static final String ORDINARY = "01000001";
    private static final String WRITE_ALL = "01000002";
    private static final String PLATFORM_INDEX = "01400001";
    private static final String COUNTER = "01000003";
    private static final String EXTEND = "01000004";
    private static final String BITS = "01000005";
    private static final String PIN_FAIL = "01000006";
    private static final String POLICY_INDEX = "01000007";
    private static final String NO_DA = "01000008";
    private static final String PIN_PASS = "01000009";

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static String nvPublic(String index, String nameAlg, String attributes, String policy, int size) {
        String area = index + nameAlg + attributes + String.format("%04x", policy.length() / 2) + policy
                + String.format("%04x", size);
        return String.format("%04x", area.length() / 2) + area;
    }

    static byte[] define(String authHandle, String auth, String nvPublic) {
        return command(SESSIONS, 0x12A, authHandle + sessions(PW) + String.format("%04x", auth.length() / 2) + auth
                + nvPublic);
    }

    static byte[] define(String index, String attributes, int size) {
        return define(OWNER, AUTH, nvPublic(index, "000b", attributes, "", size));
    }

    static byte[] write(String auth, String index, String session, String data, int offset) {
        return command(SESSIONS, 0x137, auth + index + sessions(session) + String.format("%04x", data.length() / 2)
                + data + String.format("%04x", offset));
    }

    static byte[] read(String auth, String index, String session, int size, int offset) {
        return command(SESSIONS, 0x14E, auth + index + sessions(session) + String.format("%04x%04x", size, offset));
    }

    static byte[] readPublic(String index) {
        return command(NO_SESSIONS, 0x169, index);
    }

    static byte[] undefine(String auth, String index) {
        return command(SESSIONS, 0x122, auth + index + sessions(PW));
    }

    /** One side of a scenario: the TPM, its transcript, and how to read its permall now. */
    record Side(TpmUnderTest tpm, Transcript transcript, Supplier<byte[]> permall) {
        void send(String label, byte[] command) {
            transcript.send(label, command);
        }
    }

    /** A scenario run on both sides; {@code step} compares the permalls after an NV change. */
    interface Scenario {
        void run(List<Side> both, Consumer<String> step);
    }

    private static void onBoth(Scenario scenario) {
        onBoth("NV", preload, scenario);
    }

    /**
     * Runs {@code scenario} on a C swtpm (with the RAND_bytes preload) and on the engine; their
     * answers must be the same, and so must their permalls at every {@code step}.
     */
    static void onBoth(String label, Path preload, Scenario scenario) {
        InMemoryNvStorage storage = new InMemoryNvStorage();
        try (SwtpmProcess c = SwtpmProcess.start(preload); JavaTpm java = new JavaTpm(new FixedEntropy(), storage)) {
            Side cs = new Side(c, new Transcript(c), () -> {
                try {
                    return SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Side js = new Side(java, new Transcript(java), () -> storage.load(StateBlobType.PERMANENT).orElseThrow());
            SoftAssertions permalls = new SoftAssertions();
            Consumer<String> step = after -> permalls.assertThat(
                    EvictControlDifferentialTest.differences(js.permall().get(), cs.permall().get()))
                    .as("permall after %s", after).isEmpty();
            scenario.run(List.of(cs, js), step);
            DifferentialRunner.assertSameAnswers(label, cs.transcript().steps(), js.transcript().steps());
            permalls.assertAll();
        }
    }

    @Test
    void nvIndicesBehaveAndAreStoredAsInC() {
        onBoth(NvDifferentialTest::definitionsReadsAndWrites);
    }

    private static void definitionsReadsAndWrites(List<Side> both, Consumer<String> step) {
        {
            both.forEach(s -> s.send("Startup", command(NO_SESSIONS, 0x144, "0000")));
            refusedDefinitions(both);
            String[][] indices = {
                {ORDINARY, "00060006", "32", "ordinary, owner and auth read/write"},
                {WRITE_ALL, "00021002", "16", "ordinary, owner only, WRITEALL"},
                {COUNTER, "00060016", "8", "counter"},
                {EXTEND, "00060046", "32", "extend"},
                {BITS, "00060026", "8", "bits"},
                {PIN_FAIL, "02060082", "8", "PIN fail"},
                {NO_DA, "02060006", "4", "noDA"},
            };
            for (String[] index : indices) {
                both.forEach(s -> s.send("define " + index[3],
                        define(index[0], index[1], Integer.parseInt(index[2]))));
                step.accept("define " + index[3]);
            }
            both.forEach(s -> s.send("define platform index", define(PLATFORM, AUTH,
                    nvPublic(PLATFORM_INDEX, "000b", "40050001", "", 8))));
            step.accept("define platform index");
            both.forEach(s -> s.send("define policy index", define(OWNER, "", nvPublic(POLICY_INDEX, "000b",
                    "000a0008", POLICY, 8))));
            step.accept("define policy index");
            for (Side s : both) {
                s.send("again", define(ORDINARY, "00060006", 32));
                s.send("NV index handles", getCapability(1, 0x01000000L, 20));
                s.send("NV counts", getCapability(6, 0x202, 10));
                for (String[] index : indices) {
                    s.send("NV_ReadPublic " + index[3], readPublic(index[0]));
                }
                s.send("NV_ReadPublic platform", readPublic(PLATFORM_INDEX));
                s.send("NV_ReadPublic policy", readPublic(POLICY_INDEX));
                s.send("NV_ReadPublic undefined", readPublic("01000099"));
                s.send("NV_ReadPublic not an NV handle", readPublic("81000001"));
                s.send("read before written (owner)", read(OWNER, ORDINARY, PW, 4, 0));
                s.send("read before written (index)", read(ORDINARY, ORDINARY, AUTH_PW, 4, 0));
            }
            both.forEach(s -> s.send("write by the index", write(ORDINARY, ORDINARY, AUTH_PW, "68656c6c6f", 3)));
            step.accept("write by the index");
            for (Side s : both) {
                s.send("NV_ReadPublic written", readPublic(ORDINARY));
                s.send("read by the owner", read(OWNER, ORDINARY, PW, 32, 0));
                s.send("read by the index", read(ORDINARY, ORDINARY, AUTH_PW, 5, 3));
                s.send("read at the end", read(OWNER, ORDINARY, PW, 0, 32));
                s.send("read offset beyond", read(OWNER, ORDINARY, PW, 0, 33));
                s.send("read range beyond", read(OWNER, ORDINARY, PW, 4, 30));
                s.send("read too much", read(OWNER, ORDINARY, PW, 1025, 0));
                s.send("read by the platform", read(PLATFORM, ORDINARY, PW, 4, 0));
                s.send("read by another index", read(NO_DA, ORDINARY, AUTH_PW, 4, 0));
                s.send("read by a persistent handle", read("81000001", ORDINARY, PW, 4, 0));
                s.send("read undefined index", read(OWNER, "01000099", PW, 4, 0));
                s.send("write offset beyond", write(OWNER, ORDINARY, PW, "01", 33));
                s.send("write range beyond", write(OWNER, ORDINARY, PW, "0102", 31));
                s.send("write too much", write(OWNER, ORDINARY, PW, "00".repeat(1025), 0));
                s.send("write by the platform", write(PLATFORM, ORDINARY, PW, "01", 0));
                s.send("partial WRITEALL", write(OWNER, WRITE_ALL, PW, "00".repeat(8), 0));
                s.send("WRITEALL by its authValue", write(WRITE_ALL, WRITE_ALL, AUTH_PW, "00".repeat(16), 0));
                s.send("write a counter", write(OWNER, COUNTER, PW, "00".repeat(8), 0));
                s.send("write an extend index", write(OWNER, EXTEND, PW, "00".repeat(8), 0));
                s.send("write a bits index", write(OWNER, BITS, PW, "00".repeat(8), 0));
                s.send("PIN read before written", read(PIN_FAIL, PIN_FAIL, AUTH_PW, 8, 0));
                s.send("platform index by the owner", write(OWNER, PLATFORM_INDEX, PW, "01", 0));
                s.send("policy index by password", write(POLICY_INDEX, POLICY_INDEX, PW, "01", 0));
            }
            both.forEach(s -> s.send("WRITEALL", write(OWNER, WRITE_ALL, PW, "ab".repeat(16), 0)));
            step.accept("WRITEALL");
            both.forEach(s -> s.send("PIN write", write(OWNER, PIN_FAIL, PW, "0000000000000003", 0)));
            step.accept("PIN write");
            both.forEach(s -> s.send("platform write", write(PLATFORM, PLATFORM_INDEX, PW, "0102030405060708", 0)));
            step.accept("platform write");
            both.forEach(s -> s.send("noDA wrong password", write(NO_DA, NO_DA, password(0, "00ff"), "01", 0)));
            step.accept("noDA wrong password");
            both.forEach(s -> s.send("DA index wrong password", write(ORDINARY, ORDINARY, password(0, "00ff"), "01",
                    0)));
            step.accept("DA index wrong password");
            String wrong = password(0, "77");
            for (Side s : both) {
                s.send("PIN fail: wrong", read(PIN_FAIL, PIN_FAIL, wrong, 8, 0));
                s.send("PIN fail: count 1", read(OWNER, PIN_FAIL, PW, 8, 0));
                s.send("PIN read", read(PIN_FAIL, PIN_FAIL, AUTH_PW, 8, 0));
                s.send("PIN fail: count reset", read(OWNER, PIN_FAIL, PW, 8, 0));
                for (int i = 0; i < 3; i++) {
                    s.send("PIN fail: wrong " + i, read(PIN_FAIL, PIN_FAIL, wrong, 8, 0));
                }
                s.send("PIN fail: at the limit", read(PIN_FAIL, PIN_FAIL, AUTH_PW, 8, 0));
                s.send("PIN fail: count 3", read(OWNER, PIN_FAIL, PW, 8, 0));
                s.send("PIN pass: define", define(PIN_PASS, "00060092", 8));
                s.send("PIN pass: not written", read(PIN_PASS, PIN_PASS, AUTH_PW, 8, 0));
                s.send("PIN pass: write", write(OWNER, PIN_PASS, PW, "0000000000000002", 0));
                s.send("PIN pass: use 1", read(PIN_PASS, PIN_PASS, AUTH_PW, 8, 0));
                s.send("PIN pass: wrong", read(PIN_PASS, PIN_PASS, wrong, 8, 0));
                s.send("PIN pass: use 2", read(PIN_PASS, PIN_PASS, AUTH_PW, 8, 0));
                s.send("PIN pass: at the limit", read(PIN_PASS, PIN_PASS, AUTH_PW, 8, 0));
                s.send("PIN pass: count", read(OWNER, PIN_PASS, PW, 8, 0));
                s.send("PIN pass: undefine", undefine(OWNER, PIN_PASS));
                s.send("WRITEALL read", read(OWNER, WRITE_ALL, PW, 16, 0));
                s.send("platform index read by itself", read(PLATFORM_INDEX, PLATFORM_INDEX, AUTH_PW, 8, 0));
                s.send("platform index read by the owner", read(OWNER, PLATFORM_INDEX, PW, 8, 0));
                s.send("NV_ReadPublic platform written", readPublic(PLATFORM_INDEX));
                s.send("owner undefines platform index", undefine(OWNER, PLATFORM_INDEX));
                s.send("undefine undefined", undefine(OWNER, "01000099"));
                s.send("undefine by endorsement", undefine("4000000b", ORDINARY));
            }
            both.forEach(s -> s.send("platform undefines an owner index", undefine(PLATFORM, WRITE_ALL)));
            step.accept("platform undefines an owner index");
            both.forEach(s -> s.send("owner undefines", undefine(OWNER, ORDINARY)));
            step.accept("owner undefines");
            both.forEach(s -> s.send("platform undefines its index", undefine(PLATFORM, PLATFORM_INDEX)));
            step.accept("platform undefines its index");
            both.forEach(s -> s.send("redefine", define(ORDINARY, "00060006", 32)));
            step.accept("redefine");
            for (Side s : both) {
                s.send("NV index handles at the end", getCapability(1, 0x01000000L, 20));
                s.send("NV counts at the end", getCapability(6, 0x202, 10));
                s.send("Shutdown", command(NO_SESSIONS, 0x145, "0000"));
            }
            step.accept("Shutdown");
        }
    }

    @Test
    void countersBitsExtendLocksAndPoliciesBehaveAsInC() {
        onBoth(NvDifferentialTest::typesLocksAndPolicies);
    }

    /** PolicyCommandCode(code) from the empty SHA-256 policy. */
    static String commandCodePolicy(int code) {
        try {
            java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
            sha256.update(new byte[32]);
            sha256.update(java.nio.ByteBuffer.allocate(8).putInt(0x16C).putInt(code).array());
            return org.swtpmjava.tpm.TestBytes.hex(sha256.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PolicyNvWritten(written) from the empty SHA-256 policy. */
    static String nvWrittenPolicy(boolean written) {
        try {
            java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
            sha256.update(new byte[32]);
            sha256.update(java.nio.ByteBuffer.allocate(5).putInt(0x18F).put((byte) (written ? 1 : 0)).array());
            return org.swtpmjava.tpm.TestBytes.hex(sha256.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void policyNvWrittenSeesTheIndexAsInC() {
        String written = "01000021";
        String unwritten = "01000022";
        onBoth((both, step) -> {
            for (Side s : both) {
                s.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
                // POLICYREAD | POLICYWRITE | OWNERWRITE | OWNERREAD | NO_DA
                s.send("define", define(OWNER, "", nvPublic(written, "000b", "020a000a", nvWrittenPolicy(true), 8)));
                s.send("define unwritten", define(OWNER, "", nvPublic(unwritten, "000b", "020a000a",
                        nvWrittenPolicy(true), 8)));
                s.send("write", write(OWNER, written, PW, "0102030405060708", 0));
                s.send("policy session", startPolicySession());
                s.send("PolicyNvWritten(yes)", command(NO_SESSIONS, 0x18F, "03000000 01"));
                s.send("read through the policy", read(written, written, POLICY_SESSION, 8, 0));
                s.send("PolicyNvWritten(yes) again", command(NO_SESSIONS, 0x18F, "03000000 01"));
                s.send("read the unwritten one", read(unwritten, unwritten, POLICY_SESSION, 8, 0));
                s.send("PolicyRestart", command(NO_SESSIONS, 0x180, "03000000"));
                s.send("PolicyNvWritten(no)", command(NO_SESSIONS, 0x18F, "03000000 00"));
                s.send("read with the wrong digest", read(written, written, POLICY_SESSION, 8, 0));
                s.send("PolicyRestart again", command(NO_SESSIONS, 0x180, "03000000"));
                s.send("PolicyNvWritten(yes) for a write", command(NO_SESSIONS, 0x18F, "03000000 01"));
                s.send("write the unwritten one through the policy (NvWritten fails)",
                        write(unwritten, unwritten, POLICY_SESSION, "01", 0));
            }
            step.accept("PolicyNvWritten");
        });
    }

    static byte[] policyNv(String auth, String index, String session, String operand, int offset,
                                   int operation) {
        return command(SESSIONS, 0x149, auth + index + "03000000" + sessions(session)
                + String.format("%04x", operand.length() / 2) + operand + String.format("%04x%04x", offset, operation));
    }

    @Test
    void policyNvComparesIndexDataAsInC() {
        String index = "01000031";
        String unwritten = "01000032";
        onBoth((both, step) -> {
            for (Side s : both) {
                s.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
                s.send("define", define(index, "02060006", 8));
                s.send("define unwritten", define(unwritten, "02060006", 8));
                s.send("write", write(OWNER, index, PW, "0102030405060708", 0));
                s.send("policy session", startPolicySession());
                s.send("PolicyNV eq by the owner", policyNv(OWNER, index, PW, "0304", 2, 0));
                s.send("PolicyNV unsigned ge by the index", policyNv(index, index, AUTH_PW, "0500", 4, 7));
                s.send("PolicyNV signed lt", policyNv(OWNER, index, PW, "7f", 0, 4));
                s.send("digest", command(NO_SESSIONS, 0x189, "03000000"));
                s.send("PolicyNV neq fails", policyNv(OWNER, index, PW, "0304", 2, 1));
                s.send("PolicyNV offset beyond", policyNv(OWNER, index, PW, "", 9, 0));
                s.send("PolicyNV operand beyond", policyNv(OWNER, index, PW, "0708", 7, 0));
                s.send("PolicyNV bad operation", policyNv(OWNER, index, PW, "07", 6, 12));
                s.send("PolicyNV unwritten", policyNv(OWNER, unwritten, PW, "07", 0, 0));
                s.send("PolicyNV by the platform", policyNv(PLATFORM, index, PW, "07", 0, 0));
                s.send("PolicyNV wrong password", policyNv(index, index, password(0, "00"), "07", 0, 0));
                s.send("flush", command(NO_SESSIONS, 0x165, "03000000"));
                s.send("trial session", command(NO_SESSIONS, 0x176, "40000007 40000007 0020" + "22".repeat(32)
                        + "0000 03 0010 000b"));
                s.send("trial PolicyNV on the unwritten index", policyNv(OWNER, unwritten, PW, "07", 0, 0));
                s.send("trial digest", command(NO_SESSIONS, 0x189, "03000000"));
            }
            step.accept("PolicyNV");
        });
    }

    @Test
    void policyAuthorizeNvChecksTheStoredDigestAsInC() {
        String index = "01000041";
        String small = "01000042";
        String unwritten = "01000043";
        onBoth((both, step) -> {
            for (Side s : both) {
                s.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
                s.send("define", define(index, "02060006", 34));
                s.send("define small", define(small, "02060006", 4));
                s.send("define unwritten", define(unwritten, "02060006", 34));
                s.send("store the policy", write(OWNER, index, PW, "000b" + commandCodePolicy(0x137), 0));
                s.send("store too little", write(OWNER, small, PW, "000b0102", 0));
                s.send("policy session", startPolicySession());
                s.send("unwritten", command(SESSIONS, 0x192, OWNER + unwritten + "03000000" + sessions(PW)));
                s.send("too small", command(SESSIONS, 0x192, OWNER + small + "03000000" + sessions(PW)));
                s.send("wrong digest", command(SESSIONS, 0x192, OWNER + index + "03000000" + sessions(PW)));
                s.send("policy command code", policyCommandCode(0x137));
                s.send("authorize", command(SESSIONS, 0x192, OWNER + index + "03000000" + sessions(PW)));
                s.send("digest", command(NO_SESSIONS, 0x189, "03000000"));
                s.send("by the platform", command(SESSIONS, 0x192, PLATFORM + index + "03000000" + sessions(PW)));
                s.send("store SHA-1", write(OWNER, index, PW, "0004", 0));
                s.send("restart", command(NO_SESSIONS, 0x180, "03000000"));
                s.send("policy command code again", policyCommandCode(0x137));
                s.send("SHA-1 stored", command(SESSIONS, 0x192, OWNER + index + "03000000" + sessions(PW)));
                s.send("store NULL", write(OWNER, index, PW, "0010", 0));
                s.send("NULL stored", command(SESSIONS, 0x192, OWNER + index + "03000000" + sessions(PW)));
                s.send("flush", command(NO_SESSIONS, 0x165, "03000000"));
                s.send("trial session", command(NO_SESSIONS, 0x176, "40000007 40000007 0020" + "22".repeat(32)
                        + "0000 03 0010 000b"));
                s.send("trial", command(SESSIONS, 0x192, OWNER + unwritten + "03000000" + sessions(PW)));
                s.send("trial digest", command(NO_SESSIONS, 0x189, "03000000"));
            }
            step.accept("PolicyAuthorizeNV");
        });
    }

    /** StartAuthSession of an unsalted, unbound SHA-256 policy session (0x03000000 when none is loaded). */
    static byte[] startPolicySession() {
        return command(NO_SESSIONS, 0x176, "40000007 40000007 0020" + "22".repeat(32) + "0000 01 0010 000b");
    }

    static byte[] policyCommandCode(int code) {
        return command(NO_SESSIONS, 0x16C, "03000000" + String.format("%08x", code));
    }

    static final String POLICY_SESSION = "03000000 0000 01 0000";
    private static final String LOCKS = "01000011";
    private static final String WRITE_DEFINE = "01000012";
    private static final String GLOBAL = "01000013";
    private static final String CLEAR_ST = "01000014";
    private static final String LOCKS_UNWRITTEN = "01000017";
    private static final String CHANGE_AUTH = "01000015";
    private static final String POLICY_DELETE = "01400016";

    static byte[] increment(String auth, String index, String session) {
        return command(SESSIONS, 0x134, auth + index + sessions(session));
    }

    static byte[] setBits(String auth, String index, String session, long bits) {
        return command(SESSIONS, 0x135, auth + index + sessions(session) + String.format("%016x", bits));
    }

    static byte[] extend(String auth, String index, String session, String data) {
        return command(SESSIONS, 0x136, auth + index + sessions(session) + String.format("%04x", data.length() / 2)
                + data);
    }

    static byte[] lock(int code, String auth, String index, String session) {
        return command(SESSIONS, code, auth + index + sessions(session));
    }

    private static void typesLocksAndPolicies(List<Side> both, Consumer<String> step) {
        both.forEach(s -> s.send("Startup", command(NO_SESSIONS, 0x144, "0000")));
        String[][] indices = {
            {COUNTER, "02060016", "8", "counter"},
            {EXTEND, "02060046", "32", "extend"},
            {BITS, "02060026", "8", "bits"},
            {ORDINARY, "02060006", "16", "ordinary"},
            {LOCKS, "82064006", "8", "WRITE_STCLEAR, READ_STCLEAR"},
            {LOCKS_UNWRITTEN, "82064006", "8", "READ_STCLEAR, unwritten"},
            {WRITE_DEFINE, "02062006", "8", "WRITEDEFINE"},
            {GLOBAL, "02068006", "8", "GLOBALLOCK"},
            {CLEAR_ST, "0a060006", "8", "CLEAR_STCLEAR"},
        };
        for (String[] index : indices) {
            both.forEach(s -> s.send("define " + index[3], define(index[0], index[1], Integer.parseInt(index[2]))));
            step.accept("define " + index[3]);
        }
        both.forEach(s -> s.send("define ChangeAuth index", define(OWNER, AUTH, nvPublic(CHANGE_AUTH, "000b",
                "02060006", commandCodePolicy(0x13B), 8))));
        step.accept("define ChangeAuth index");
        both.forEach(s -> s.send("define POLICY_DELETE index", define(PLATFORM, AUTH, nvPublic(POLICY_DELETE, "000b",
                "40050401", commandCodePolicy(0x11F), 8))));
        step.accept("define POLICY_DELETE index");
        for (Side s : both) {
            s.send("read counter before increment", read(OWNER, COUNTER, PW, 8, 0));
            s.send("increment by the index", increment(COUNTER, COUNTER, AUTH_PW));
            s.send("increment by the owner", increment(OWNER, COUNTER, PW));
            s.send("increment by the platform", increment(PLATFORM, COUNTER, PW));
            s.send("increment an ordinary index", increment(OWNER, ORDINARY, PW));
            s.send("read counter", read(OWNER, COUNTER, PW, 8, 0));
            s.send("set bits", setBits(OWNER, BITS, PW, 0x5));
            s.send("set more bits", setBits(BITS, BITS, AUTH_PW, 0x8000000000000030L));
            s.send("set bits of a counter", setBits(OWNER, COUNTER, PW, 1));
            s.send("read bits", read(OWNER, BITS, PW, 8, 0));
            s.send("extend", extend(OWNER, EXTEND, PW, "616263"));
            s.send("extend again", extend(EXTEND, EXTEND, AUTH_PW, ""));
            s.send("extend a bits index", extend(OWNER, BITS, PW, "00"));
            s.send("extend too much", extend(OWNER, EXTEND, PW, "00".repeat(1025)));
            s.send("read extend", read(OWNER, EXTEND, PW, 32, 0));
            s.send("read public extend", readPublic(EXTEND));
            for (String index : List.of(LOCKS, WRITE_DEFINE, GLOBAL, CLEAR_ST)) {
                s.send("write " + index, write(OWNER, index, PW, "0102030405060708", 0));
            }
            s.send("write lock without a lock attribute", lock(0x138, OWNER, ORDINARY, PW));
            s.send("write lock", lock(0x138, OWNER, LOCKS, PW));
            s.send("write lock again", lock(0x138, OWNER, LOCKS, PW));
            s.send("write lock by the platform", lock(0x138, PLATFORM, WRITE_DEFINE, PW));
            s.send("read lock by the platform", lock(0x14F, PLATFORM, LOCKS, PW));
            s.send("read lock unwritten", lock(0x14F, OWNER, LOCKS_UNWRITTEN, PW));
            s.send("write lock WRITEDEFINE", lock(0x138, WRITE_DEFINE, WRITE_DEFINE, AUTH_PW));
            s.send("read lock without READ_STCLEAR", lock(0x14F, OWNER, ORDINARY, PW));
            s.send("read lock", lock(0x14F, OWNER, LOCKS, PW));
            s.send("read lock again", lock(0x14F, OWNER, LOCKS, PW));
            s.send("global write lock", command(SESSIONS, 0x132, OWNER + sessions(PW)));
            s.send("global write lock by the endorsement", command(SESSIONS, 0x132, "4000000b" + sessions(PW)));
            for (String index : List.of(LOCKS, LOCKS_UNWRITTEN, WRITE_DEFINE, GLOBAL, CLEAR_ST)) {
                s.send("write locked " + index, write(OWNER, index, PW, "01", 0));
                s.send("read " + index, read(OWNER, index, PW, 8, 0));
                s.send("public " + index, readPublic(index));
            }
            s.send("write lock by a locked index", lock(0x138, LOCKS, LOCKS, AUTH_PW));
            s.send("ChangeAuth by password", command(SESSIONS, 0x13B, CHANGE_AUTH + sessions(PW) + "0002 7878"));
            s.send("policy session", startPolicySession());
            s.send("policy command code", policyCommandCode(0x13B));
            s.send("ChangeAuth too long", command(SESSIONS, 0x13B, CHANGE_AUTH + sessions(POLICY_SESSION) + "0021"
                    + "78".repeat(33)));
        }
        step.accept("locks");
        both.forEach(s -> s.send("ChangeAuth", command(SESSIONS, 0x13B, CHANGE_AUTH + sessions(POLICY_SESSION)
                + "0004 78780000")));
        step.accept("ChangeAuth");
        for (Side s : both) {
            s.send("write with the old authValue", write(CHANGE_AUTH, CHANGE_AUTH, AUTH_PW, "01", 0));
            s.send("write with the new authValue", write(CHANGE_AUTH, CHANGE_AUTH, password(0, "7878"), "01", 0));
            s.send("UndefineSpace of a POLICY_DELETE index", undefine(PLATFORM, POLICY_DELETE));
            s.send("policy session", startPolicySession());
            s.send("policy command code", policyCommandCode(0x11F));
            s.send("UndefineSpaceSpecial of an ordinary index", command(SESSIONS, 0x11F, CHANGE_AUTH + PLATFORM
                    + sessions(POLICY_SESSION, PW)));
            s.send("UndefineSpaceSpecial with a password", command(SESSIONS, 0x11F, POLICY_DELETE + PLATFORM
                    + sessions(PW, PW)));
            s.send("UndefineSpaceSpecial", command(SESSIONS, 0x11F, POLICY_DELETE + PLATFORM
                    + sessions(POLICY_SESSION, PW)));
            s.send("public of the removed index", readPublic(POLICY_DELETE));
        }
        step.accept("UndefineSpaceSpecial");
        both.forEach(s -> s.send("undefine the counter", undefine(OWNER, COUNTER)));
        step.accept("undefine the counter");
        both.forEach(s -> s.send("a new counter", define(COUNTER, "02060016", 8)));
        for (Side s : both) {
            s.send("its first increment", increment(OWNER, COUNTER, PW));
            s.send("read it", read(OWNER, COUNTER, PW, 8, 0));
        }
        step.accept("a new counter");
        String[][] cycles = {{"0001", "0001", "resume"}, {"0001", "0000", "restart"}, {"0000", "0000", "reset"}};
        for (String[] cycle : cycles) {
            for (Side s : both) {
                s.send("Shutdown before " + cycle[2], command(NO_SESSIONS, 0x145, cycle[0]));
                s.tpm().init();
                s.send("Startup " + cycle[2], command(NO_SESSIONS, 0x144, cycle[1]));
                for (String index : List.of(LOCKS, LOCKS_UNWRITTEN, WRITE_DEFINE, GLOBAL, CLEAR_ST)) {
                    s.send(cycle[2] + ": public " + index, readPublic(index));
                    s.send(cycle[2] + ": read " + index, read(OWNER, index, PW, 8, 0));
                }
            }
            step.accept(cycle[2]);
        }
    }

    @Test
    void hierarchiesHideAndClearFlushIndicesAsInC() {
        onBoth(NvDifferentialTest::hierarchies);
    }

    private static byte[] hierarchyControl(String enable, boolean on) {
        return command(SESSIONS, 0x121, PLATFORM + sessions(PW) + enable + (on ? "01" : "00"));
    }

    private static void hierarchies(List<Side> both, Consumer<String> step) {
        both.forEach(s -> s.send("Startup", command(NO_SESSIONS, 0x144, "0000")));
        both.forEach(s -> s.send("define owner index", define(ORDINARY, "02060006", 8)));
        both.forEach(s -> s.send("define second owner index", define(NO_DA, "02060006", 16)));
        both.forEach(s -> s.send("define platform index", define(PLATFORM, AUTH,
                nvPublic(PLATFORM_INDEX, "000b", "42050001", "", 8))));
        step.accept("definitions");
        for (Side s : both) {
            s.send("write owner index", write(OWNER, ORDINARY, PW, "0102", 0));
            s.send("write platform index", write(PLATFORM, PLATFORM_INDEX, PW, "0102", 0));
            s.send("owner hierarchy off", hierarchyControl(OWNER, false));
            s.send("owner index, owner off", readPublic(ORDINARY));
            s.send("read owner index by itself, owner off", read(ORDINARY, ORDINARY, AUTH_PW, 2, 0));
            s.send("platform index, owner off", readPublic(PLATFORM_INDEX));
            s.send("read platform index by the platform, owner off", read(PLATFORM, PLATFORM_INDEX, PW, 2, 0));
            s.send("define, owner off", define(WRITE_ALL, "02060006", 8));
            s.send("define by the platform, owner off", define(PLATFORM, AUTH,
                    nvPublic("01400002", "000b", "42050001", "", 8)));
            s.send("NV handles, owner off", getCapability(1, 0x01000000L, 20));
            s.send("platform NV off", hierarchyControl("4000000d", false));
            s.send("platform index, platform NV off", readPublic(PLATFORM_INDEX));
            s.send("read platform index, platform NV off", read(PLATFORM, PLATFORM_INDEX, PW, 2, 0));
            s.send("undefine platform index, platform NV off", undefine(PLATFORM, PLATFORM_INDEX));
            s.send("define by the platform, platform NV off", define(PLATFORM, AUTH,
                    nvPublic("01400003", "000b", "42050001", "", 8)));
            s.send("platform NV on", hierarchyControl("4000000d", true));
            s.send("owner on", hierarchyControl(OWNER, true));
            s.send("owner index, owner on", readPublic(ORDINARY));
        }
        step.accept("hierarchy control");
        both.forEach(s -> s.send("Clear", command(SESSIONS, 0x126, PLATFORM + sessions(PW))));
        step.accept("Clear");
        for (Side s : both) {
            s.send("owner index after Clear", readPublic(ORDINARY));
            s.send("platform index after Clear", readPublic(PLATFORM_INDEX));
            s.send("NV handles after Clear", getCapability(1, 0x01000000L, 20));
        }
        both.forEach(s -> s.send("define after Clear", define(ORDINARY, "02060006", 24)));
        step.accept("define after Clear");
        both.forEach(s -> s.send("write after Clear", write(OWNER, ORDINARY, PW, "01", 0)));
        step.accept("write after Clear");
        both.forEach(s -> s.send("read after Clear", read(OWNER, ORDINARY, PW, 24, 0)));
    }

    /** What a state dir with NV indices is made of: indices of several kinds, written, then Shutdown. */
    private static void makeIndices(Transcript t) {
        t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
        t.send("define ordinary", define(ORDINARY, "02060006", 32));
        t.send("write it", write(ORDINARY, ORDINARY, AUTH_PW, "68656c6c6f", 2));
        t.send("define counter", define(COUNTER, "02060016", 8));
        t.send("increment", increment(OWNER, COUNTER, PW));
        t.send("define a deleted counter", define(BITS, "02060016", 8));
        t.send("increment it", increment(OWNER, BITS, PW));
        t.send("increment it again", increment(OWNER, BITS, PW));
        t.send("undefine it", undefine(OWNER, BITS));
        t.send("define extend", define(EXTEND, "02060046", 32));
        t.send("define platform index", define(PLATFORM, AUTH, nvPublic(PLATFORM_INDEX, "000b", "42050001", "", 8)));
        t.send("write it", write(PLATFORM, PLATFORM_INDEX, PW, "0102030405060708", 0));
        t.send("define WRITEDEFINE", define(WRITE_DEFINE, "02062006", 8));
        t.send("write it", write(OWNER, WRITE_DEFINE, PW, "0102030405060708", 0));
        t.send("lock it", lock(0x138, OWNER, WRITE_DEFINE, PW));
        t.send("Shutdown", command(NO_SESSIONS, 0x145, "0000"));
        assertThat(t.steps()).extracting(step -> step.answer().substring(12, 20)).containsOnly("00000000");
    }

    private static void useIndices(Transcript t) {
        t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
        t.send("NV handles", getCapability(1, 0x01000000L, 20));
        t.send("NV counts", getCapability(6, 0x202, 10));
        for (String index : List.of(ORDINARY, COUNTER, EXTEND, PLATFORM_INDEX, WRITE_DEFINE)) {
            t.send("public " + index, readPublic(index));
        }
        t.send("read ordinary by the index", read(ORDINARY, ORDINARY, AUTH_PW, 32, 0));
        t.send("read counter", read(OWNER, COUNTER, PW, 8, 0));
        t.send("read platform index", read(PLATFORM_INDEX, PLATFORM_INDEX, AUTH_PW, 8, 0));
        t.send("write locked index", write(OWNER, WRITE_DEFINE, PW, "01", 0));
        t.send("increment", increment(COUNTER, COUNTER, AUTH_PW));
        t.send("extend", extend(OWNER, EXTEND, PW, "616263"));
        t.send("read extend", read(OWNER, EXTEND, PW, 32, 0));
        t.send("a new counter starts above maxCount", define(BITS, "02060016", 8));
        t.send("its first increment", increment(OWNER, BITS, PW));
        t.send("read it", read(OWNER, BITS, PW, 8, 0));
        t.send("undefine ordinary", undefine(OWNER, ORDINARY));
        t.send("a new index on a freed area", define(ORDINARY, "02060006", 16));
        t.send("partial write", write(OWNER, ORDINARY, PW, "01", 0));
        t.send("read", read(OWNER, ORDINARY, PW, 16, 0));
    }

    /**
     * A C-written state dir with NV indices opens in the engine, and one the engine wrote opens
     * in C: both answer as C on its own state dir.
     */
    @Test
    void stateDirsWithNvIndicesMoveBothWays() throws Exception {
        StateDirMove.Result moved = StateDirMove.run(preload, NvDifferentialTest::makeIndices,
                NvDifferentialTest::useIndices);
        assertThat(EvictControlDifferentialTest.differences(moved.javaBlob(), moved.cBlob())).isEmpty();
        DifferentialRunner.assertSameAnswers("C on the engine's state dir", moved.reference(), moved.cFromJava());
        DifferentialRunner.assertSameAnswers("the engine on C's state dir", moved.reference(), moved.javaFromC());
    }

    /** With an ordinary index and an orderly one (whose Name comes from its attributes in RAM). */
    @org.junit.jupiter.params.ParameterizedTest(name = "attributes {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"02060006", "06060006"})
    void hmacSessionsUseTheIndexNameAsInC(String attributes) {
        onBoth((both, step) -> {
            for (Side s : both) {
                SessionClient client = new SessionClient(true);
                Transcript t = s.transcript();
                s.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
                s.send("define", define(ORDINARY, attributes, 32));
                client.entityNames.put(0x01000001, nameOf(t.send("public", readPublic(ORDINARY))));
                SessionClient.Session hmac = client.start(t, "HMAC session", 0x40000007, "", 0x00, SessionClient.AES,
                        128, SessionClient.SHA256, 32);
                byte[] writeParameters = org.swtpmjava.tpm.TestBytes.hex("0005 68656c6c6f 0001");
                client.send(t, "write, encrypted, by the index", 0x137, new int[] {0x01000001, 0x01000001},
                        writeParameters, false, SessionClient.Use.hmac(hmac, SessionClient.CONTINUE
                                | SessionClient.DECRYPT, AUTH));
                client.send(t, "write with the Name before it was written", 0x137,
                        new int[] {0x01000001, 0x01000001}, writeParameters, false,
                        SessionClient.Use.hmac(hmac, SessionClient.CONTINUE, AUTH));
                client.entityNames.put(0x01000001, nameOf(t.send("public written", readPublic(ORDINARY))));
                client.send(t, "read, encrypted, by the owner", 0x14E, new int[] {0x40000001, 0x01000001},
                        org.swtpmjava.tpm.TestBytes.hex("0008 0000"), false,
                        SessionClient.Use.hmac(hmac, SessionClient.CONTINUE | SessionClient.ENCRYPT, ""));
                SessionClient.Session bound = client.start(t, "session bound to the index", 0x01000001, AUTH, 0x00,
                        SessionClient.NULL, 0, SessionClient.SHA256, 32);
                client.send(t, "read by the index, bound session", 0x14E, new int[] {0x01000001, 0x01000001},
                        org.swtpmjava.tpm.TestBytes.hex("0006 0001"), false,
                        SessionClient.Use.hmac(bound, SessionClient.CONTINUE, AUTH).bound());
                client.send(t, "read by the owner, session bound to the index", 0x14E,
                        new int[] {0x40000001, 0x01000001}, org.swtpmjava.tpm.TestBytes.hex("0006 0001"), false,
                        SessionClient.Use.hmac(bound, SessionClient.CONTINUE, ""));
            }
            step.accept("sessions");
        });
    }

    /** The TPM2B_NAME after the TPM2B_NV_PUBLIC of an NV_ReadPublic response. */
    private static byte[] nameOf(byte[] response) {
        int publicSize = ((response[10] & 0xFF) << 8) | (response[11] & 0xFF);
        int at = 12 + publicSize;
        int nameSize = ((response[at] & 0xFF) << 8) | (response[at + 1] & 0xFF);
        byte[] name = java.util.Arrays.copyOfRange(response, at + 2, at + 2 + nameSize);
        return name;
    }

    /** Definitions libtpms refuses, each with its code. */
    private static void refusedDefinitions(List<Side> both) {
        String[][] refused = {
            {"policy of the wrong size", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00060006", "11".repeat(20), 8)},
            {"authValue too long", OWNER, "61".repeat(33), nvPublic(ORDINARY, "000b", "00060006", "", 8)},
            {"authValue with trailing zeros", OWNER, "61".repeat(32) + "0000", nvPublic("01000010", "000b",
                    "00060006", "", 8)},
            {"type 3", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00060036", "", 8)},
            {"ordinary too big", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00060006", "", 2049)},
            {"ordinary of 2048 with WRITEALL", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00061006", "", 2048)},
            {"extend of the wrong size", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00060046", "", 20)},
            {"counter of 4", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00060016", "", 4)},
            {"counter with CLEAR_STCLEAR", OWNER, AUTH, nvPublic(ORDINARY, "000b", "08060016", "", 8)},
            {"PIN fail without noDA", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00060082", "", 8)},
            {"PIN pass with AUTHWRITE", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00060096", "", 8)},
            {"WRITTEN", OWNER, AUTH, nvPublic(ORDINARY, "000b", "20060006", "", 8)},
            {"WRITELOCKED", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00060806", "", 8)},
            {"READLOCKED", OWNER, AUTH, nvPublic(ORDINARY, "000b", "10060006", "", 8)},
            {"no way to read", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00000006", "", 8)},
            {"no way to write", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00060000", "", 8)},
            {"CLEAR_STCLEAR with WRITEDEFINE", OWNER, AUTH, nvPublic(ORDINARY, "000b", "08062006", "", 8)},
            {"PLATFORMCREATE by the owner", OWNER, AUTH, nvPublic(ORDINARY, "000b", "40060006", "", 8)},
            {"platform without PLATFORMCREATE", PLATFORM, AUTH, nvPublic(ORDINARY, "000b", "00050001", "", 8)},
            {"POLICY_DELETE by the owner", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00060406", "", 8)},
            {"reserved bit", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00060106", "", 8)},
            {"not an NV handle", OWNER, AUTH, nvPublic("81000001", "000b", "00060006", "", 8)},
            {"nameAlg NULL", OWNER, AUTH, nvPublic(ORDINARY, "0010", "00060006", "", 8)},
            {"nameAlg SHA-1, auth of 21", OWNER, "61".repeat(21), nvPublic(ORDINARY, "0004", "00060006", "", 8)},
            {"policy too big", OWNER, AUTH, nvPublic(ORDINARY, "000b", "00060006", "11".repeat(65), 8)},
            {"empty publicInfo", OWNER, AUTH, "0000"},
            {"publicInfo size too big", OWNER, AUTH, "0013" + nvPublic(ORDINARY, "000b", "00060006", "", 8)
                    .substring(4) + "00"},
            {"endorsement", "4000000b", AUTH, nvPublic(ORDINARY, "000b", "00060006", "", 8)},
        };
        for (Side s : both) {
            for (String[] r : refused) {
                s.send("refused: " + r[0], define(r[1], r[2], r[3]));
            }
            s.send("NV_UndefineSpace of the accepted one", undefine(OWNER, "01000010"));
        }
    }
}
