package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.NO_SYMMETRIC;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.rsa;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TestBytes;

/**
 * Command audit and audit sessions against libtpms 0.9.2 with the same entropy on both sides:
 * TPM2_SetCommandCodeAuditStatus (lists, hash algorithm, its refusals), TPM_CAP_AUDIT_COMMANDS and
 * TPM_PT_AUDIT_COUNTER, TPM2_GetCommandAuditDigest and TPM2_GetSessionAuditDigest unsigned
 * (TPM_RH_NULL: the structure byte for byte but the clock's low bytes) and signed (codes and the
 * reset of the digest), audit sessions with auditExclusive / auditReset, their contexts and the
 * volatile state, and PERSISTENT_DATA / STATE_RESET_DATA of the permall as C writes them.
 */
class AuditDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int SESSIONS = 0x8002;
    private static final int RH_NULL = 0x40000007;
    private static final int HMAC_SESSION = 0x02000000;
    private static final String NONCE = "0011223344556677";
    private static final String NULL_SCHEME = "0010";
    private static final String PERMALL = "tpm2-00.permall";
    private static final String RSASSA_KEY = rsa(0xB, 0x00040472, "", NO_SYMMETRIC, "0014 000b", 2048, 0, "");

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    /** TPM2_SetCommandCodeAuditStatus(auth, auditAlg, setList, clearList). */
    static byte[] setAuditStatus(String auth, String session, int alg, int[] set, int[] clear) {
        return command(SESSIONS, 0x140, auth + sessions(session) + String.format("%04x", alg) + list(set)
                + list(clear));
    }

    private static String list(int[] codes) {
        StringBuilder out = new StringBuilder(String.format("%08x", codes.length));
        for (int code : codes) {
            out.append(String.format("%08x", code));
        }
        return out.toString();
    }

    static byte[] getCommandAuditDigest(String privacy, int signHandle, String privacySession, String data,
                                        String scheme) {
        return command(SESSIONS, 0x133, privacy + String.format("%08x", signHandle)
                + sessions(privacySession, PW) + sized(data) + scheme.replace(" ", ""));
    }

    static byte[] getSessionAuditDigest(String privacy, int signHandle, int session, String data, String scheme) {
        return command(SESSIONS, 0x14D, privacy + String.format("%08x%08x", signHandle, session)
                + sessions(PW, PW) + sized(data) + scheme.replace(" ", ""));
    }

    /** An unsalted, unbound HMAC session: an empty session key, so an empty HMAC authorizes nothing-secret uses. */
    static byte[] startHmacSession() {
        return command(NO_SESSIONS, 0x176, "40000007 40000007 0020".replace(" ", "") + "ab".repeat(32)
                + "0000 00 0010 000b".replace(" ", ""));
    }

    /** The session entry of an HMAC session used only for audit (no authorization, empty HMAC). */
    static String auditUse(int handle, int attributes) {
        return String.format("%08x 0020 %s %02x 0000", handle, "cd".repeat(32), attributes);
    }

    static byte[] getRandom(String... sessionEntries) {
        if (sessionEntries.length == 0) {
            return command(NO_SESSIONS, 0x17B, "0010");
        }
        return command(SESSIONS, 0x17B, sessions(sessionEntries) + "0010");
    }

    static byte[] pcrExtend(String... extraSessions) {
        String[] all = new String[extraSessions.length + 1];
        all[0] = PW;
        System.arraycopy(extraSessions, 0, all, 1, extraSessions.length);
        return command(SESSIONS, 0x182, "00000010" + sessions(all) + "00000001000b" + "5a".repeat(32));
    }

    static byte[] auditCommandsCapability() {
        return command(NO_SESSIONS, 0x17A, "00000004 00000000 00000100".replace(" ", ""));
    }

    static byte[] auditCounterProperty() {
        return command(NO_SESSIONS, 0x17A, "00000006 00000213 00000002".replace(" ", ""));
    }

    @Test
    void commandAuditMatchesLibtpms() throws IOException {
        InMemoryNvStorage storage = new InMemoryNvStorage();
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload);
             JavaTpm engine = new JavaTpm(new FixedEntropy(), storage)) {
            TpmUnderTest[] sides = {swtpm, engine};
            ok(sides, command(NO_SESSIONS, 0x144, "0000"));
            same(sides, auditCommandsCapability());
            same(sides, auditCounterProperty());
            unsigned(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, NONCE, NULL_SCHEME));

            // the lists: implemented commands only, never Shutdown, never clearing the command itself
            ok(sides, setAuditStatus(OWNER, PW, 0x10, new int[] {0x17B, 0x182, 0x17A, 0x145, 0x199, 0x2000017B,
                    0x12F, 0x155}, new int[] {0x140}));
            same(sides, auditCommandsCapability());
            same(sides, command(NO_SESSIONS, 0x17A, "00000004 0000017B 00000001".replace(" ", "")));
            same(sides, command(NO_SESSIONS, 0x17A, "00000004 00000000 00000002".replace(" ", "")));
            assertPersistentDataAsC(swtpm, storage);
            ok(sides, getRandom());
            ok(sides, pcrExtend());
            same(sides, auditCounterProperty());
            unsigned(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, NONCE, NULL_SCHEME));
            unsigned(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, "", "0014 000b"));
            assertPersistentDataAsC(swtpm, storage);

            // refusals
            same(sides, setAuditStatus(OWNER, PW, 0x0B, new int[] {0x17B}, new int[0]));
            same(sides, setAuditStatus(OWNER, PW, 0x0B, new int[0], new int[] {0x17B}));
            same(sides, setAuditStatus(OWNER, PW, 0x99, new int[0], new int[0]));
            same(sides, setAuditStatus(OWNER, PW, 0x10, new int[255], new int[0]));
            same(sides, command(SESSIONS, 0x140, OWNER + sessions(PW) + "0010 00000001".replace(" ", "")));
            same(sides, setAuditStatus(OWNER, password(0, "01"), 0x10, new int[0], new int[0]));
            same(sides, setAuditStatus("4000000a", PW, 0x10, new int[0], new int[0]));
            same(sides, setAuditStatus(ENDORSEMENT, PW, 0x10, new int[0], new int[0]));
            same(sides, command(NO_SESSIONS, 0x140, OWNER + "0010 00000000 00000000".replace(" ", "")));
            same(sides, getCommandAuditDigest(OWNER, RH_NULL, PW, NONCE, NULL_SCHEME));
            same(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, password(0, "01"), NONCE, NULL_SCHEME));
            same(sides, getCommandAuditDigest(ENDORSEMENT, 0x80000000, PW, NONCE, NULL_SCHEME));
            same(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, "ee".repeat(67), NULL_SCHEME));
            same(sides, auditCounterProperty());
            unsigned(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, NONCE, NULL_SCHEME));

            // the platform may set the lists as well; clearing GetCapability
            ok(sides, setAuditStatus("4000000c", PW, 0x10, new int[0], new int[0]));
            ok(sides, setAuditStatus("4000000C", PW, 0x10, new int[0], new int[] {0x17A}));
            same(sides, auditCommandsCapability());
            // the same algorithm with lists is no change of algorithm
            ok(sides, setAuditStatus(OWNER, PW, 0x0D, new int[] {0x133}, new int[0]));
            byte[] audited = getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, NONCE, NULL_SCHEME);
            byte[][] first = both(sides, audited);
            unsigned(sides, new byte[][] {first[0], first[1]}, audited);
            // an audited GetCommandAuditDigest reveals the clock in its response, so each side's next
            // digest is checked against that side's own response
            byte[][] second = both(sides, audited);
            for (int i = 0; i < 2; i++) {
                assertThat(TestBytes.hex(auditDigest(second[i])))
                        .as("side %d extends its digest with its own response", i)
                        .isEqualTo(TestBytes.hex(extended(auditDigest(first[i]), audited, 2, first[i])));
            }
            ok(sides, setAuditStatus(OWNER, PW, 0x10, new int[0], new int[] {0x133}));

            // a new algorithm clears the digest; the next audited command starts one and counts
            ok(sides, setAuditStatus(OWNER, PW, 0x04, new int[0], new int[0]));
            same(sides, auditCounterProperty());
            unsigned(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, NONCE, NULL_SCHEME));
            same(sides, auditCounterProperty());
            ok(sides, getRandom());
            unsigned(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, NONCE, NULL_SCHEME));
            assertPersistentDataAsC(swtpm, storage);

            // signed: the digest is cleared afterwards (this command is audited too)
            ok(sides, createPrimary(OWNER, RSASSA_KEY));
            byte[][] signed = both(sides, getCommandAuditDigest(ENDORSEMENT, 0x80000000, PW, NONCE, NULL_SCHEME));
            assertThat(TestBytes.hex(maskedAttest(signed[1]))).isEqualTo(TestBytes.hex(maskedAttest(signed[0])));
            same(sides, auditCounterProperty());
            ok(sides, pcrExtend());
            same(sides, auditCounterProperty());
            unsigned(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, NONCE, NULL_SCHEME));
            ok(sides, flush(0x80000000));

            // TPM Reset clears the digest, Shutdown(STATE) keeps it in STATE_RESET_DATA
            ok(sides, command(NO_SESSIONS, 0x145, "0001"));
            assertSectionAsC(swtpm, storage, "PERSISTENT_DATA");
            assertSectionAsC(swtpm, storage, "STATE_RESET_DATA");
            for (TpmUnderTest side : sides) {
                assertThat(side.init()).isZero();
            }
            ok(sides, command(NO_SESSIONS, 0x144, "0001"));
            unsigned(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, NONCE, NULL_SCHEME));
            for (TpmUnderTest side : sides) {
                assertThat(side.init()).isZero();
            }
            ok(sides, command(NO_SESSIONS, 0x144, "0000"));
            unsigned(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, NONCE, NULL_SCHEME));
            same(sides, auditCounterProperty());
            same(sides, auditCommandsCapability());
            // TPM2_Clear zeroes the counter but keeps the lists
            ok(sides, command(SESSIONS, 0x126, "4000000c" + sessions(PW)));
            same(sides, auditCounterProperty());
            same(sides, auditCommandsCapability());
            ok(sides, getRandom());
            unsigned(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, NONCE, NULL_SCHEME));
            assertPersistentDataAsC(swtpm, storage);
        }
    }

    @Test
    void auditSessionsMatchLibtpms() {
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload); JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            TpmUnderTest[] sides = {swtpm, engine};
            ok(sides, command(NO_SESSIONS, 0x144, "0000"));
            ok(sides, startHmacSession());
            ok(sides, startHmacSession());
            int second = HMAC_SESSION + 1;
            // not yet an audit session
            same(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION, NONCE, NULL_SCHEME));
            ok(sides, getRandom(auditUse(HMAC_SESSION, 0x81)));
            unsigned(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION, NONCE, NULL_SCHEME));
            // GetSessionAuditDigest was not audited by the session: no longer exclusive
            same(sides, pcrExtend(auditUse(HMAC_SESSION, 0x83)));
            ok(sides, pcrExtend(auditUse(HMAC_SESSION, 0x81)));
            same(sides, getRandom(auditUse(HMAC_SESSION, 0x83)));
            ok(sides, pcrExtend(auditUse(HMAC_SESSION, 0x87)));
            ok(sides, getRandom(auditUse(HMAC_SESSION, 0x83)));
            unsigned(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION, NONCE, NULL_SCHEME));
            // a command that could have been audited but was not ends exclusivity
            ok(sides, getRandom());
            same(sides, getRandom(auditUse(HMAC_SESSION, 0x83)));
            ok(sides, getRandom(auditUse(HMAC_SESSION, 0x81)));
            unsigned(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION, NONCE, NULL_SCHEME));
            // auditReset starts over, exclusive again
            ok(sides, getRandom(auditUse(HMAC_SESSION, 0x85)));
            unsigned(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION, NONCE, NULL_SCHEME));
            // another session's audit takes exclusivity away
            ok(sides, getRandom(auditUse(second, 0x81)));
            same(sides, getRandom(auditUse(HMAC_SESSION, 0x83)));
            ok(sides, getRandom(auditUse(HMAC_SESSION, 0x81)));
            unsigned(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, second, NONCE, NULL_SCHEME));
            unsigned(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION, "", "0014 000b"));
            // two audit sessions, audit without continueSession, password sessions may not audit
            same(sides, getRandom(auditUse(HMAC_SESSION, 0x81), auditUse(second, 0x81)));
            same(sides, getRandom(String.format("40000009 0000 %02x 0000", 0x81)));
            // session handles
            same(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, 0x03000000, NONCE, NULL_SCHEME));
            same(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION + 2, NONCE, NULL_SCHEME));
            same(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, 0x40000001, NONCE, NULL_SCHEME));
            same(sides, getSessionAuditDigest(OWNER, RH_NULL, HMAC_SESSION, NONCE, NULL_SCHEME));
            same(sides, getSessionAuditDigest(ENDORSEMENT, 0x80000000, HMAC_SESSION, NONCE, NULL_SCHEME));
            // an audited GetSessionAuditDigest (its response has the clock: the auditing session's
            // digest differs from here on, until its auditReset below)
            unsigned(sides, command(SESSIONS, 0x14D, ENDORSEMENT + String.format("%08x%08x", RH_NULL, HMAC_SESSION)
                    + sessions(PW, PW, auditUse(second, 0x81)) + sized(NONCE) + NULL_SCHEME));
            unsigned(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION, NONCE, NULL_SCHEME));

            // command audit and session audit of the same command
            ok(sides, setAuditStatus(OWNER, PW, 0x10, new int[] {0x17B}, new int[0]));
            ok(sides, getRandom(auditUse(second, 0x85)));
            unsigned(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, second, NONCE, NULL_SCHEME));
            unsigned(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, NONCE, NULL_SCHEME));

            // the session with its digest through a context and through the volatile state
            byte[] saved = ok(sides, command(NO_SESSIONS, 0x162, String.format("%08x", HMAC_SESSION)));
            same(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION, NONCE, NULL_SCHEME));
            ok(sides, command(NO_SESSIONS, 0x161, TestBytes.hex(Arrays.copyOfRange(saved, 10, saved.length))));
            unsigned(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION, NONCE, NULL_SCHEME));
            ok(sides, getRandom(auditUse(HMAC_SESSION, 0x85)));
            // the exclusive audit session (g_exclusiveAuditSession) and the digests in the volatile state
            for (TpmUnderTest side : sides) {
                assertThat(side.storeVolatile()).isZero();
                side.restartProcess();
            }
            ok(sides, getRandom(auditUse(HMAC_SESSION, 0x83)));
            unsigned(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION, NONCE, NULL_SCHEME));
            unsigned(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, second, NONCE, NULL_SCHEME));
            same(sides, getRandom(auditUse(HMAC_SESSION, 0x83)));
            same(sides, getRandom(auditUse(HMAC_SESSION, 0x01)));
            // flushed: gone, and exclusivity with it
            ok(sides, flush(second));
            same(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, second, NONCE, NULL_SCHEME));
            // without continueSession the session audits this last command, then is flushed
            ok(sides, getRandom(auditUse(HMAC_SESSION, 0x80)));
            same(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION, NONCE, NULL_SCHEME));
        }
    }

    /**
     * The cpHash of an audit is taken before the command runs: the first TPM2_NV_Write sets
     * TPMA_NV_WRITTEN and so changes the index's Name, which must not enter its own audit (command
     * audit and session audit of the same command).
     */
    @Test
    void auditUsesTheNamesBeforeTheCommandRuns() {
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload); JavaTpm engine = new JavaTpm(new FixedEntropy())) {
            TpmUnderTest[] sides = {swtpm, engine};
            ok(sides, command(NO_SESSIONS, 0x144, "0000"));
            ok(sides, command(SESSIONS, 0x12A, OWNER + sessions(PW) + "0000"
                    + "000e 01000001 000b 02060006 0000 0008".replace(" ", "")));
            // SHA-384 for command audit, SHA-256 for the session: two cpHashes
            ok(sides, setAuditStatus(OWNER, PW, 0x0C, new int[0], new int[0]));
            ok(sides, setAuditStatus(OWNER, PW, 0x10, new int[] {0x137}, new int[0]));
            ok(sides, startHmacSession());
            byte[] write = command(SESSIONS, 0x137, "01000001 01000001".replace(" ", "")
                    + sessions(PW, auditUse(HMAC_SESSION, 0x81)) + "0008" + "11".repeat(8) + "0000");
            ok(sides, write);
            unsigned(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, NONCE, NULL_SCHEME));
            unsigned(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION, NONCE, NULL_SCHEME));
            ok(sides, write);
            ok(sides, command(SESSIONS, 0x137, "01000001 01000001".replace(" ", "") + sessions(PW)
                    + "0004" + "22".repeat(4) + "0002"));
            unsigned(sides, getCommandAuditDigest(ENDORSEMENT, RH_NULL, PW, NONCE, NULL_SCHEME));
            unsigned(sides, getSessionAuditDigest(ENDORSEMENT, RH_NULL, HMAC_SESSION, NONCE, NULL_SCHEME));
        }
    }

    /**
     * InitAuditSession unbinds the session: a session bound to the owner (ownerAuth set) authorizes
     * the owner without its authValue until it audits; from then on the authValue is in the HMAC
     * key. Every response byte for byte (fixed entropy), the HMACs made and checked by the test.
     */
    @Test
    void anAuditSessionIsNoLongerBound() {
        DifferentialRunner.compare(t -> {
            SessionClient client = new SessionClient(true);
            int[] owner = {0x40000001};
            byte[] noChange = java.util.HexFormat.of().parseHex("0010" + "00000000" + "00000000");
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("owner auth := aabb", command(SESSIONS, 0x129, OWNER + sessions(PW) + sized("aabb")));
            SessionClient.Session bound = client.start(t, "bound to the owner", 0x40000001, "aabb", 0x00,
                    SessionClient.NULL, 0, SessionClient.SHA256, 32);
            client.send(t, "bound use", 0x140, owner, noChange, false,
                    SessionClient.Use.hmac(bound, SessionClient.CONTINUE, "aabb").bound());
            client.send(t, "bound use that starts the audit", 0x140, owner, noChange, false,
                    SessionClient.Use.hmac(bound, SessionClient.CONTINUE | SessionClient.AUDIT, "aabb").bound());
            client.send(t, "still as if bound: refused", 0x140, owner, noChange, false,
                    SessionClient.Use.hmac(bound, SessionClient.CONTINUE | SessionClient.AUDIT, "aabb").bound());
            client.send(t, "with the authValue", 0x140, owner, noChange, false,
                    SessionClient.Use.hmac(bound, SessionClient.CONTINUE | SessionClient.AUDIT, "aabb"));
            t.send("session audit digest", getSessionAuditDigest(ENDORSEMENT, RH_NULL, bound.handle, NONCE,
                    NULL_SCHEME), response -> maskedResponse(response));
            t.send("context of the unbound audit session", command(NO_SESSIONS, 0x162,
                    String.format("%08x", bound.handle)));
        }, FixedEntropy::new, preload);
    }

    private static void assertPersistentDataAsC(SwtpmProcess swtpm, InMemoryNvStorage storage) throws IOException {
        assertSectionAsC(swtpm, storage, "PERSISTENT_DATA");
    }

    private static void assertSectionAsC(SwtpmProcess swtpm, InMemoryNvStorage storage, String section)
            throws IOException {
        byte[] c = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(swtpm.stateDir().resolve(PERMALL)));
        byte[] java = storage.load(StateBlobType.PERMANENT).orElseThrow();
        assertThat(PermallSections.section(java, section)).as(section)
                .isEqualTo(PermallSections.section(c, section));
    }

    /**
     * TPMS_COMMAND_AUDIT_INFO's auditDigest of a GetCommandAuditDigest response: after the
     * TPMS_ATTEST header (magic, type, qualifiedSigner, extraData, clock info, firmware) and
     * auditCounter and digestAlg.
     */
    private static byte[] auditDigest(byte[] response) {
        ByteBuffer in = ByteBuffer.wrap(response);
        in.position(16 + 6);
        in.position(in.position() + 2 + Short.toUnsignedInt(in.getShort(in.position())));
        in.position(in.position() + 2 + Short.toUnsignedInt(in.getShort(in.position())));
        in.position(in.position() + 17 + 8 + 8 + 2);
        byte[] digest = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(digest);
        return digest;
    }

    /**
     * SHA-512(digest || cpHash || rpHash) for a TPM_ST_SESSIONS command with {@code handles}
     * handles (their Names are the handles: permanent handles and TPM_RH_NULL) and its response.
     */
    private static byte[] extended(byte[] digest, byte[] command, int handles, byte[] response) {
        ByteBuffer in = ByteBuffer.wrap(command);
        int authSize = in.getInt(10 + 4 * handles);
        byte[] names = Arrays.copyOfRange(command, 6, 10 + 4 * handles);
        byte[] parameters = Arrays.copyOfRange(command, 14 + 4 * handles + authSize, command.length);
        byte[] cpHash = SessionClient.digest(0xD, names, parameters);
        int parameterSize = ByteBuffer.wrap(response).getInt(10);
        byte[] rpHash = SessionClient.digest(0xD, new byte[4], Arrays.copyOfRange(command, 6, 10),
                Arrays.copyOfRange(response, 14, 14 + parameterSize));
        return SessionClient.digest(0xD, digest, cpHash, rpHash);
    }

    /** An attestation with TPM_RH_NULL: successful on both sides, the same but for the clock's low bytes. */
    private static void unsigned(TpmUnderTest[] sides, byte[] command) {
        unsigned(sides, both(sides, command), command);
    }

    private static void unsigned(TpmUnderTest[] sides, byte[][] responses, byte[] command) {
        assertThat(TestBytes.responseCode(responses[0])).as("C answers %s", TestBytes.hex(command)).isZero();
        assertThat(TestBytes.hex(maskedResponse(responses[1]))).as("%s", TestBytes.hex(command))
                .isEqualTo(TestBytes.hex(maskedResponse(responses[0])));
    }

    /** The response with the attestation's clock masked (the TPM2B_ATTEST is the first parameter). */
    private static byte[] maskedResponse(byte[] response) {
        byte[] out = response.clone();
        if (TestBytes.responseCode(response) != 0) {
            return out;
        }
        byte[] attest = maskedAttest(response);
        System.arraycopy(attest, 0, out, 16, attest.length);
        return out;
    }

    private static byte[] maskedAttest(byte[] response) {
        assertThat(TestBytes.responseCode(response)).isZero();
        ByteBuffer in = ByteBuffer.wrap(response);
        int size = Short.toUnsignedInt(in.getShort(14));
        return AttestationDifferentialTest.maskClock(Arrays.copyOfRange(response, 16, 16 + size));
    }

    private static byte[][] both(TpmUnderTest[] sides, byte[] command) {
        return new byte[][] {sides[0].command(command), sides[1].command(command)};
    }

    private static byte[] ok(TpmUnderTest[] sides, byte[] command) {
        byte[] reference = same(sides, command);
        assertThat(TestBytes.responseCode(reference)).as("C answers %s", TestBytes.hex(command)).isZero();
        return reference;
    }

    private static byte[] same(TpmUnderTest[] sides, byte[] command) {
        byte[] reference = sides[0].command(command);
        assertThat(TestBytes.hex(sides[1].command(command))).as("%s", TestBytes.hex(command))
                .isEqualTo(TestBytes.hex(reference));
        return reference;
    }
}
