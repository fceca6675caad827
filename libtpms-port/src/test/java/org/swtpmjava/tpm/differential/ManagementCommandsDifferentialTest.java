package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.changeAuth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_PP_Commands and TPM2_SetAlgorithmSet (Part 3 §26.2-26.3) against libtpms 0.9.2 with the
 * same entropy on both sides: PP_Commands always needs physical presence, which swtpm never
 * asserts (TPM_RC_PP on the session before the auth value and the parameters are looked at);
 * SetAlgorithmSet's value in TPM_PT_ALGORITHM_SET, in PERSISTENT_DATA as C writes it, across a
 * restart and TPM2_Clear; TPM_CAP_PP_COMMANDS and TPM_CAP_COMMANDS for both codes.
 */
class ManagementCommandsDifferentialTest {
    private static final String PLATFORM = "4000000c";
    private static final String OWNER = "40000001";
    private static final String LOCKOUT = "4000000a";
    private static final String NULL = "40000007";
    private static final String PERMALL = "tpm2-00.permall";
    private static final byte[] ALGORITHM_SET = getCapability(6, 0x20C, 1);
    private static final byte[] PP_LIST = getCapability(3, 0, 64);
    private static final byte[] STARTUP_CLEAR = command(NO_SESSIONS, 0x144, "0000");

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    /** TPM2_PP_Commands(auth, setList, clearList). */
    static byte[] ppCommands(String auth, String session, String setList, String clearList) {
        return command(SESSIONS, 0x12D, auth + sessions(session) + setList.replace(" ", "")
                + clearList.replace(" ", ""));
    }

    /** TPM2_SetAlgorithmSet(authHandle, algorithmSet). */
    static byte[] setAlgorithmSet(String auth, String session, int algorithmSet) {
        return command(SESSIONS, 0x13F, auth + sessions(session) + String.format("%08x", algorithmSet));
    }

    /** An unbound, unsalted session of {@code type} (0 HMAC, 1 policy) with SHA-256. */
    static byte[] startSession(int type) {
        return command(NO_SESSIONS, 0x176, NULL + NULL + "0020" + "ab".repeat(32)
                + String.format("0000%02x0010000b", type));
    }

