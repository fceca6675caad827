package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.allBanks;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.READ_ALL_BANKS_0_TO_7;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.changeAuth;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.pcrExtend;
import static org.swtpmjava.tpm.differential.SwtpmClockDifferentialTest.clockSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.format.MigrationBlobCodec;
import org.swtpmjava.store.format.StateObjectCodec;
import org.swtpmjava.tpm.EntropySource;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.TpmResult;
import org.swtpmjava.tpm.tpm2.state.OrderlyData;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsPermanentCodec;

/**
 * State directories moving between the C swtpm and the engine (issue state-compat): the C swtpm
 * changes hierarchy auths, DA parameters, a primary policy, PCRs and the clock and stops; its
 * {@code tpm2-00.permall} is loaded into the engine, which must then answer as the C swtpm
 * restarted on the same directory does. Then the reverse: the permall the engine wrote goes into
 * a new C swtpm. The engine's writer must also reproduce C's bytes for an unchanged state.
 */
class SwtpmPermallDifferentialTest {
    private static final String PERMALL = "tpm2-00.permall";
    private static final String OWNER_AUTH = "0a0b";
    private static final String ENDORSEMENT_AUTH = "0c0d0e";
    private static final String LOCKOUT_AUTH = "0f10";
    private static final String POLICY = "0020" + "5a".repeat(32) + "000b";

    /** How the C swtpm's power cycle ended before it was stopped. */
    enum LastShutdown { CLEAR, STATE, NONE }

    @ParameterizedTest
    @EnumSource(LastShutdown.class)
    void cWrittenStateOpensInTheEngineAndTheEnginesStateOpensInC(LastShutdown last) throws Exception {
        List<Transcript.Step> reference;
        List<Transcript.Step> actual;
        byte[] cBlob;
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            prepare(new Transcript(c), last);
            c.restartProcess();
            cBlob = innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            assertThat(LibtpmsPermanentCodec.isPermall(cBlob)).isTrue();
            javaStorage.put(StateBlobType.PERMANENT, cBlob);
            Transcript cTranscript = new Transcript(c);
            afterLoad(cTranscript, last);
            reference = cTranscript.steps();
        }
        try (JavaTpm java = new JavaTpm(entropy(), javaStorage)) {
            Transcript javaTranscript = new Transcript(java);
            afterLoad(javaTranscript, last);
            actual = javaTranscript.steps();
        }
        DifferentialRunner.assertSameAnswers("", reference, actual);

