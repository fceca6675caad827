package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SIGNING_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ecc;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.SignatureDifferentialTest.signatureOf;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TestBytes;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsPermanentCodec;

/**
 * Transient objects in libtpms' encodings (ANY_OBJECT, OBJECT, HASH_OBJECT with OpenSSL hash
 * states, libtpms.md §4.9) moving between the C swtpm and the engine, both with the same fixed
 * entropy (so the same seeds, proofs and primary keys): (a) a volatile state holding loaded
 * keys and a sequence object mid-way, stored by one side and resumed by the other, which must
 * then sign and complete the sequence as the writer does after resuming its own state (and the
 * engine writes C's blob back byte for byte but the host clock); (b)
 * ContextSave of each object on both sides (the same bytes), each side's contexts loaded into
 * the other, and the objects used there.
 */
class ObjectStateDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    private static final String PERMALL = "tpm2-00.permall";
    private static final String VOLATILE = "tpm2-00.volatilestate";
    /** noDA, so the first use is not TPM_RC_RETRY. */
    private static final int KEY_ATTRIBUTES = SIGNING_ATTRIBUTES | 0x400;
    private static final String RSASSA_KEY = rsa(0xB, KEY_ATTRIBUTES, "", NO_SYMMETRIC, "0014 000b", 2048, 0, "");
    private static final String ECDSA_KEY = ecc(0xB, KEY_ATTRIBUTES, "", NO_SYMMETRIC, "0018 000b", 0x3, "", "");
    private static final String HMAC_KEY = ObjectTemplates.keyedHash(0xB, KEY_ATTRIBUTES, "", "0005 000b", "");
    /** fixedTPM, fixedParent, userWithAuth, noDA. */
    private static final String SEALED_DATA = ObjectTemplates.keyedHash(0xB, 0x452, "", "0010", "");
    private static final String DIGEST = "5a".repeat(32);
    /** An ECDSA signing key (sign, userWithAuth, noDA) whose public point is the P-256 generator G. */
    private static final String EXTERNAL_G = ecc(0xB, 0x00040440, "", NO_SYMMETRIC, "0018 000b", 0x3,
            "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
            "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
    /** 77 bytes: one SHA-256 block hashed, 13 bytes (an odd number) buffered. */
    private static final String FIRST_PART = "61".repeat(77);
    /** ECDSA nonces are OpenSSL's in libtpms: only the response code is compared, the signature verified. */
    private static final UnaryOperator<byte[]> CODE_ONLY = response -> Arrays.copyOfRange(response, 6, 10);

    private static Path preload;

    /** What is loaded when the state is saved. */
    enum Objects {
        /** An RSA key (owner), an ECC key (endorsement), a SHA-256 hash sequence with 13 bytes buffered. */
        KEYS_AND_HASH_SEQUENCE,
        /** An RSA key, an event sequence (all four banks) and a SHA-384 hash sequence, both mid-way. */
        EVENT_SEQUENCE,
        /** An RSA key, an ECC storage key (a parent: seedValue, isParent), an HMAC key (endorsement). */
        PARENT_AND_HMAC_KEY,
        /** An RSA key, an HMAC key and an HMAC sequence (MAC_Start) with 77 bytes fed. */
        HMAC_SEQUENCE,
        /**
         * An RSA key and two LoadExternal objects (attributes.external): the public P-256 point G
         * alone in the owner hierarchy (publicOnly) and with its private key 1 in TPM_RH_NULL.
         */
        EXTERNAL_KEYS
    }

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    /** Startup, the objects, one RSA signature (libtpms computes the key's CRT values there). */
    static void prepare(Transcript t, Objects objects) {
        t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
        t.send("CreatePrimary RSA", createPrimary(OWNER, RSASSA_KEY));
        t.send("Sign RSA before", SignatureDifferentialTest.sign(FIRST, DIGEST, "0010"));
        if (objects == Objects.KEYS_AND_HASH_SEQUENCE) {
            t.send("CreatePrimary ECC", createPrimary(ENDORSEMENT, ECDSA_KEY));
            t.send("HashSequenceStart SHA-256", SwtpmSequenceDifferentialTest.start("0102", 0xB));
            t.send("SequenceUpdate 77 bytes", SwtpmSequenceDifferentialTest.update(FIRST + 2, password("0102"),
                    FIRST_PART));
        } else if (objects == Objects.PARENT_AND_HMAC_KEY) {
            t.send("CreatePrimary ECC storage key", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
            t.send("CreatePrimary HMAC key", createPrimary(ENDORSEMENT, HMAC_KEY));
        } else if (objects == Objects.EXTERNAL_KEYS) {
            t.send("LoadExternal public G", LoadExternalDifferentialTest.loadExternal("0000", EXTERNAL_G, "40000001"));
            t.send("LoadExternal G with d = 1", LoadExternalDifferentialTest.loadExternal(
                    LoadExternalDifferentialTest.sensitive(0x23, "", "", "00".repeat(31) + "01"), EXTERNAL_G,
                    "40000007"));
        } else if (objects == Objects.HMAC_SEQUENCE) {
            t.send("CreatePrimary HMAC key", createPrimary(OWNER, HMAC_KEY));
            t.send("MAC_Start", macStart(FIRST + 1));
            t.send("SequenceUpdate 77 bytes", SwtpmSequenceDifferentialTest.update(FIRST + 2, PW, FIRST_PART));
        } else {
            t.send("HashSequenceStart event", SwtpmSequenceDifferentialTest.start("03", 0x10));
            t.send("SequenceUpdate event 200 bytes", SwtpmSequenceDifferentialTest.update(FIRST + 1, password("03"),
                    "62".repeat(200)));
            t.send("HashSequenceStart SHA-384", SwtpmSequenceDifferentialTest.start("", 0xC));
            t.send("SequenceUpdate SHA-384 131 bytes", SwtpmSequenceDifferentialTest.update(FIRST + 2, PW,
                    "63".repeat(131)));
        }
    }

    /** Uses every object loaded by {@link #prepare}, wherever they are now. */
    private static void useObjects(Transcript t, Objects objects) {
        t.send("transient handles", DifferentialCommands.getCapability(1, 0x80000000L, 8));
        t.send("Sign RSA", SignatureDifferentialTest.sign(FIRST, DIGEST, "0010"));
        if (objects == Objects.KEYS_AND_HASH_SEQUENCE) {
            byte[] ecdsa = t.send("Sign ECDSA", SignatureDifferentialTest.sign(FIRST + 1, DIGEST, "0010"), CODE_ONLY);
            t.send("VerifySignature ECDSA", SignatureDifferentialTest.verify(FIRST + 1, DIGEST, signatureOf(ecdsa)));
            t.send("SequenceComplete SHA-256 with a ticket", SwtpmSequenceDifferentialTest.complete(FIRST + 2,
                    password("0102"), "626364", OWNER));
        } else if (objects == Objects.PARENT_AND_HMAC_KEY) {
            t.send("Sign HMAC", SignatureDifferentialTest.sign(FIRST + 2, DIGEST, "0010"));
            t.send("FlushContext HMAC key (Create needs a free slot)", flush(FIRST + 2));
            // the child's private area is protected with keys from the parent's seedValue
            t.send("Create sealed data under the storage key", ObjectCreateLoadDifferentialTest.create(FIRST + 1, PW,
                    "", "736563726574", SEALED_DATA, "", "00000000"));
        } else if (objects == Objects.EXTERNAL_KEYS) {
            t.send("ReadPublic of the public-only key", command(NO_SESSIONS, 0x173, "80000001"));
            byte[] ecdsa = t.send("Sign with the external key", SignatureDifferentialTest.sign(FIRST + 2, DIGEST,
                    "0018 000b"), CODE_ONLY);
            t.send("VerifySignature with the public-only key", SignatureDifferentialTest.verify(FIRST + 1, DIGEST,
                    signatureOf(ecdsa)));
            t.send("Sign with the public-only key", SignatureDifferentialTest.sign(FIRST + 1, DIGEST, "0018 000b"));
        } else if (objects == Objects.HMAC_SEQUENCE) {
            t.send("SequenceComplete HMAC", SwtpmSequenceDifferentialTest.complete(FIRST + 2, PW, "626364",
                    "40000007"));
        } else {
            t.send("EventSequenceComplete PCR 16", SwtpmSequenceDifferentialTest.eventComplete(16, FIRST + 1, PW,
                    password("03"), "646566"));
            t.send("PCR_Read 16", command(NO_SESSIONS, 0x17E, "00000001 000b 03 000001".replace(" ", "")));
            t.send("SequenceComplete SHA-384", SwtpmSequenceDifferentialTest.complete(FIRST + 2, PW, "", OWNER));
        }
        t.send("transient handles after", DifferentialCommands.getCapability(1, 0x80000000L, 8));
    }

    private static String password(String auth) {
        return DifferentialCommands.password(0, auth);
    }

    /**
     * (a) The volatile state with the objects: the C swtpm resumed from the engine's blob and the
     * engine resumed from C's blob both answer as the C swtpm resumed from its own.
     */
    @ParameterizedTest
    @EnumSource(Objects.class)
    void volatileStateWithObjectsMovesBothWays(Objects objects) throws Exception {
        List<Transcript.Step> reference;
        InMemoryNvStorage fromC = new InMemoryNvStorage();
        try (SwtpmProcess c = SwtpmProcess.start(preload)) {
            prepare(new Transcript(c), objects);
            assertThat(c.storeVolatile()).isZero();
            fromC.put(StateBlobType.PERMANENT, SwtpmPermallDifferentialTest.innerBlob(
                    Files.readAllBytes(c.stateDir().resolve(PERMALL))));
            fromC.put(StateBlobType.VOLATILE, SwtpmPermallDifferentialTest.innerBlob(
                    Files.readAllBytes(c.stateDir().resolve(VOLATILE))));
            c.restartProcess();
            Transcript t = new Transcript(c);
            useObjects(t, objects);
            reference = t.steps();
        }

        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), javaStorage)) {
            prepare(new Transcript(java), objects);
            assertThat(java.storeVolatile()).isZero();
        }
        Path dir = Files.createTempDirectory("swtpm-java-objects");
        Files.write(dir.resolve(PERMALL), SwtpmPermallDifferentialTest.outerFile(
                javaStorage.load(StateBlobType.PERMANENT).orElseThrow()));
        Files.write(dir.resolve(VOLATILE), SwtpmPermallDifferentialTest.outerFile(
                javaStorage.load(StateBlobType.VOLATILE).orElseThrow()));
        List<Transcript.Step> cFromJava;
        try (SwtpmProcess c = SwtpmProcess.startIn(dir)) {
            Transcript t = new Transcript(c);
            useObjects(t, objects);
            cFromJava = t.steps();
        }

        List<Transcript.Step> javaFromC;
        byte[] cVolatile = fromC.load(StateBlobType.VOLATILE).orElseThrow();
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), fromC)) {
            // read and written back without a command in between: C's bytes but the host clock
            SwtpmVolatileDifferentialTest.assertSameBytesButHostClock(java.engine().volatileState(), cVolatile);
            Transcript t = new Transcript(java);
            useObjects(t, objects);
            javaFromC = t.steps();
        }
        DifferentialRunner.assertSameAnswers("C resumed from the engine's blob", reference, cFromJava);
        DifferentialRunner.assertSameAnswers("the engine resumed from C's blob", reference, javaFromC);
        assertThat(reference.get(0).answer()).as("objects were loaded").contains("80000002");
    }

    /**
     * (b) ContextSave of every object gives the same bytes on both sides; the contexts of each side
     * load into the other and the objects work there as on the side that saved them.
     */
    @ParameterizedTest
    @EnumSource(Objects.class)
    void objectContextsMoveBothWays(Objects objects) {
        try (SwtpmProcess c = SwtpmProcess.start(preload); JavaTpm java = new JavaTpm(new FixedEntropy())) {
            Transcript tc = new Transcript(c);
            Transcript tj = new Transcript(java);
            prepare(tc, objects);
            prepare(tj, objects);
            DifferentialRunner.assertSameAnswers("the same objects", tc.steps(), tj.steps());
            List<String> cContexts = new ArrayList<>();
            List<String> javaContexts = new ArrayList<>();
            for (int slot = 0; slot < 3; slot++) {
                cContexts.add(savedContext(tc.send("ContextSave " + slot, contextSave(FIRST + slot))));
                javaContexts.add(savedContext(tj.send("ContextSave " + slot, contextSave(FIRST + slot))));
            }
            assertThat(javaContexts).as("the engine's contexts are C's bytes").isEqualTo(cContexts);
            for (int slot = 0; slot < 3; slot++) {
                tc.send("FlushContext " + slot, flush(FIRST + slot));
                tj.send("FlushContext " + slot, flush(FIRST + slot));
            }
            Transcript cUses = new Transcript(c);
            Transcript javaUses = new Transcript(java);
            for (int slot = 0; slot < 3; slot++) {
                cUses.send("ContextLoad " + slot, contextLoad(javaContexts.get(slot)));
                javaUses.send("ContextLoad " + slot, contextLoad(cContexts.get(slot)));
            }
            useObjects(cUses, objects);
            useObjects(javaUses, objects);
            DifferentialRunner.assertSameAnswers("each side with the other's contexts", cUses.steps(), javaUses.steps());
            assertThat(cUses.steps().get(0).answer()).as("C loaded the engine's context").endsWith("80000000");
        }
    }

    /**
     * Payloads the test seals with the hierarchy proof (read from the engine's permall; C has the
     * same): trailing bytes after the ANY_OBJECT are ignored, an ANY_OBJECT that is not occupied
     * returns a handle and loads nothing, a damaged or truncated one is TPM_RC_OBJECT_MEMORY, a
     * payload longer than libtpms' OBJECT struct (2600 bytes) is failure mode.
     */
    @Test
    void payloadsBehindAValidProtection() throws Exception {
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        try (SwtpmProcess c = SwtpmProcess.start(preload); JavaTpm java = new JavaTpm(new FixedEntropy(), javaStorage)) {
            Transcript tc = new Transcript(c);
            Transcript tj = new Transcript(java);
            for (Transcript t : List.of(tc, tj)) {
                t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
                t.send("CreatePrimary RSA", createPrimary(OWNER, RSASSA_KEY));
                t.send("ContextSave", contextSave(FIRST));
            }
            String context = savedContext(TestBytes.hex(tj.steps().get(2).answer()));
            PersistentData persistent = LibtpmsPermanentCodec.read(javaStorage.load(StateBlobType.PERMANENT)
                    .orElseThrow(), LibtpmsPermanentCodec.VERSION_0_9).persistent();
            SealedContext sealed = new SealedContext(persistent.proofs().storage(), persistent.totalResetCount(),
                    TestBytes.hex(context));
            byte[] payload = sealed.payload();
            byte[] notOccupied = payload.clone();
            Arrays.fill(notOccupied, 8, 12, (byte) 0);
            byte[] badObjectMagic = payload.clone();
            badObjectMagic[16] ^= 1;
            List<Object[]> variants = List.of(
                    new Object[] {"as saved", payload},
                    new Object[] {"16 bytes appended", Arrays.copyOf(payload, payload.length + 16)},
                    new Object[] {"not occupied", notOccupied},
                    new Object[] {"OBJECT magic wrong", badObjectMagic},
                    new Object[] {"truncated", Arrays.copyOf(payload, payload.length - 10)},
                    new Object[] {"padded to 2600 bytes", Arrays.copyOf(payload, 2600)},
                    new Object[] {"padded to 2601 bytes", Arrays.copyOf(payload, 2601)});
            Transcript cLoads = new Transcript(c);
            Transcript javaLoads = new Transcript(java);
            for (Object[] variant : variants) {
                String resealed = sealed.with((byte[]) variant[1]);
                for (Transcript t : List.of(cLoads, javaLoads)) {
                    t.send("ContextLoad " + variant[0], contextLoad(resealed));
                    t.send("handles after " + variant[0], DifferentialCommands.getCapability(1, 0x80000000L, 8));
                    t.send("FlushContext after " + variant[0], flush(FIRST + 1));
                }
            }
            DifferentialRunner.assertSameAnswers("sealed payloads", cLoads.steps(), javaLoads.steps());
            assertThat(cLoads.steps().get(0).answer()).as("the resealed context loads").endsWith("80000001");
        }
    }

    /**
     * An HMAC sequence object of the C swtpm: the engine reads and writes C's blob back (but the
     * host clock), and the C swtpm resumed from the engine's blob completes the HMAC as C resumed
     * from its own.
     */
    @Test
    void hmacSequenceOfCTravelsThroughTheEngine() throws Exception {
        InMemoryNvStorage fromC = new InMemoryNvStorage();
        List<Transcript.Step> reference;
        try (SwtpmProcess c = SwtpmProcess.start(preload)) {
            Transcript t = new Transcript(c);
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary HMAC key", createPrimary(OWNER, HMAC_KEY));
            t.send("MAC_Start", macStart(FIRST));
            t.send("SequenceUpdate 77 bytes", SwtpmSequenceDifferentialTest.update(FIRST + 1, PW, FIRST_PART));
            assertThat(t.steps()).extracting(step -> step.answer().substring(12, 20)).as("response codes")
                    .containsOnly("00000000");
            assertThat(c.storeVolatile()).isZero();
            fromC.put(StateBlobType.PERMANENT, SwtpmPermallDifferentialTest.innerBlob(
                    Files.readAllBytes(c.stateDir().resolve(PERMALL))));
            fromC.put(StateBlobType.VOLATILE, SwtpmPermallDifferentialTest.innerBlob(
                    Files.readAllBytes(c.stateDir().resolve(VOLATILE))));
            c.restartProcess();
            Transcript after = new Transcript(c);
            completeHmac(after);
            reference = after.steps();
        }
        byte[] cVolatile = fromC.load(StateBlobType.VOLATILE).orElseThrow();
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), fromC)) {
            SwtpmVolatileDifferentialTest.assertSameBytesButHostClock(java.engine().volatileState(), cVolatile);
            assertThat(java.storeVolatile()).isZero();
        }
        Path dir = Files.createTempDirectory("swtpm-java-hmac");
        Files.write(dir.resolve(PERMALL), SwtpmPermallDifferentialTest.outerFile(
                fromC.load(StateBlobType.PERMANENT).orElseThrow()));
        Files.write(dir.resolve(VOLATILE), SwtpmPermallDifferentialTest.outerFile(
                fromC.load(StateBlobType.VOLATILE).orElseThrow()));
        try (SwtpmProcess c = SwtpmProcess.startIn(dir)) {
            Transcript t = new Transcript(c);
            completeHmac(t);
            DifferentialRunner.assertSameAnswers("C resumed from the engine's blob", reference, t.steps());
        }
        assertThat(reference.get(0).answer()).as("the HMAC is computed").startsWith("80020000");
    }

    /** TPM2_MAC_Start (0x15B) of an HMAC-SHA256 sequence with an empty auth. */
    private static byte[] macStart(int key) {
        return command(DifferentialCommands.SESSIONS, 0x15B, String.format("%08x", key)
                + DifferentialCommands.sessions(PW) + "0000" + "000b");
    }

    private static void completeHmac(Transcript t) {
        t.send("SequenceComplete HMAC", SwtpmSequenceDifferentialTest.complete(FIRST + 1, PW, "626364", "40000007"));
    }

    /**
     * A child loaded with TPM2_Load (not primary, its hierarchy from the parent): its context is
     * C's bytes, and each side signs with the other's context.
     */
    @Test
    void loadedChildContextIsCsBytes() {
        try (SwtpmProcess c = SwtpmProcess.start(preload); JavaTpm java = new JavaTpm(new FixedEntropy())) {
            List<String> contexts = new ArrayList<>();
            List<Transcript> transcripts = List.of(new Transcript(c), new Transcript(java));
            for (Transcript t : transcripts) {
                t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
                t.send("CreatePrimary ECC storage key", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
                String[] blobs = ObjectCreateLoadDifferentialTest.privateAndPublic(t.send("Create HMAC key",
                        ObjectCreateLoadDifferentialTest.create(FIRST, HMAC_KEY)));
                t.send("Load HMAC key", ObjectCreateLoadDifferentialTest.load(FIRST, PW, blobs[0], blobs[1]));
                contexts.add(savedContext(t.send("ContextSave child", contextSave(FIRST + 1))));
                t.send("FlushContext child", flush(FIRST + 1));
            }
            assertThat(contexts.get(1)).as("the engine's context is C's bytes").isEqualTo(contexts.get(0));
            for (int side = 0; side < 2; side++) {
                Transcript t = transcripts.get(side);
                t.send("ContextLoad the other side's child", contextLoad(contexts.get(1 - side)));
                t.send("Sign HMAC with it", SignatureDifferentialTest.sign(FIRST + 1, DIGEST, "0010"));
            }
            DifferentialRunner.assertSameAnswers("child contexts", transcripts.get(0).steps(), transcripts.get(1).steps());
        }
    }

    /** A context blob taken apart and sealed again as libtpms seals it (libtpms.md §4.12). */
    private static final class SealedContext {
        private final byte[] proof;
        private final long totalResetCount;
        private final ByteBuffer header;
        private final byte[] plain;

        SealedContext(byte[] proof, long totalResetCount, byte[] context) throws Exception {
            this.proof = proof;
            this.totalResetCount = totalResetCount;
            this.header = ByteBuffer.wrap(Arrays.copyOf(context, 16));
            byte[] encrypted = Arrays.copyOfRange(context, 18 + 66, context.length);
            this.plain = cipher(Cipher.DECRYPT_MODE, encrypted);
            assertThat(Arrays.copyOf(plain, 8)).as("fingerprint").isEqualTo(littleEndian(sequence(), 8));
            assertThat(integrity(encrypted)).as("integrity").isEqualTo(Arrays.copyOfRange(context, 20, 20 + 64));
        }

        long sequence() {
            return header.getLong(0);
        }

        int savedHandle() {
            return header.getInt(8);
        }

        byte[] payload() {
            return Arrays.copyOfRange(plain, 8, plain.length);
        }

        /** The TPMS_CONTEXT, as hex, with {@code payload} instead. */
        String with(byte[] payload) throws Exception {
            byte[] newPlain = Arrays.copyOf(plain, 8 + payload.length);
            System.arraycopy(payload, 0, newPlain, 8, payload.length);
            byte[] encrypted = cipher(Cipher.ENCRYPT_MODE, newPlain);
            ByteBuffer out = ByteBuffer.allocate(16 + 2 + 66 + encrypted.length);
            out.put(header.array()).putShort((short) (66 + encrypted.length)).putShort((short) 64)
                    .put(integrity(encrypted)).put(encrypted);
            return TestBytes.hex(out.array());
        }

        private byte[] integrity(byte[] encrypted) {
            byte[] data = ByteBuffer.allocate(20).putLong(totalResetCount).putLong(sequence())
                    .putInt(savedHandle()).array();
            return SessionClient.hmac(0x0D, proof, data, encrypted);
        }

        private byte[] cipher(int mode, byte[] data) throws Exception {
            byte[] keyAndIv = SessionClient.kdfa(0x0D, proof, "CONTEXT", littleEndian(sequence(), 8),
                    littleEndian(Integer.toUnsignedLong(savedHandle()), 4), 384);
            Cipher aes = Cipher.getInstance("AES/CFB/NoPadding");
            aes.init(mode, new SecretKeySpec(Arrays.copyOf(keyAndIv, 32), "AES"),
                    new IvParameterSpec(Arrays.copyOfRange(keyAndIv, 32, 48)));
            return aes.doFinal(data);
        }

        private static byte[] littleEndian(long value, int bytes) {
            byte[] out = new byte[bytes];
            for (int i = 0; i < bytes; i++) {
                out[i] = (byte) (value >>> (8 * i));
            }
            return out;
        }
    }

    private static byte[] contextSave(int handle) {
        return command(NO_SESSIONS, 0x162, String.format("%08x", handle));
    }

    private static byte[] contextLoad(String context) {
        return command(NO_SESSIONS, 0x161, context);
    }

    private static String savedContext(String responseHex) {
        return savedContext(TestBytes.hex(responseHex));
    }

    private static String savedContext(byte[] response) {
        assertThat(TestBytes.responseCode(response)).isZero();
        return TestBytes.hex(Arrays.copyOfRange(response, 10, response.length));
    }

}
