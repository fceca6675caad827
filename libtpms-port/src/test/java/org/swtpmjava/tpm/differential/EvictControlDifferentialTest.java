package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.PLATFORM;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SIGNING_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_EvictControl and persistent objects against the C swtpm, both with the same fixed entropy
 * (so the same seeds and primary keys): objects of every hierarchy made persistent and removed,
 * libtpms' refusals, the persistent objects used by Sign, ReadPublic, Create, Load and
 * StartAuthSession (a copy in a transient slot for the command), hierarchies disabled, and the
 * permall after each NV change byte for byte as C writes it; state dirs with persistent keys
 * moving both ways; NV filled with persistent objects until TPM_RC_NV_SPACE.
 */
class EvictControlDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int SESSIONS = 0x8002;
    private static final int FIRST = 0x80000000;
    private static final String PERMALL = "tpm2-00.permall";
    /** noDA, so the first use is not TPM_RC_RETRY. */
    private static final int KEY_ATTRIBUTES = SIGNING_ATTRIBUTES | 0x400;
    private static final String RSASSA_KEY = rsa(0xB, KEY_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b", 2048, 0, "");
    private static final String ECDSA_KEY = ecc(0xB, KEY_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x3, "", "");
    private static final String HMAC_KEY = ObjectTemplates.keyedHash(0xB, KEY_ATTRIBUTES, "", "0005 000b", "");
    /** An HMAC key with stClear (0x4). */
    private static final String ST_CLEAR_HMAC_KEY = ObjectTemplates.keyedHash(0xB, KEY_ATTRIBUTES | 0x4, "",
            "0005 000b", "");
    private static final String DIGEST = "5a".repeat(32);
    /** ECDSA nonces are OpenSSL's in libtpms: only the response code is compared. */
    private static final UnaryOperator<byte[]> CODE_ONLY = response -> Arrays.copyOfRange(response, 6, 10);
    private static final String HR_PERSISTENT = "persistent handle counts";

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static byte[] evictControl(String auth, int objectHandle, int persistentHandle) {
        return command(SESSIONS, 0x120, auth + String.format("%08x", objectHandle) + sessions(PW)
                + String.format("%08x", persistentHandle));
    }

    private static byte[] hierarchyControl(String enable, boolean state) {
        return command(SESSIONS, 0x121, PLATFORM + sessions(PW) + enable + (state ? "01" : "00"));
    }

    /** TPM_PT_HR_PERSISTENT, TPM_PT_HR_PERSISTENT_AVAIL and their neighbours (TPM_PT_HR_LOADED ...). */
    private static byte[] persistentCounts() {
        return getCapability(6, 0x202, 10);
    }

    /** One side: a TPM, where its permall is, and what it answered. */
    private record Side(TpmUnderTest tpm, Transcript transcript, java.util.function.Supplier<byte[]> permall) {
        byte[] send(String label, byte[] command) {
            return transcript.send(label, command);
        }
    }

    private static Side cSide(SwtpmProcess c) {
        return new Side(c, new Transcript(c), () -> {
            try {
                return SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Side javaSide(JavaTpm java, InMemoryNvStorage storage) {
        return new Side(java, new Transcript(java), () -> storage.load(StateBlobType.PERMANENT).orElseThrow());
    }

    /**
     * The scenario on both sides step by step; after each NV change the permalls are compared
     * byte for byte.
     */
    @Test
    void persistentObjectsBehaveAndAreStoredAsInC() {
        InMemoryNvStorage storage = new InMemoryNvStorage();
        try (SwtpmProcess c = SwtpmProcess.start(preload); JavaTpm java = new JavaTpm(new FixedEntropy(), storage)) {
            Side cs = cSide(c);
            Side js = javaSide(java, storage);
            SoftAssertions permalls = new SoftAssertions();
            Runnable comparePermalls = () -> permalls.assertThat(differences(js.permall().get(), cs.permall().get()))
                    .as("permall after step %d", cs.transcript().steps().size()).isEmpty();
            for (Side s : List.of(cs, js)) {
                s.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
                s.send("counts, empty", persistentCounts());
                s.send("CreatePrimary RSA (owner)", createPrimary(OWNER, RSASSA_KEY));
                s.send("CreatePrimary ECC (endorsement)", createPrimary(ENDORSEMENT, ECDSA_KEY));
                s.send("CreatePrimary HMAC (platform)", createPrimary(PLATFORM, HMAC_KEY));
            }
            // refusals before anything is persistent
            for (Side s : List.of(cs, js)) {
                s.send("platform persists an owner key", evictControl(PLATFORM, FIRST, 0x81800001));
                s.send("owner persists a platform key", evictControl(OWNER, FIRST + 2, 0x81000001));
                s.send("owner at a platform handle", evictControl(OWNER, FIRST, 0x81800001));
                s.send("platform at an owner handle", evictControl(PLATFORM, FIRST + 2, 0x81000001));
                s.send("not a persistent handle", evictControl(OWNER, FIRST, 0x80000005));
                s.send("an NV handle", evictControl(OWNER, FIRST, 0x01000001));
                s.send("endorsement auth", evictControl(ENDORSEMENT, FIRST, 0x81000001));
                s.send("lockout auth", evictControl("4000000a", FIRST, 0x81000001));
                s.send("no such persistent object", evictControl(OWNER, 0x81000099, 0x81000099));
                s.send("no such transient object", evictControl(OWNER, FIRST + 5, 0x81000001));
                s.send("ReadPublic of no such persistent object", readPublic(0x81000001));
            }
            assertSameAnswers("refusals", cs.transcript().steps(), js.transcript().steps());

            String[][] persist = {
                {OWNER, "80000000", "81000001", "RSA owner key by the owner"},
                {OWNER, "80000001", "81010001", "ECC endorsement key by the owner"},
                {PLATFORM, "80000002", "81800001", "HMAC platform key by the platform"},
            };
            for (String[] p : persist) {
                for (Side s : List.of(cs, js)) {
                    s.send("EvictControl " + p[3], evictControl(p[0], Integer.parseUnsignedInt(p[1], 16),
                            Integer.parseUnsignedInt(p[2], 16)));
                }
                comparePermalls.run();
            }
            for (Side s : List.of(cs, js)) {
                s.send("again at the same handle", evictControl(OWNER, FIRST, 0x81000001));
                s.send("EvictControl the same object at a second handle", evictControl(OWNER, FIRST, 0x81000004));
                for (int slot = 0; slot < 3; slot++) {
                    s.send("FlushContext " + slot, flush(FIRST + slot));
                }
                s.send("no such persistent object, slots free", evictControl(OWNER, 0x81000099, 0x81000099));
                s.send("Sign with no such persistent object", SignatureDifferentialTest.sign(0x81800099, DIGEST,
                        "0010"));
                s.send("a persistent object named by another handle", evictControl(OWNER, 0x81000001, 0x81000002));
                s.send("the owner removes a platform object", evictControl(OWNER, 0x81800001, 0x81800001));
                s.send("persistent handles", getCapability(1, 0x81000000L, 20));
                s.send("persistent handles from 0x81000002, one", getCapability(1, 0x81000002L, 1));
                s.send("counts", persistentCounts());
                s.send("transient handles", getCapability(1, 0x80000000L, 8));
                // three slots in use: a persistent object has no slot to be copied into
                s.send("hash sequence", SwtpmSequenceDifferentialTest.start("", 0xB));
                s.send("second slot", createPrimary(OWNER, HMAC_KEY));
                s.send("third slot", createPrimary(OWNER, HMAC_KEY));
                s.send("ReadPublic with every slot in use", readPublic(0x81000001));
                s.send("no such persistent object, every slot in use", readPublic(0x81000055));
                s.send("removal with every slot in use", evictControl(OWNER, 0x81000001, 0x81000001));
                s.send("the sequence", evictControl(OWNER, FIRST, 0x81000007));
                for (int slot = 0; slot < 3; slot++) {
                    s.send("FlushContext " + slot, flush(FIRST + slot));
                }
                s.send("stClear key", createPrimary(OWNER, ST_CLEAR_HMAC_KEY));
                s.send("an stClear key", evictControl(OWNER, FIRST, 0x81000007));
                s.send("null-hierarchy key", createPrimary("40000007", HMAC_KEY));
                s.send("a temporary key", evictControl(OWNER, FIRST + 1, 0x81000007));
                s.send("flush stClear", flush(FIRST));
                s.send("flush temporary", flush(FIRST + 1));
            }
            comparePermalls.run();
            assertSameAnswers("persisted", cs.transcript().steps(), js.transcript().steps());

            // uses: a copy in slot 0 for the command, released afterwards
            for (Side s : List.of(cs, js)) {
                s.send("ReadPublic RSA", readPublic(0x81000001));
                s.send("Sign RSASSA", SignatureDifferentialTest.sign(0x81000001, DIGEST, "0010"));
                s.transcript().send("Sign ECDSA", SignatureDifferentialTest.sign(0x81010001, DIGEST, "0010"),
                        CODE_ONLY);
                s.send("Sign HMAC", SignatureDifferentialTest.sign(0x81800001, DIGEST, "0010"));
                s.send("transient handles after use", getCapability(1, 0x80000000L, 8));
                s.send("counts after use", persistentCounts());
                s.send("StartAuthSession bound to a persistent key", command(NO_SESSIONS, 0x176,
                        "40000007 81800001 0020" + "11".repeat(32) + "0000 01 0010 000b"));
                s.send("StartAuthSession salted by a persistent key without a salt", command(NO_SESSIONS, 0x176,
                        "81000001 40000007 0020" + "11".repeat(32) + "0000 01 0010 000b"));
                s.send("CreatePrimary SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
                s.send("EvictControl SRK", evictControl(OWNER, FIRST, 0x81000002));
                s.send("flush SRK", flush(FIRST));
            }
            comparePermalls.run();
            byte[][] created = new byte[2][];
            for (int i = 0; i < 2; i++) {
                Side s = i == 0 ? cs : js;
                created[i] = s.send("Create under the persistent SRK",
                        ObjectCreateLoadDifferentialTest.create(0x81000002, HMAC_KEY));
            }
            for (int i = 0; i < 2; i++) {
                Side s = i == 0 ? cs : js;
                String[] blobs = ObjectCreateLoadDifferentialTest.privateAndPublic(created[i]);
                // the SRK's copy takes slot 0, so the loaded key gets 0x80000001
                s.send("Load under the persistent SRK", ObjectCreateLoadDifferentialTest.load(0x81000002, PW,
                        blobs[0], blobs[1]));
                s.send("Sign with the child", SignatureDifferentialTest.sign(FIRST + 1, DIGEST, "0010"));
                s.send("EvictControl of the child", evictControl(OWNER, FIRST + 1, 0x81000003));
                s.send("flush child", flush(FIRST + 1));
                s.send("Sign with the persistent child", SignatureDifferentialTest.sign(0x81000003, DIGEST, "0010"));
                s.send("two loaded", createPrimary(OWNER, HMAC_KEY));
                s.send("three loaded", createPrimary(OWNER, HMAC_KEY));
                s.send("Load under the persistent SRK, the last slot taken by its copy",
                        ObjectCreateLoadDifferentialTest.load(0x81000002, PW, blobs[0], blobs[1]));
                s.send("flush 0", flush(FIRST));
                s.send("flush 1", flush(FIRST + 1));
            }
            comparePermalls.run();
            // hierarchies disabled
            for (Side s : List.of(cs, js)) {
                s.send("disable endorsement", hierarchyControl(ENDORSEMENT, false));
                s.send("ReadPublic of an endorsement key, eh disabled", readPublic(0x81010001));
                s.send("ReadPublic of an owner key, eh disabled", readPublic(0x81000001));
                s.send("disable owner", hierarchyControl(OWNER, false));
                s.send("ReadPublic of an owner key, sh disabled", readPublic(0x81000001));
                s.send("ReadPublic of a platform key, sh disabled", readPublic(0x81800001));
                s.send("enable owner", hierarchyControl(OWNER, true));
                s.send("the owner removes the endorsement key, eh disabled", evictControl(OWNER, 0x81010001,
                        0x81010001));
                s.send("enable endorsement", hierarchyControl(ENDORSEMENT, true));
                s.send("counts after removal", persistentCounts());
            }
            comparePermalls.run();
            for (Side s : List.of(cs, js)) {
                s.send("the platform removes an owner key", evictControl(PLATFORM, 0x81000001, 0x81000001));
                s.send("ReadPublic of the removed key", readPublic(0x81000001));
            }
            comparePermalls.run();
            for (Side s : List.of(cs, js)) {
                s.send("Clear", command(SESSIONS, 0x126, PLATFORM + sessions(PW)));
                s.send("persistent handles after Clear", getCapability(1, 0x81000000L, 20));
                s.send("Sign HMAC after Clear", SignatureDifferentialTest.sign(0x81800001, DIGEST, "0010"));
                s.send("Shutdown", command(NO_SESSIONS, 0x145, "0000"));
            }
            comparePermalls.run();
            assertSameAnswers("the whole scenario", cs.transcript().steps(), js.transcript().steps());
            permalls.assertAll();
            assertThat(cs.transcript().steps()).filteredOn(step -> step.label().startsWith("EvictControl "))
                    .extracting(step -> step.answer().substring(12, 20)).as("EvictControl succeeded in C")
                    .containsOnly("00000000");
        }
    }

    /** What a state dir with persistent keys is made of: primaries made persistent, then Shutdown. */
    private static void persistKeys(Transcript t) {
        t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
        t.send("CreatePrimary RSA", createPrimary(OWNER, RSASSA_KEY));
        t.send("CreatePrimary HMAC", createPrimary(ENDORSEMENT, HMAC_KEY));
        t.send("EvictControl RSA", evictControl(OWNER, FIRST, 0x81000001));
        t.send("EvictControl HMAC", evictControl(OWNER, FIRST + 1, 0x81010001));
        t.send("Shutdown", command(NO_SESSIONS, 0x145, "0000"));
        assertThat(t.steps()).extracting(step -> step.answer().substring(12, 20)).containsOnly("00000000");
    }

    private static void useKeys(Transcript t) {
        t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
        t.send("persistent handles", getCapability(1, 0x81000000L, 20));
        t.send(HR_PERSISTENT, persistentCounts());
        t.send("ReadPublic RSA", readPublic(0x81000001));
        t.send("Sign RSASSA", SignatureDifferentialTest.sign(0x81000001, DIGEST, "0010"));
        t.send("Sign HMAC", SignatureDifferentialTest.sign(0x81010001, DIGEST, "0010"));
        t.send("remove HMAC", evictControl(OWNER, 0x81010001, 0x81010001));
        t.send("persistent handles after", getCapability(1, 0x81000000L, 20));
    }

    /**
     * A C-written state dir with persistent keys opens in the engine, and one the engine wrote
     * opens in C: both answer as C on its own state dir.
     */
    @Test
    void stateDirsWithPersistentKeysMoveBothWays() throws Exception {
        StateDirMove.Result moved = StateDirMove.run(preload, EvictControlDifferentialTest::persistKeys,
                EvictControlDifferentialTest::useKeys);
        assertThat(differences(moved.javaBlob(), moved.cBlob())).isEmpty();
        assertThat(PermallSections.section(moved.javaBlob(), "USER_NVRAM"))
                .isEqualTo(PermallSections.section(moved.cBlob(), "USER_NVRAM"));
        DifferentialRunner.assertSameAnswers("C on the engine's state dir", moved.reference(), moved.cFromJava());
        DifferentialRunner.assertSameAnswers("the engine on C's state dir", moved.reference(), moved.javaFromC());
        assertThat(moved.reference()).filteredOn(step -> step.label().startsWith("Sign"))
                .extracting(step -> step.answer().substring(12, 20)).containsOnly("00000000");
    }

    /**
     * The C swtpm with its own entropy (OpenSSL-made child keys, a real permall): a persistent
     * storage key, a persistent RSA child and a child blob made under the storage key. The engine
     * on that state dir answers as C restarted on it: ReadPublic, RSASSA signatures of the
     * persistent child, the blob loaded under the persistent storage key and used.
     */
    @Test
    void realCStateDirWithPersistentChildrenOpensInTheEngine() throws Exception {
        List<Transcript.Step> reference;
        byte[] cBlob;
        String[] hmacBlobs;
        try (SwtpmProcess c = SwtpmProcess.start(null)) {
            Transcript t = new Transcript(c);
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
            t.send("EvictControl SRK", evictControl(OWNER, FIRST, 0x81000002));
            t.send("flush SRK", flush(FIRST));
            String[] rsaBlobs = ObjectCreateLoadDifferentialTest.privateAndPublic(
                    t.send("Create RSA child", ObjectCreateLoadDifferentialTest.create(0x81000002, RSASSA_KEY)));
            hmacBlobs = ObjectCreateLoadDifferentialTest.privateAndPublic(
                    t.send("Create HMAC child", ObjectCreateLoadDifferentialTest.create(0x81000002, HMAC_KEY)));
            t.send("Load RSA child", ObjectCreateLoadDifferentialTest.load(0x81000002, PW, rsaBlobs[0], rsaBlobs[1]));
            t.send("Sign with it (libtpms computes its private exponent)",
                    SignatureDifferentialTest.sign(FIRST + 1, DIGEST, "0010"));
            t.send("EvictControl RSA child", evictControl(OWNER, FIRST + 1, 0x81000003));
            t.send("Shutdown", command(NO_SESSIONS, 0x145, "0000"));
            assertThat(t.steps()).extracting(step -> step.answer().substring(12, 20)).containsOnly("00000000");
            cBlob = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            c.restartProcess();
            Transcript u = new Transcript(c);
            useChildren(u, hmacBlobs);
            reference = u.steps();
        }
        InMemoryNvStorage fromC = new InMemoryNvStorage();
        fromC.put(StateBlobType.PERMANENT, cBlob);
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), fromC)) {
            Transcript t = new Transcript(java);
            useChildren(t, hmacBlobs);
            assertSameAnswers("the engine on C's state dir", reference, t.steps());
        }
        assertThat(reference).extracting(step -> step.answer().substring(12, 20)).containsOnly("00000000");
    }

    private static void useChildren(Transcript t, String[] hmacBlobs) {
        t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
        t.send("persistent handles", getCapability(1, 0x81000000L, 20));
        t.send("ReadPublic RSA child", readPublic(0x81000003));
        t.send("Sign RSASSA with the persistent child", SignatureDifferentialTest.sign(0x81000003, DIGEST, "0010"));
        t.send("Load HMAC child under the persistent SRK", ObjectCreateLoadDifferentialTest.load(0x81000002, PW,
                hmacBlobs[0], hmacBlobs[1]));
        t.send("Sign HMAC", SignatureDifferentialTest.sign(FIRST + 1, DIGEST, "0010"));
    }

    /**
     * attributes.stClear is inherited (ObjectSetLoadedAttributes): a child loaded or created by
     * CreateLoaded under an stClear storage key cannot be made persistent and is saved as an
     * stClear context (savedHandle 0x80000002), as its parent.
     */
    @Test
    void childrenOfAnStClearParentAreStClear() {
        String stClearSrk = ecc(0xB, ObjectTemplates.SRK_ATTRIBUTES | 0x4, "", ObjectTemplates.AES128_CFB, "0010",
                0x3, "", "");
        try (SwtpmProcess c = SwtpmProcess.start(preload); JavaTpm java = new JavaTpm(new FixedEntropy())) {
            Transcript tc = new Transcript(c);
            Transcript tj = new Transcript(java);
            byte[][] created = new byte[2][];
            for (int i = 0; i < 2; i++) {
                Transcript t = i == 0 ? tc : tj;
                t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
                t.send("CreatePrimary stClear SRK", createPrimary(OWNER, stClearSrk));
                t.send("EvictControl of the stClear SRK", evictControl(OWNER, FIRST, 0x81000002));
                created[i] = t.send("Create HMAC child", ObjectCreateLoadDifferentialTest.create(FIRST, HMAC_KEY));
                String[] blobs = ObjectCreateLoadDifferentialTest.privateAndPublic(created[i]);
                t.send("Load the child", ObjectCreateLoadDifferentialTest.load(FIRST, PW, blobs[0], blobs[1]));
                t.send("EvictControl of the child", evictControl(OWNER, FIRST + 1, 0x81000003));
                t.send("ContextSave of the child", ObjectContextDifferentialTest.contextSave(FIRST + 1),
                        response -> Arrays.copyOf(response, 24)); // header, sequence, savedHandle
                t.send("flush the child", flush(FIRST + 1));
                t.send("CreateLoaded child", command(SESSIONS, 0x191, String.format("%08x", FIRST) + sessions(PW)
                        + "0004 0000 0000" + ObjectTemplates.sized(HMAC_KEY)));
                t.send("EvictControl of the CreateLoaded child", evictControl(OWNER, FIRST + 1, 0x81000003));
            }
            assertSameAnswers("stClear children", tc.steps(), tj.steps());
            assertThat(tc.steps()).filteredOn(step -> step.label().startsWith("EvictControl"))
                    .extracting(step -> step.answer().substring(12, 20)).containsOnly("00000282");
        }
    }

    /** EvictControl until NV is full: as many objects as C takes, then TPM_RC_NV_SPACE, and the counts. */
    @Test
    void fillingNvEndsWithNvSpaceAfterAsManyObjectsAsC() {
        InMemoryNvStorage storage = new InMemoryNvStorage();
        try (SwtpmProcess c = SwtpmProcess.start(preload); JavaTpm java = new JavaTpm(new FixedEntropy(), storage)) {
            Side cs = cSide(c);
            Side js = javaSide(java, storage);
            int persisted = 0;
            for (Side s : List.of(cs, js)) {
                s.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
                s.send("CreatePrimary HMAC", createPrimary(OWNER, HMAC_KEY));
            }
            for (int i = 0; i < 80; i++) {
                byte[] cAnswer = cs.send("EvictControl " + i, evictControl(OWNER, FIRST, 0x81000100 + i));
                js.send("EvictControl " + i, evictControl(OWNER, FIRST, 0x81000100 + i));
                if (i % 16 == 0) {
                    cs.send("counts " + i, persistentCounts());
                    js.send("counts " + i, persistentCounts());
                }
                if (TestBytes.responseCode(cAnswer) != 0) {
                    break;
                }
                persisted++;
            }
            for (Side s : List.of(cs, js)) {
                s.send("counts when full", persistentCounts());
                s.send("persistent handles when full", getCapability(1, 0x81000000L, 100));
                s.send("remove one", evictControl(OWNER, 0x81000100, 0x81000100));
                s.send("counts after removal", persistentCounts());
                s.send("one more fits", evictControl(OWNER, FIRST, 0x81000100));
            }
            assertSameAnswers("NV filled", cs.transcript().steps(), js.transcript().steps());
            assertThat(differences(js.permall().get(), cs.permall().get())).isEmpty();
            assertThat(persisted).as("objects C took").isBetween(10, 79);
            List<Transcript.Step> evicts = cs.transcript().steps().stream()
                    .filter(step -> step.label().startsWith("EvictControl ")).toList();
            assertThat(evicts.get(evicts.size() - 1).answer()).as("the last EvictControl").endsWith("0000014b");
        }
    }

    /**
     * libtpms 0.9.2's firmware version words, then TIME_EPOCH_SIZE: the u32 after them is the
     * time epoch, which C sets from the host and the engine does not yet.
     */
    private static final String BEFORE_TIME_EPOCH = "201910230016363604";

    /**
     * Per section, where the engine's permall first differs from C's (empty: the same bytes).
     * Not compared, as neither depends on persistent objects: ORDERLY_DATA (the clock: the
     * engine's test clock stands still while C's runs) and the time epoch in PERSISTENT_DATA.
     */
    static List<String> differences(byte[] actual, byte[] expected) {
        List<String[]> a = PermallSections.split(actual);
        List<String[]> e = PermallSections.split(expected);
        assertThat(a).extracting(x -> x[0]).containsExactlyElementsOf(e.stream().map(x -> x[0]).toList());
        List<String> found = new java.util.ArrayList<>();
        for (String[] section : e) {
            if (section[0].equals("ORDERLY_DATA")) {
                continue;
            }
            String mine = withoutTimeEpoch(a.stream().filter(x -> x[0].equals(section[0])).map(x -> x[1])
                    .findFirst().orElse(""));
            section[1] = withoutTimeEpoch(section[1]);
            if (!mine.equals(section[1])) {
                int at = 0;
                while (at < mine.length() && at < section[1].length() && mine.charAt(at) == section[1].charAt(at)) {
                    at++;
                }
                int from = Math.max(0, at - 16);
                found.add(String.format("%s at byte %d (of %d/%d): %s... expected %s...", section[0], at / 2,
                        mine.length() / 2, section[1].length() / 2,
                        mine.substring(from, Math.min(mine.length(), at + 48)),
                        section[1].substring(from, Math.min(section[1].length(), at + 48))));
            }
        }
        return found;
    }

    private static String withoutTimeEpoch(String sectionHex) {
        int at = sectionHex.lastIndexOf(BEFORE_TIME_EPOCH);
        if (at < 0 || at % 2 != 0) {
            return sectionHex;
        }
        int epoch = at + BEFORE_TIME_EPOCH.length();
        return sectionHex.substring(0, epoch) + "xxxxxxxx" + sectionHex.substring(epoch + 8);
    }

    private static void assertSameAnswers(String what, List<Transcript.Step> reference, List<Transcript.Step> actual) {
        if (Boolean.getBoolean("differential.verbose")) {
            reference.forEach(step -> System.out.println(step.label() + " -> " + step.answer()));
        }
        assertThat(actual).extracting(Transcript.Step::label)
                .containsExactlyElementsOf(reference.stream().map(Transcript.Step::label).toList());
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < reference.size(); i++) {
            softly.assertThat(actual.get(i).answer()).as("%s, step %d: %s", what, i, reference.get(i).label())
                    .isEqualTo(reference.get(i).answer());
        }
        softly.assertAll();
    }
}