        byte[] javaBlob = javaStorage.load(StateBlobType.PERMANENT).orElseThrow();
        assertThat(LibtpmsPermanentCodec.isPermall(javaBlob)).as("the engine writes libtpms' format").isTrue();
        Path dir = Files.createTempDirectory("swtpm-java-written");
        Files.write(dir.resolve(PERMALL), outerFile(javaBlob));
        try (SwtpmProcess c = SwtpmProcess.startIn(dir)) {
            Transcript cTranscript = new Transcript(c);
            afterJavaWrote(cTranscript);
            reference = cTranscript.steps();
        }
        try (JavaTpm java = new JavaTpm(entropy(), javaStorage)) {
            Transcript javaTranscript = new Transcript(java);
            afterJavaWrote(javaTranscript);
            actual = javaTranscript.steps();
        }
        DifferentialRunner.assertSameAnswers("", reference, actual);
    }

    @ParameterizedTest
    @EnumSource(LastShutdown.class)
    void engineWritesCsBytesForAnUnchangedState(LastShutdown last) throws Exception {
        byte[] cBlob;
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            prepare(new Transcript(c), last);
            c.restartProcess();
            cBlob = innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
        }
        PermanentState state = LibtpmsPermanentCodec.read(cBlob, LibtpmsPermanentCodec.VERSION_0_9);
        byte[] written = LibtpmsPermanentCodec.write(state.persistent(), state.nv());
        byte[] cAgain = PermallSections.asLibtpmsWritesItAgain(cBlob);
        PermallSections.assertSameSections(written, cAgain);

        InMemoryNvStorage storage = new InMemoryNvStorage();
        try (JavaTpm java = new JavaTpm(entropy(), storage)) {
            java.engine().terminate();
            assertThat(java.engine().setStateBlob(StateBlobType.PERMANENT, cBlob)).isEqualTo(TpmResult.SUCCESS);
            assertThat(java.engine().mainInit()).isEqualTo(TpmResult.SUCCESS);
        }
        PermallSections.assertSameSections(storage.load(StateBlobType.PERMANENT).orElseThrow(), cAgain);
    }

    /**
     * A PCR_Allocate still pending when the C swtpm stopped (PERSISTENT_DATA then holds the new
     * allocation and, in its version 3 block, the old one still in effect): the writer reproduces
     * both, and after loading both sides use the new allocation.
     */
    @Test
    void pendingPcrAllocationTakesEffectAfterLoading() throws Exception {
        List<Transcript.Step> reference;
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            Transcript t = new Transcript(c);
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("PCR_Allocate SHA-256 only", SwtpmPcrAdminDifferentialTest.allocate(PW,
                    "00000004 0004 03 000000 000b 03 ffffff 000c 03 000000 000d 03 000000"));
            assertThat(t.steps().get(1).answer()).startsWith("80020000");
            c.restartProcess();
            byte[] cBlob = innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            PermanentState state = LibtpmsPermanentCodec.read(cBlob, LibtpmsPermanentCodec.VERSION_0_9);
            assertThat(state.nv().unmodeled().pcrAllocationWhenWritten()).isNotEqualTo(state.persistent().pcrAllocated());
            PermallSections.assertSameSections(LibtpmsPermanentCodec.write(state.persistent(), state.nv()), cBlob);
            javaStorage.put(StateBlobType.PERMANENT, cBlob);
            Transcript cTranscript = new Transcript(c);
            cTranscript.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            observe(cTranscript, "after the reset");
            reference = cTranscript.steps();
        }
        try (JavaTpm java = new JavaTpm(entropy(), javaStorage)) {
            Transcript t = new Transcript(java);
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            observe(t, "after the reset");
            DifferentialRunner.assertSameAnswers("", reference, t.steps());
        }
    }

    /**
     * A TPM manufactured by the engine (no libtpms blob behind it: the NV areas, DRBG test words
     * and slot mask are the writer's defaults), changed and shut down with Shutdown(STATE), opens
     * in the C swtpm, which resumes it as the engine does.
     */
    @Test
    void engineManufacturedStateOpensInC() throws Exception {
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        try (JavaTpm java = new JavaTpm(entropy(), javaStorage)) {
            prepare(new Transcript(java), LastShutdown.STATE);
        }
        Path dir = Files.createTempDirectory("swtpm-java-written");
        Files.write(dir.resolve(PERMALL), outerFile(javaStorage.load(StateBlobType.PERMANENT).orElseThrow()));
        List<Transcript.Step> reference;
        try (SwtpmProcess c = SwtpmProcess.startIn(dir)) {
            Transcript t = new Transcript(c);
            afterLoad(t, LastShutdown.STATE);
            reference = t.steps();
        }
        try (JavaTpm java = new JavaTpm(entropy(), javaStorage)) {
            Transcript t = new Transcript(java);
            afterLoad(t, LastShutdown.STATE);
            DifferentialRunner.assertSameAnswers("", reference, t.steps());
        }
    }

    /**
     * The permall the engine writes (after Shutdown(STATE)), loaded into the C swtpm, which
     * resumes, shuts down again and so saves it again: the same bytes as the engine writes when it
     * does the same, in every section. Both sides draw the same entropy; the times in ORDERLY_DATA
     * (real milliseconds since the start) are the only values taken from C's blob.
     */
    @Test
    void cSavesTheEnginesPermallAgainAsTheEngineDoes() throws Exception {
        Path preload = RandBytesPreload.shared();
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), javaStorage)) {
            prepare(new Transcript(java), LastShutdown.STATE);
        }
        byte[] written = javaStorage.load(StateBlobType.PERMANENT).orElseThrow();
        Path dir = Files.createTempDirectory("swtpm-java-resaved");
        Files.write(dir.resolve(PERMALL), outerFile(written));
        byte[] savedByC;
        List<Transcript.Step> reference;
        try (SwtpmProcess c = SwtpmProcess.startIn(dir, preload)) {
            Transcript t = new Transcript(c);
            resumeAndShutDown(t);
            reference = t.steps();
            savedByC = innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
        }
        InMemoryNvStorage again = new InMemoryNvStorage();
        again.put(StateBlobType.PERMANENT, written);
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), again)) {
            Transcript t = new Transcript(java);
            resumeAndShutDown(t);
            // the RSA primary of TPM_RH_NULL shows the null seed's compatibility level in effect
            DifferentialRunner.assertSameAnswers("after loading the engine's permall", reference, t.steps());
        }
        PermanentState c = LibtpmsPermanentCodec.read(savedByC, LibtpmsPermanentCodec.VERSION_0_9);
        PermanentState engine = LibtpmsPermanentCodec.read(again.load(StateBlobType.PERMANENT).orElseThrow(),
                LibtpmsPermanentCodec.VERSION_0_9);
        assertThat(c.nv().orderly().clock()).as("C resumed the engine's clock").isGreaterThanOrEqualTo(1L << 40);
        OrderlyData times = engine.nv().orderly();
        times.setClock(c.nv().orderly().clock());
        times.setTime(c.nv().orderly().time());
        times.setSelfHealTimer(c.nv().orderly().selfHealTimer());
        times.setLockoutTimer(c.nv().orderly().lockoutTimer());
        engine.nv().writeOrderly(times);
        PermallSections.assertSameSections(LibtpmsPermanentCodec.write(engine.persistent(), engine.nv()), savedByC);
    }

    private static void resumeAndShutDown(Transcript t) {
        t.send("Startup(STATE)", command(NO_SESSIONS, 0x144, "0001"));
        t.send("PCR_Extend 16", pcrExtend(16, PW, allBanks(0x33)));
        t.send("CreatePrimary RSA-2048 in TPM_RH_NULL", ObjectTemplates.createPrimary(ObjectTemplates.NULL,
                ObjectTemplates.SRK_RSA_TOOLS));
        t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
        assertThat(t.steps()).extracting(step -> step.answer().substring(12, 20)).as("response codes")
                .containsOnly("00000000");
    }

    /** The commands that flush a hierarchy's NV content (NvFlushHierarchy). */
    enum HierarchyChange {
        CLEAR(0x126), CHANGE_EPS(0x124), CHANGE_PPS(0x125);

        final int code;

        HierarchyChange(int code) {
            this.code = code;
        }
    }

    /**
     * TPM2_Clear, ChangeEPS and ChangePPS on a state with NV indices and persistent objects of
     * every hierarchy loaded from C: the engine must flush the same carried entries (and update
     * maxCount and the orderly RAM area) as the C swtpm, byte for byte.
     */
    @ParameterizedTest
    @EnumSource(HierarchyChange.class)
    void hierarchyCommandsFlushCarriedNvContentAsC(HierarchyChange change) throws Exception {
        byte[] cBlob;
        byte[] cAfter;
        List<Transcript.Step> reference;
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            defineNvIndices(new Transcript(c));
            c.restartProcess();
            cBlob = innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            Transcript t = new Transcript(c);
            flushAndShutDown(t, change);
            cAfter = innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            reference = t.steps();
        }
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        javaStorage.put(StateBlobType.PERMANENT, cBlob);
        try (JavaTpm java = new JavaTpm(entropy(), javaStorage)) {
            Transcript t = new Transcript(java);
            flushAndShutDown(t, change);
            DifferentialRunner.assertSameAnswers("", reference, t.steps());
        }
        byte[] javaAfter = javaStorage.load(StateBlobType.PERMANENT).orElseThrow();
        assertThat(PermallSections.section(javaAfter, "USER_NVRAM")).isEqualTo(PermallSections.section(cAfter, "USER_NVRAM"));
        assertThat(PermallSections.section(javaAfter, "INDEX_ORDERLY_RAM"))
                .isEqualTo(PermallSections.section(cAfter, "INDEX_ORDERLY_RAM"));
        if (change == HierarchyChange.CLEAR) {
            assertThat(PermallSections.section(javaAfter, "USER_NVRAM"))
                    .as("Clear removed something").isNotEqualTo(PermallSections.section(cBlob, "USER_NVRAM"));
        }
    }

    private static void listCarriedHandles(Transcript t, String when) {
        t.send(when + ": NV and persistent handle counts", getCapability(6, 0x202, 10));
        t.send(when + ": NV index handles", getCapability(1, 0x01000000, 64));
        t.send(when + ": NV index handles from 0x01500017, two", getCapability(1, 0x01500017, 2));
        t.send(when + ": persistent handles", getCapability(1, 0x81000000, 64));
        t.send(when + ": persistent handles from 0x81000006, one", getCapability(1, 0x81000006, 1));
    }

    private static void flushAndShutDown(Transcript t, HierarchyChange change) {
        t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
        listCarriedHandles(t, "before");
        t.send(change.name(), command(SESSIONS, change.code, "4000000c" + sessions(PW)));
        listCarriedHandles(t, "after");
        t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
    }

    /**
     * The state directory libvirt gets from {@code swtpm_setup --createek --pcr-banks sha256}:
     * persistent EKs, NV indices with their templates, a pending SHA-256-only allocation. The
     * writer reproduces its bytes; the engine answers as the C swtpm on it; a C swtpm on the
     * permall the engine wrote still has the EK.
     */
    @Test
    void swtpmSetupStateOpensInTheEngine() throws Exception {
        Optional<Path> swtpmSetup = SwtpmProcess.findExecutable().map(swtpm -> swtpm.resolveSibling("swtpm_setup"))
                .filter(Files::isExecutable);
        Assumptions.assumeTrue(swtpmSetup.isPresent(), "swtpm_setup (Debian: swtpm-tools) is not installed");
        Path dir = Files.createTempDirectory("swtpm-setup");
        Process setup = new ProcessBuilder(swtpmSetup.get().toString(), "--tpm2", "--tpmstate", dir.toString(),
                "--createek", "--pcr-banks", "sha256").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(setup.waitFor(120, TimeUnit.SECONDS)).as("swtpm_setup finished").isTrue();
        assertThat(setup.exitValue()).isZero();
        byte[] cBlob = innerBlob(Files.readAllBytes(dir.resolve(PERMALL)));
        PermanentState state = LibtpmsPermanentCodec.read(cBlob, LibtpmsPermanentCodec.VERSION_0_9);
        PermallSections.assertSameSections(LibtpmsPermanentCodec.write(state.persistent(), state.nv()), cBlob);

        List<Transcript.Step> reference;
        String ekPublic;
        try (SwtpmProcess c = SwtpmProcess.startIn(dir)) {
            Transcript t = new Transcript(c);
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            observe(t, "after Startup");
            reference = t.steps();
            ekPublic = TestBytes.hex(c.command(command(NO_SESSIONS, 0x173, "81010001")));
        }
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        javaStorage.put(StateBlobType.PERMANENT, cBlob);
        try (JavaTpm java = new JavaTpm(entropy(), javaStorage)) {
            Transcript t = new Transcript(java);
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            observe(t, "after Startup");
            DifferentialRunner.assertSameAnswers("", reference, t.steps());
        }
        Path javaDir = Files.createTempDirectory("swtpm-java-written");
        Files.write(javaDir.resolve(PERMALL), outerFile(javaStorage.load(StateBlobType.PERMANENT).orElseThrow()));
        try (SwtpmProcess c = SwtpmProcess.startIn(javaDir)) {
            c.command(command(NO_SESSIONS, 0x144, "0000"));
            assertThat(TestBytes.hex(c.command(command(NO_SESSIONS, 0x173, "81010001")))).startsWith("80010000")
                    .isEqualTo(ekPublic);
        }
    }

    /** Damage that libtpms refuses, each applied to a copy of a permall. */
    enum Damage {
        TRAILER { byte[] apply(byte[] b) { b[b.length - 1] ^= 1; return b; } },
        TRUNCATED { byte[] apply(byte[] b) { return Arrays.copyOf(b, b.length / 2); } },
        NO_RSA { byte[] apply(byte[] b) { b[8 + 8 + 4 + 3] = 0; return b; } }, // PA constant ALG_RSA, rule EQ
        NEWER_TOP_LEVEL { byte[] apply(byte[] b) { b[1] = 4; b[7] = 4; return b; } };

        abstract byte[] apply(byte[] blob);
    }

    /**
     * A damaged permall: CMD_SET_STATEBLOB answers libtpms' code for the damage, CMD_INIT
     * (TPMLIB_MainInit) fails with TPM_RC_FAILURE on both sides, and the TPM then answers every
     * command with the fixed failure response.
     */
    @ParameterizedTest
    @EnumSource(Damage.class)
    void damagedPermallFailsInitAsInC(Damage damage) throws Exception {
        List<Transcript.Step> reference;
        byte[] damaged;
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            prepare(new Transcript(c), LastShutdown.CLEAR);
            c.restartProcess();
            Path permall = c.stateDir().resolve(PERMALL);
            damaged = damage.apply(innerBlob(Files.readAllBytes(permall)));
            Files.write(permall, outerFile(damaged));
            Transcript t = new Transcript(c);
            t.record("SET_STATEBLOB", c.setStateBlob(1, migrationBlob(damaged)));
            afterDamage(t);
            reference = t.steps();
        }
        InMemoryNvStorage storage = new InMemoryNvStorage();
        List<Transcript.Step> actual;
        try (JavaTpm java = new JavaTpm(entropy(), storage)) {
            storage.put(StateBlobType.PERMANENT, damaged);
            Transcript t = new Transcript(java);
            java.engine().terminate();
            t.record("SET_STATEBLOB", java.engine().setStateBlob(StateBlobType.PERMANENT, damaged));
            afterDamage(t);
            actual = t.steps();
        }
        DifferentialRunner.assertSameAnswers("", reference, actual);
    }

    private static void afterDamage(Transcript t) {
        t.record("INIT", t.tpm().init());
        t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
        t.send("GetCapability", getCapability(6, 0x200, 8));
    }

    /**
     * NV indices (an ordinary one with data, an orderly counter, a deleted counter that leaves
     * maxCount behind) and persistent objects (an ECC and a symmetric primary key) are not
     * modelled by the engine: their sections must pass through it untouched, so that a C swtpm
     * on the permall the engine rewrote still has them.
     */
    @Test
    void nvIndicesAndPersistentObjectsPassThroughTheEngineIntact() throws Exception {
        List<Transcript.Step> reference;
        byte[] cBlob;
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            defineNvIndices(new Transcript(c));
            c.restartProcess();
            cBlob = innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            Transcript cTranscript = new Transcript(c);
            readNvIndices(cTranscript);
            reference = cTranscript.steps();
        }
        PermanentState loaded = LibtpmsPermanentCodec.read(cBlob, LibtpmsPermanentCodec.VERSION_0_9);
        PermallSections.assertSameSections(LibtpmsPermanentCodec.write(loaded.persistent(), loaded.nv()), cBlob);

        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        javaStorage.put(StateBlobType.PERMANENT, cBlob);
        try (JavaTpm java = new JavaTpm(entropy(), javaStorage)) {
            Transcript t = new Transcript(java);
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            // the persistent objects C wrote are usable in the engine
            Transcript objects = new Transcript(java);
            for (String[] key : PERSISTENT_KEYS) {
                objects.send("ReadPublic " + key[2], command(NO_SESSIONS, 0x173, key[2]));
            }
            DifferentialRunner.assertSameAnswers("", reference.stream().filter(step -> step.label().startsWith("ReadPublic ")).toList(),
                    objects.steps());
            assertThat(objects.steps()).extracting(step -> step.answer().substring(12, 20)).containsOnly("00000000");
            t.send("endorsement auth (rewrites the permall)", changeAuth(0x4000000B, PW, ENDORSEMENT_AUTH));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            assertThat(t.steps()).extracting(step -> step.answer().substring(12, 20)).containsOnly("00000000");
        }
        byte[] javaBlob = javaStorage.load(StateBlobType.PERMANENT).orElseThrow();
        assertThat(PermallSections.section(javaBlob, "USER_NVRAM")).isEqualTo(PermallSections.section(cBlob, "USER_NVRAM"));
        assertThat(PermallSections.section(javaBlob, "INDEX_ORDERLY_RAM"))
                .isEqualTo(PermallSections.section(cBlob, "INDEX_ORDERLY_RAM"));

        Path dir = Files.createTempDirectory("swtpm-java-written");
        Files.write(dir.resolve(PERMALL), outerFile(javaBlob));
        try (SwtpmProcess c = SwtpmProcess.startIn(dir)) {
            Transcript cTranscript = new Transcript(c);
            readNvIndices(cTranscript);
            DifferentialRunner.assertSameAnswers("", reference, cTranscript.steps());
        }
    }

    /**
     * Restricted decryption primaries (fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth,
     * restricted, decrypt), AES-128-CFB protected: name, TPMT_PUBLIC, persistent handle, the
     * hierarchy it is created in and the hierarchy that authorizes EvictControl.
     */
    private static final String[][] PERSISTENT_KEYS = {
        {"owner ECC P-256", "0023 000b 00030472 0000 0006 0080 0043 0010 0003 0010 0000 0000", "81000005",
            "40000001", "40000001"},
        {"owner AES-128", "0025 000b 00030472 0000 0006 0080 0043 0000", "81000006", "40000001", "40000001"},
        {"endorsement AES-128", "0025 000b 00030472 0000 0006 0080 0043 0000", "81010007", "4000000b", "40000001"},
        {"platform AES-128", "0025 000b 00030472 0000 0006 0080 0043 0000", "81800008", "4000000c", "4000000c"},
    };
    /** PPWRITE | AUTHWRITE | PPREAD | AUTHREAD | PLATFORMCREATE. */
    private static final String NV_PLATFORM = "01400001";

    private static final String NV_ORDINARY = "01500016";
    private static final String NV_ORDERLY_COUNTER = "01500017";
    private static final String NV_DELETED_COUNTER = "01500018";
    private static final String NV_KEPT_COUNTER = "01500019";

    /** TPM2_NV_DefineSpace by the owner: no auth, SHA-256 name, {@code attributes}, {@code size} bytes. */
    private static byte[] nvDefine(String index, String attributes, int size) {
        return nvDefine("40000001", index, attributes, size);
    }

    private static byte[] nvDefine(String authHandle, String index, String attributes, int size) {
        String publicArea = index + "000b" + attributes + "0000" + String.format("%04x", size);
        return command(SESSIONS, 0x12A, authHandle + sessions(PW) + "0000"
                + String.format("%04x", publicArea.length() / 2) + publicArea);
    }

    static void defineNvIndices(Transcript t) {
        t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
        // AUTHWRITE | OWNERWRITE | AUTHREAD | OWNERREAD, ordinary
        t.send("define ordinary", nvDefine(NV_ORDINARY, "00060006", 32));
        t.send("write it", command(SESSIONS, 0x137, "40000001" + NV_ORDINARY + sessions(PW) + "0005 68656c6c6f 0000"));
        // ... | TPM_NT_COUNTER | ORDERLY (bit 26)
        t.send("define orderly counter", nvDefine(NV_ORDERLY_COUNTER, "04060016", 8));
        for (int i = 0; i < 4; i++) {
            t.send("increment", command(SESSIONS, 0x134, NV_ORDERLY_COUNTER + NV_ORDERLY_COUNTER + sessions(PW)));
        }
        t.send("define counter", nvDefine(NV_DELETED_COUNTER, "00060016", 8));
        t.send("increment", command(SESSIONS, 0x134, NV_DELETED_COUNTER + NV_DELETED_COUNTER + sessions(PW)));
        t.send("undefine it", command(SESSIONS, 0x122, "40000001" + NV_DELETED_COUNTER + sessions(PW)));
        t.send("define a kept counter", nvDefine(NV_KEPT_COUNTER, "00060016", 8));
        for (int i = 0; i < 4; i++) { // above maxCount: Clear raises maxCount to it (written, not orderly)
            t.send("increment", command(SESSIONS, 0x134, NV_KEPT_COUNTER + NV_KEPT_COUNTER + sessions(PW)));
        }
        t.send("define platform index", nvDefine("4000000c", NV_PLATFORM, "40050005", 16));
        t.send("write it", command(SESSIONS, 0x137, "4000000c" + NV_PLATFORM + sessions(PW) + "0003 706c74 0000"));
        for (String[] key : PERSISTENT_KEYS) {
            String publicArea = key[1].replace(" ", "");
            t.send("CreatePrimary " + key[0], command(SESSIONS, 0x131, key[3] + sessions(PW) + "0004 0000 0000"
                    + String.format("%04x", publicArea.length() / 2) + publicArea + "0000 00000000"),
                    response -> Arrays.copyOf(response, 10)); // the header: the key itself differs each time
            t.send("EvictControl " + key[0], command(SESSIONS, 0x120, key[4] + "80000000" + sessions(PW) + key[2]));
            t.send("FlushContext", command(NO_SESSIONS, 0x165, "80000000"));
        }
        t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
        // All succeed, except that libtpms answers the first increment of an orderly counter with
        // TPM_RC_RETRY (0x922): the index must be written to NV first; the second one counts.
        assertThat(t.steps()).extracting(Transcript.Step::answer)
                .allMatch(answer -> answer.substring(12, 20).equals("00000000") || answer.endsWith("00000922"));
    }

    private static void readNvIndices(Transcript t) {
        t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
        t.send("NV and persistent handle counts", getCapability(6, 0x202, 10));
        for (String index : List.of(NV_ORDINARY, NV_ORDERLY_COUNTER, NV_DELETED_COUNTER, NV_KEPT_COUNTER, NV_PLATFORM)) {
            t.send("NV_ReadPublic " + index, command(NO_SESSIONS, 0x169, index));
        }
        for (String[] key : PERSISTENT_KEYS) {
            t.send("ReadPublic " + key[2], command(NO_SESSIONS, 0x173, key[2]));
        }
        t.send("NV_Read ordinary", command(SESSIONS, 0x14E, "40000001" + NV_ORDINARY + sessions(PW) + "0020 0000"));
        t.send("NV_Read orderly counter",
                command(SESSIONS, 0x14E, "40000001" + NV_ORDERLY_COUNTER + sessions(PW) + "0008 0000"));
        t.send("a new counter starts above maxCount", nvDefine(NV_DELETED_COUNTER, "00060016", 8));
        t.send("increment (TPM_RC_RETRY)", command(SESSIONS, 0x134, NV_DELETED_COUNTER + NV_DELETED_COUNTER + sessions(PW)));
        t.send("increment", command(SESSIONS, 0x134, NV_DELETED_COUNTER + NV_DELETED_COUNTER + sessions(PW)));
        t.send("NV_Read new counter",
                command(SESSIONS, 0x14E, "40000001" + NV_DELETED_COUNTER + sessions(PW) + "0008 0000"));
    }

    /** What the C swtpm does before it is stopped. */
    static void prepare(Transcript t, LastShutdown last) {
        t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
        t.send("owner auth", changeAuth(0x40000001, PW, OWNER_AUTH));
        t.send("endorsement auth", changeAuth(0x4000000B, PW, ENDORSEMENT_AUTH));
        t.send("lockout auth", changeAuth(0x4000000A, PW, LOCKOUT_AUTH));
        t.send("DictionaryAttackParameters 7/100/200", command(SESSIONS, 0x13A,
                "4000000a" + sessions(password(0, LOCKOUT_AUTH)) + "00000007 00000064 000000c8"));
        t.send("SetPrimaryPolicy(owner)", command(SESSIONS, 0x12E,
                "40000001" + sessions(password(0, OWNER_AUTH)) + POLICY));
        t.send("PCR_Extend 0, every bank", pcrExtend(0, PW, allBanks(0x11)));
        t.send("PCR_Extend 16, every bank", pcrExtend(16, PW, allBanks(0x22)));
        t.send("ClockSet 2^40", clockSet("40000001", password(0, OWNER_AUTH), "0000010000000000"));
        t.send("a wrong owner password counts", changeAuth(0x40000001, PW, ""));
        if (last == LastShutdown.CLEAR) {
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
        } else if (last == LastShutdown.STATE) {
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
        }
    }

    /** The same on both sides once the state is loaded. */
    private static void afterLoad(Transcript t, LastShutdown last) {
        t.send("GetCapability before Startup", getCapability(6, 0x200, 64));
        t.send("Startup", command(NO_SESSIONS, 0x144, last == LastShutdown.STATE ? "0001" : "0000"));
        observe(t, "after Startup");
        t.send("ClockSet, old owner password", clockSet("40000001", PW, "0000020000000000"));
        t.send("ClockSet, new owner password", clockSet("40000001", password(0, OWNER_AUTH), "0000020000000000"));
        t.send("endorsement, old password", changeAuth(0x4000000B, PW, ENDORSEMENT_AUTH));
        t.send("endorsement, new password", changeAuth(0x4000000B, password(0, ENDORSEMENT_AUTH), ENDORSEMENT_AUTH));
        t.send("DictionaryAttackLockReset, new lockout password",
                command(SESSIONS, 0x139, "4000000a" + sessions(password(0, LOCKOUT_AUTH))));
        t.send("DictionaryAttackLockReset, old lockout password", command(SESSIONS, 0x139, "4000000a" + sessions(PW)));
        observe(t, "after the auth checks");
        t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
        t.record("INIT", t.tpm().init());
        t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
        observe(t, "after a reset");
    }

    /** The C swtpm on the engine's permall and the engine restarted on it. */
    private static void afterJavaWrote(Transcript t) {
        t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
        observe(t, "on the engine's state");
        t.send("ClockSet, new owner password", clockSet("40000001", password(0, OWNER_AUTH), "0000030000000000"));
        t.send("endorsement, old password", changeAuth(0x4000000B, PW, ENDORSEMENT_AUTH));
        t.send("endorsement, new password", changeAuth(0x4000000B, password(0, ENDORSEMENT_AUTH), ""));
        observe(t, "after the auth checks");
    }

    private static void observe(Transcript t, String when) {
        t.send(when + ": fixed properties", getCapability(6, 0x100, 64));
        t.send(when + ": variable properties", getCapability(6, 0x200, 64));
        t.send(when + ": TPM_CAP_PCRS", getCapability(5, 0, 1));
        t.send(when + ": TPM_CAP_AUTH_POLICIES", getCapability(9, 0x40000001, 4));
        t.send(when + ": PCR_Read 0-7", command(NO_SESSIONS, 0x17E, READ_ALL_BANKS_0_TO_7));
        t.send(when + ": PCR_Read 16", command(NO_SESSIONS, 0x17E, "00000001 000b 03 000001"));
        t.send(when + ": ReadClock", command(NO_SESSIONS, 0x181), Masks.clockTicks());
    }

    private static EntropySource entropy() {
        SecureRandom random = new SecureRandom();
        return random::nextBytes;
    }

    /** The libtpms blob inside swtpm's state file (swtpm-protocol.md §5.2), via the state store's reader. */
    static byte[] innerBlob(byte[] file) {
        try {
            return StateObjectCodec.decode(file, null);
        } catch (StateStoreException e) {
            throw new AssertionError("not a plain swtpm state file", e);
        }
    }

    /** A GET/SET_STATEBLOB blob without keys (swtpm-protocol.md §5.3). */
    static byte[] migrationBlob(byte[] blob) {
        try {
            return new MigrationBlobCodec(null).wrap(blob, null, null, true).blob();
        } catch (StateStoreException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    static byte[] outerFile(byte[] blob) {
        try {
            return new StateObjectCodec(null).encode(blob, null);
        } catch (StateStoreException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