    @Test
    void ppCommandsNeedsPhysicalPresence() {
        DifferentialRunner.compare(t -> {
            t.send("PP_Commands before Startup", ppCommands(PLATFORM, PW, "00000000", "00000000"));
            t.send("Startup(CLEAR)", STARTUP_CLEAR);
            t.send("TPM_CAP_PP_COMMANDS", PP_LIST);
            t.send("TPM_CAP_PP_COMMANDS from 0x12D count 1", getCapability(3, 0x12D, 1));
            t.send("TPM_CAP_PP_COMMANDS from 0x12E", getCapability(3, 0x12E, 64));
            t.send("TPM_CAP_PP_COMMANDS count 0", getCapability(3, 0, 0));
            t.send("TPMA_CC of PP_Commands", getCapability(2, 0x12D, 1));
            t.send("TPMA_CC of SetAlgorithmSet", getCapability(2, 0x13F, 1));
            t.send("TPM_CAP_COMMANDS from 0x12C count 3", getCapability(2, 0x12C, 3));
            t.send("TPM_CAP_COMMANDS from 0x13E count 2", getCapability(2, 0x13E, 2));
            t.send("empty lists", ppCommands(PLATFORM, PW, "00000000", "00000000"));
            t.send("set ClockSet, clear PP_Commands", ppCommands(PLATFORM, PW, "00000001 00000128",
                    "00000001 0000012d"));
            t.send("owner handle", ppCommands(OWNER, PW, "00000000", "00000000"));
            t.send("lockout handle", ppCommands(LOCKOUT, PW, "00000000", "00000000"));
            t.send("TPM_RH_NULL", ppCommands(NULL, PW, "00000000", "00000000"));
            t.send("transient handle", ppCommands("80000000", PW, "00000000", "00000000"));
            t.send("no sessions", command(NO_SESSIONS, 0x12D, PLATFORM + "00000000 00000000"));
            t.send("wrong auth value", ppCommands(PLATFORM, password(0, "01"), "00000000", "00000000"));
            t.send("setList too long", ppCommands(PLATFORM, PW, "000000ff", "00000000"));
            t.send("clearList too long", ppCommands(PLATFORM, PW, "00000000", "00000100"));
            t.send("truncated parameters", ppCommands(PLATFORM, PW, "0000", ""));
            t.send("trailing byte", ppCommands(PLATFORM, PW, "00000000", "00000000 00"));
            t.send("platform auth := 0c", changeAuth(0x4000000C, PW, "0c"));
            t.send("right auth value", ppCommands(PLATFORM, password(0, "0c"), "00000000", "00000000"));
            t.send("wrong auth value again", ppCommands(PLATFORM, PW, "00000000", "00000000"));
            t.send("TPM_PT_LOCKOUT_COUNTER: no DA failure counted", getCapability(6, 0x20E, 1));
            t.send("HMAC session", startSession(0));
            t.send("PP_Commands with an HMAC session", ppCommands(PLATFORM,
                    "02000000 0000 01 0020" + "00".repeat(32), "00000000", "00000000"));
            t.send("policy session", startSession(1));
            t.send("PolicyPhysicalPresence", command(NO_SESSIONS, 0x187, "03000001"));
            t.send("PP_Commands with a policy session", ppCommands(PLATFORM,
                    "03000001 0000 01 0000", "00000000", "00000000"));
            t.send("platform auth := empty", changeAuth(0x4000000C, password(0, "0c"), ""));
            t.send("TPM_CAP_PP_COMMANDS unchanged", PP_LIST);
        }, FixedEntropy::new, preload);
    }

    /** All of TPM_CAP_COMMANDS and the command counts: nothing of libtpms 0.9.2 is missing any more. */
    @Test
    void commandListIsLibtpms() {
        DifferentialRunner.compare(t -> {
            t.send("Startup(CLEAR)", STARTUP_CLEAR);
            t.send("TPM_CAP_COMMANDS", getCapability(2, 0, 256));
            t.send("TPM_CAP_COMMANDS from 0x140", getCapability(2, 0x140, 256));
            t.send("TPM_PT_TOTAL_COMMANDS, TPM_PT_LIBRARY_COMMANDS", getCapability(6, 0x129, 2));
        }, FixedEntropy::new, preload);
    }

    @Test
    void setAlgorithmSetErrors() {
        DifferentialRunner.compare(t -> {
            t.send("Startup(CLEAR)", STARTUP_CLEAR);
            t.send("TPM_PT_ALGORITHM_SET", ALGORITHM_SET);
            t.send("owner handle", setAlgorithmSet(OWNER, PW, 1));
            t.send("lockout handle", setAlgorithmSet(LOCKOUT, PW, 1));
            t.send("TPM_RH_NULL", setAlgorithmSet(NULL, PW, 1));
            t.send("no sessions", command(NO_SESSIONS, 0x13F, PLATFORM + "00000001"));
            t.send("truncated", command(SESSIONS, 0x13F, PLATFORM + sessions(PW) + "0001"));
            t.send("no parameter", command(SESSIONS, 0x13F, PLATFORM + sessions(PW)));
            t.send("trailing byte", command(SESSIONS, 0x13F, PLATFORM + sessions(PW) + "00000001 00"));
            t.send("wrong auth value", setAlgorithmSet(PLATFORM, password(0, "01"), 1));
            t.send("TPM_PT_LOCKOUT_COUNTER", getCapability(6, 0x20E, 1));
            t.send("two sessions", command(SESSIONS, 0x13F, PLATFORM + sessions(PW, PW) + "00000001"));
            t.send("TPM_PT_ALGORITHM_SET unchanged", ALGORITHM_SET);
            t.send("platform auth := 0c", changeAuth(0x4000000C, PW, "0c"));
            t.send("SetAlgorithmSet with the new auth", setAlgorithmSet(PLATFORM, password(0, "0c"), 0xFFFFFFFF));
            t.send("TPM_PT_ALGORITHM_SET", ALGORITHM_SET);
            t.send("TPM_PROPERTIES around it", getCapability(6, 0x20B, 3));
            t.send("HMAC session", startSession(0));
            t.send("SetAlgorithmSet with an HMAC session and a wrong HMAC", setAlgorithmSet(PLATFORM,
                    "02000000 0000 01 0020" + "00".repeat(32), 7));
        }, FixedEntropy::new, preload);
    }

