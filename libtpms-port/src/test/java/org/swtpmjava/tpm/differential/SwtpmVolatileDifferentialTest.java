package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.allBanks;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.SessionClient.AES;
import static org.swtpmjava.tpm.differential.SessionClient.CONTINUE;
import static org.swtpmjava.tpm.differential.SessionClient.DECRYPT;
import static org.swtpmjava.tpm.differential.SessionClient.SHA256;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.READ_ALL_BANKS_0_TO_7;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.pcrExtend;
import static org.swtpmjava.tpm.differential.SwtpmClockDifferentialTest.clockSet;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.OWNER;
import static org.swtpmjava.tpm.differential.SwtpmSessionDifferentialTest.sized;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.swtpmjava.tpm.EntropySource;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.differential.SessionClient.Session;
import org.swtpmjava.tpm.differential.SessionClient.Use;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.state.codec.VolatileStateCodec.VolatileState;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsPermanentCodec;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsVolatileCodec;

/**
 * The volatile state moving between the C swtpm and the engine (issue state-compat, libtpms.md
 * §4.10): a TPM with extended PCRs, a loaded HMAC session that has already been used, a clock set
 * forward and (in one variant) a hash sequence started is stored with CMD_STORE_VOLATILE; the other
 * side resumes it mid-flight (no Startup) and must answer as the writer restarted on the same
 * state does, the session still authorizing. The engine's writer must reproduce C's bytes except
 * the host clock values.
 */
class SwtpmVolatileDifferentialTest {
    private static final int ENDORSEMENT = 0x4000000B;
    private static final String PERMALL = "tpm2-00.permall";
    private static final String VOLATILE = "tpm2-00.volatilestate";
    /** (a) C's volatilestate, with C's permall, resumed by the engine. */
    @ParameterizedTest(name = "with a hash sequence: {0}")
    @ValueSource(booleans = {false, true})
    void cVolatileStateResumesInTheEngine(boolean withSequence) throws Exception {
        List<Transcript.Step> reference;
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        Session[] forJava;
        byte[] cVolatile;
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            SessionClient client = new SessionClient();
            Session[] session = prepare(new Transcript(c), client, withSequence);
            assertThat(c.storeVolatile()).isZero();
            forJava = copies(session);
            cVolatile = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(VOLATILE)));
            assertThat(LibtpmsVolatileCodec.isVolatileState(cVolatile)).isTrue();
            javaStorage.put(StateBlobType.PERMANENT,
                    SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL))));
            javaStorage.put(StateBlobType.VOLATILE, cVolatile);
            c.restartProcess();
            Transcript t = new Transcript(c);
            afterResume(t, client, session);
            reference = t.steps();
        }
        List<Transcript.Step> actual;
        try (JavaTpm java = new JavaTpm(entropy(), javaStorage)) {
            Transcript t = new Transcript(java);
            afterResume(t, new SessionClient(), forJava);
            actual = t.steps();
        }
        DifferentialRunner.assertSameAnswers("", reference, actual, Set.of());
        if (withSequence) {
            assertThat(answer(actual, "transient handles")).as("the sequence object resumed").contains("80000000");
        }
    }

    /**
     * (b) The engine's volatile state (in libtpms' format, with its permall, a hash sequence
     * object in the ANY_OBJECT layout) resumed by the C swtpm.
     */
    @ParameterizedTest(name = "with a hash sequence: {0}")
    @ValueSource(booleans = {false, true})
    void engineVolatileStateResumesInC(boolean withSequence) throws Exception {
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        Session[] forC;
        byte[] javaPermall;
        byte[] javaVolatile;
        List<Transcript.Step> reference;
        try (JavaTpm java = new JavaTpm(entropy(), javaStorage)) {
            SessionClient client = new SessionClient();
            Session[] session = prepare(new Transcript(java), client, withSequence);
            assertThat(java.storeVolatile()).isZero();
            forC = copies(session);
            javaPermall = javaStorage.load(StateBlobType.PERMANENT).orElseThrow();
            javaVolatile = javaStorage.load(StateBlobType.VOLATILE).orElseThrow();
            java.restartProcess();
            Transcript t = new Transcript(java);
            afterResume(t, client, session);
            reference = t.steps();
        }
        assertThat(LibtpmsVolatileCodec.isVolatileState(javaVolatile)).as("the engine writes libtpms' format").isTrue();
        Path dir = Files.createTempDirectory("swtpm-java-volatile");
        Files.write(dir.resolve(PERMALL), SwtpmPermallDifferentialTest.outerFile(javaPermall));
        Files.write(dir.resolve(VOLATILE), SwtpmPermallDifferentialTest.outerFile(javaVolatile));
        List<Transcript.Step> actual;
        try (SwtpmProcess c = SwtpmProcess.startIn(dir)) {
            Transcript t = new Transcript(c);
            afterResume(t, new SessionClient(), forC);
            actual = t.steps();
        }
        DifferentialRunner.assertSameAnswers("", reference, actual, Set.of());
    }

    /**
     * (c) What the engine writes for C's volatile state, read and written back without a command
     * in between (by the codec, and by the engine after MainInit): C's bytes except the host clock
     * values at the end (libtpms.md §4.13); the seeds in the tail are compared too.
     */
    @ParameterizedTest(name = "with a hash sequence: {0}")
    @ValueSource(booleans = {false, true})
    void engineWritesCsBytesForAnUnchangedVolatileState(boolean withSequence) throws Exception {
        byte[] cPermall;
        byte[] cVolatile;
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            prepare(new Transcript(c), new SessionClient(), withSequence);
            assertThat(c.storeVolatile()).isZero();
            cPermall = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            cVolatile = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(VOLATILE)));
        }
        PermanentState permanent = LibtpmsPermanentCodec.read(cPermall, LibtpmsPermanentCodec.VERSION_0_9);
        VolatileState saved = LibtpmsVolatileCodec.read(cVolatile, permanent);
        assertThat(saved.sessions().loaded()).isEqualTo(2);
        assertThat(LibtpmsVolatileCodec.holdsObjects(saved.carried())).as("nothing carried verbatim").isFalse();
        assertThat(saved.objects().handles()).hasSize(withSequence ? 1 : 0);
        TpmState state = TpmState.powerOn(permanent.persistent(), permanent.nv());
        state.restoreVolatile(saved.orderly(), saved.resetData(), saved.clearData(), saved.pcrs(), saved.flags(),
                saved.sessions(), saved.objects());
        state.setCarriedVolatile(saved.carried());
        assertSameBytesButHostClock(LibtpmsVolatileCodec.write(state, false, System.currentTimeMillis()), cVolatile);

        InMemoryNvStorage storage = new InMemoryNvStorage();
        storage.put(StateBlobType.PERMANENT, cPermall);
        storage.put(StateBlobType.VOLATILE, cVolatile);
        try (JavaTpm java = new JavaTpm(entropy(), storage)) {
            assertSameBytesButHostClock(java.engine().volatileState(), cVolatile);
        }
    }

    /**
     * A state with NV indices (one orderly) and persistent objects, from a permall without a
     * volatile blob: the engine derives the volatile blob's NV block (end of the evict area, raw
     * orderly-index RAM, maxCounter) from the permall as C has it after the same Startup.
     */
    @org.junit.jupiter.api.Test
    void nvBlockDerivedFromThePermallIsCs() throws Exception {
        byte[] permall;
        byte[] cVolatile;
        byte[] cPermallAfterStartup;
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            SwtpmPermallDifferentialTest.defineNvIndices(new Transcript(c));
            c.restartProcess();
            permall = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            Transcript t = new Transcript(c);
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            assertThat(c.storeVolatile()).isZero();
            cVolatile = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(VOLATILE)));
            cPermallAfterStartup = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
        }
        InMemoryNvStorage storage = new InMemoryNvStorage();
        storage.put(StateBlobType.PERMANENT, permall);
        byte[] javaVolatile;
        try (JavaTpm java = new JavaTpm(entropy(), storage)) {
            new Transcript(java).send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            javaVolatile = java.engine().volatileState();
        }
        PermanentState cPermanent = LibtpmsPermanentCodec.read(cPermallAfterStartup, LibtpmsPermanentCodec.VERSION_0_9);
        PermanentState javaPermanent = LibtpmsPermanentCodec.read(
                storage.load(StateBlobType.PERMANENT).orElseThrow(), LibtpmsPermanentCodec.VERSION_0_9);
        byte[] cBlock = LibtpmsVolatileCodec.read(cVolatile, cPermanent).carried().nvBlock();
        byte[] javaBlock = LibtpmsVolatileCodec.read(javaVolatile, javaPermanent).carried().nvBlock();
        assertThat(java.util.HexFormat.of().formatHex(javaBlock)).isEqualTo(java.util.HexFormat.of().formatHex(cBlock));
    }

    /** Damage done to a volatilestate; those marked resealed get a fresh SHA-1 trailer so the parser sees them. */
    enum Damage {
        BODY_BYTE_FLIPPED(false) {
            @Override
            byte[] apply(byte[] blob) {
                blob[blob.length / 2] ^= 0x40;
                return blob;
            }
        },
        TRUNCATED(false) {
            @Override
            byte[] apply(byte[] blob) {
                return Arrays.copyOf(blob, blob.length - 30);
            }
        },
        SEED_OF_ANOTHER_TPM(true) {
            @Override
            byte[] apply(byte[] blob) {
                blob[blob.length - SEEDS_AT + 2] ^= 1;
                return blob;
            }
        },
        TRAILING_MAGIC_WRONG(true) {
            @Override
            byte[] apply(byte[] blob) {
                blob[blob.length - 21] ^= 1;
                return blob;
            }
        },
        NEWER_MIN_VERSION(true) {
            @Override
            byte[] apply(byte[] blob) {
                blob[7] = 5;
                return blob;
            }
        },
        PCR_COUNT_WRONG(true) {
            @Override
            byte[] apply(byte[] blob) {
                int at = indexOf(blob, new byte[] {0x00, 0x18, 0x00, 0x02, (byte) 0xE9, 0x5F, 0x03, (byte) 0x87}, 0);
                blob[at + 1] = 0x17;
                return blob;
            }
        };

        final boolean resealed;

        Damage(boolean resealed) {
            this.resealed = resealed;
        }

        abstract byte[] apply(byte[] blob);

        byte[] damage(byte[] blob) {
            byte[] damaged = apply(blob.clone());
            return resealed ? reseal(damaged) : damaged;
        }
    }

    /**
     * A damaged volatilestate: CMD_SET_STATEBLOB answers libtpms' code, CMD_INIT (which loads it
     * from the state directory) fails or succeeds as in C, and so does the next command.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Damage.class)
    void damagedVolatileStateIsRefusedAsInC(Damage damage) throws Exception {
        List<Transcript.Step> reference;
        byte[] permall;
        byte[] damaged;
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            prepare(new Transcript(c), new SessionClient(), false);
            assertThat(c.storeVolatile()).isZero();
            permall = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            Path file = c.stateDir().resolve(VOLATILE);
            damaged = damage.damage(SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(file)));
            Files.write(file, SwtpmPermallDifferentialTest.outerFile(damaged));
            Transcript t = new Transcript(c);
            t.record("SET_STATEBLOB", c.setStateBlob(2, SwtpmPermallDifferentialTest.migrationBlob(damaged)));
            afterDamage(t);
            reference = t.steps();
        }
        InMemoryNvStorage storage = new InMemoryNvStorage();
        List<Transcript.Step> actual;
        try (JavaTpm java = new JavaTpm(entropy(), storage)) {
            storage.put(StateBlobType.PERMANENT, permall);
            storage.put(StateBlobType.VOLATILE, damaged);
            Transcript t = new Transcript(java);
            java.engine().terminate();
            t.record("SET_STATEBLOB", java.engine().setStateBlob(StateBlobType.VOLATILE, damaged));
            afterDamage(t);
            actual = t.steps();
        }
        DifferentialRunner.assertSameAnswers("", reference, actual, Set.of());
    }

    private static void afterDamage(Transcript t) {
        t.record("INIT", t.tpm().init());
        t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
        t.send("PCR_Read 16", command(NO_SESSIONS, 0x17E, "00000001 000b 03 000001"));
    }

    private static byte[] reseal(byte[] blob) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(Arrays.copyOf(blob, blob.length - 20));
            System.arraycopy(digest, 0, blob, blob.length - 20, 20);
            return blob;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static int indexOf(byte[] blob, byte[] pattern, int from) {
        for (int i = from; i + pattern.length <= blob.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(blob, i, i + pattern.length), pattern)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }

    /**
     * The tail after the failure block: block {realTimePrevious, tpmTime}, timerReset,
     * timerStopped, adjustRate, host real time, block v3 {3 seeds, block v4 {4 host times, block
     * v5}}, the magic, the SHA-1.
     */
    private static final int CLOCK_TAIL = (3 + 16) + 1 + 1 + 4 + 8 + 3 + 3 * (2 + 64) + 3 + 32 + 3 + 4 + 20;
    /** The seeds follow the clock block, the timer flags, rate, host time and the version 3 block header. */
    private static final int SEEDS_AT = CLOCK_TAIL - ((3 + 16) + 1 + 1 + 4 + 8 + 3);

    static void assertSameBytesButHostClock(byte[] written, byte[] c) {
        assertThat(written.length).isEqualTo(c.length);
        int tail = c.length - CLOCK_TAIL;
        assertThat(Arrays.copyOf(written, tail)).as("everything up to the platform clock").isEqualTo(Arrays.copyOf(c, tail));
        int seeds = c.length - SEEDS_AT;
        assertThat(Arrays.copyOfRange(written, seeds, seeds + 3 * 66)).as("the seeds").isEqualTo(Arrays.copyOfRange(c, seeds, seeds + 3 * 66));
        assertThat(Arrays.copyOfRange(written, c.length - 24, c.length - 20)).as("the trailing magic")
                .isEqualTo(Arrays.copyOfRange(c, c.length - 24, c.length - 20));
    }

    /**
     * The state to store: PCRs extended, clock set forward, an HMAC session bound to the owner and
     * used once (the owner auth changed, so the binding no longer applies), a second one bound to
     * the endorsement hierarchy not used yet, maybe a hash sequence.
     */
    static Session[] prepare(Transcript t, SessionClient client, boolean withSequence) {
        t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
        t.send("PCR_Extend 0, every bank", pcrExtend(0, PW, allBanks(0x11)));
        t.send("PCR_Extend 16, every bank", pcrExtend(16, PW, allBanks(0x22)));
        t.send("ClockSet 2^40", clockSet("40000001", PW, "0000010000000000"));
        Session session = client.start(t, "HMAC session bound to owner", OWNER, "", 0, AES, 128, SHA256, 16);
        assertThat(session).isNotNull();
        client.send(t, "owner auth := 01", 0x129, new int[] {OWNER}, sized("01"), false,
                Use.hmac(session, CONTINUE | DECRYPT, "").bound().newAuth("01"));
        Session endorsement = client.start(t, "HMAC session bound to endorsement", ENDORSEMENT, "", 0, AES, 128,
                SHA256, 16);
        assertThat(endorsement).isNotNull();
        if (withSequence) {
            t.send("HashSequenceStart SHA-256", SwtpmSequenceDifferentialTest.start("", 0x000b));
        }
        return new Session[] {session, endorsement};
    }

    /** Mid-flight: the state is resumed without Startup, the session goes on. */
    private static void afterResume(Transcript t, SessionClient client, Session[] loaded) {
        Session session = loaded[0];
        t.send("HMAC sessions", getCapability(1, 0x02000000, 10));
        t.send("transient handles", getCapability(1, 0x80000000, 10));
        t.send("variable properties", getCapability(6, 0x200, 64));
        t.send("PCR_Read 0-7", command(NO_SESSIONS, 0x17E, READ_ALL_BANKS_0_TO_7));
        t.send("PCR_Read 16", command(NO_SESSIONS, 0x17E, "00000001 000b 03 000001"));
        t.send("ReadClock", command(NO_SESSIONS, 0x181), Masks.clockTicks());
        client.send(t, "owner auth := 02 with the resumed session", 0x129, new int[] {OWNER}, sized("02"), false,
                Use.hmac(session, CONTINUE | DECRYPT, "01").newAuth("02"));
        client.send(t, "owner auth := 03, session still loaded", 0x129, new int[] {OWNER}, sized("03"), false,
                Use.hmac(session, CONTINUE, "02").newAuth("03"));
        client.send(t, "endorsement auth := 0e, bound session on its bind entity", 0x129, new int[] {ENDORSEMENT},
                sized("0e"), false, Use.hmac(loaded[1], CONTINUE | DECRYPT, "").bound().newAuth("0e"));
        t.send("Startup is refused after a resume", command(NO_SESSIONS, 0x144, "0000"));
        t.send("ClockSet with the new owner auth", clockSet("40000001",
                DifferentialCommands.password(0, "03"), "0000020000000000"));
    }

    private static Session[] copies(Session[] sessions) {
        return Arrays.stream(sessions).map(Session::copy).toArray(Session[]::new);
    }

    private static String answer(List<Transcript.Step> steps, String label) {
        return steps.stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow().answer();
    }

    private static EntropySource entropy() {
        SecureRandom random = new SecureRandom();
        return random::nextBytes;
    }
}