    @Test
    void algorithmSetIsPersistentAsInLibtpms() throws IOException {
        InMemoryNvStorage storage = new InMemoryNvStorage();
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload);
             JavaTpm engine = new JavaTpm(new FixedEntropy(), storage)) {
            TpmUnderTest[] sides = {swtpm, engine};
            ok(sides, STARTUP_CLEAR);
            ok(sides, command(SESSIONS, 0x127, PLATFORM + sessions(PW) + "00")); // ClearControl: NV written
            String before = assertPersistentDataAsC(swtpm, storage);
            ok(sides, setAlgorithmSet(PLATFORM, PW, 0x12345678));
            String after = assertPersistentDataAsC(swtpm, storage);
            assertThat(after).as("PERSISTENT_DATA changed").isNotEqualTo(before).contains("12345678");
            assertThat(value(same(sides, ALGORITHM_SET))).isEqualTo("12345678");

            // TPM2_Clear keeps it (new seeds from the same DRBG state on both sides)
            ok(sides, command(SESSIONS, 0x126, PLATFORM + sessions(PW)));
            assertThat(value(same(sides, ALGORITHM_SET))).isEqualTo("12345678");
            assertPersistentDataAsC(swtpm, storage);

            // a new process on the same state: the value comes back from NV
            for (TpmUnderTest side : sides) {
                side.restartProcess();
            }
            ok(sides, STARTUP_CLEAR);
            assertThat(value(same(sides, ALGORITHM_SET))).isEqualTo("12345678");

            // an orderly Shutdown(STATE), SetAlgorithmSet, then a resume
            ok(sides, command(NO_SESSIONS, 0x145, "0001"));
            ok(sides, setAlgorithmSet(PLATFORM, PW, 0x0A0B0C0D));
            assertPersistentDataAsC(swtpm, storage);
            for (TpmUnderTest side : sides) {
                assertThat(side.init()).isZero();
            }
            // SetAlgorithmSet does not end the orderly state (no g_clearOrderly): the resume works
            ok(sides, command(NO_SESSIONS, 0x144, "0001"));
            assertThat(value(same(sides, ALGORITHM_SET))).isEqualTo("0a0b0c0d");

        }
    }

    /** The value of the single property in a GetCapability(TPM_PROPERTIES) response. */
    private static String value(byte[] response) {
        return TestBytes.hex(response).substring(2 * 23, 2 * 27);
    }

    /** PERSISTENT_DATA of the engine's stored permall equals that of C's tpm2-00.permall; its hex. */
    private static String assertPersistentDataAsC(SwtpmProcess swtpm, InMemoryNvStorage storage) throws IOException {
        byte[] c = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(swtpm.stateDir().resolve(PERMALL)));
        byte[] java = storage.load(StateBlobType.PERMANENT).orElseThrow();
        String section = PermallSections.section(c, "PERSISTENT_DATA");
        assertThat(section).isNotNull();
        assertThat(PermallSections.section(java, "PERSISTENT_DATA")).as("PERSISTENT_DATA").isEqualTo(section);
        return section;
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
