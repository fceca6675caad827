package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SIGNING_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_ContextSave and TPM2_ContextLoad of transient objects: sequence, savedHandle and
 * hierarchy of the saved context as libtpms gives them (the blob's payload is this engine's own,
 * so the blob itself is not compared), each side's context loads back into it, the reloaded
 * objects work as before, and damaged or stale contexts get libtpms' codes.
 */
class ObjectContextDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    private static final String PW = SwtpmBootDifferentialTest.PW;
    private static final String HMAC_KEY = keyedHash(0xB, SIGNING_ATTRIBUTES | 0x400, "", "0005 000b", "");
    private static final String STCLEAR_HMAC_KEY = keyedHash(0xB, SIGNING_ATTRIBUTES | 0x404, "", "0005 000b", "");
    /** The response header and TPMS_CONTEXT up to the blob: what both sides must agree on. */
    private static final UnaryOperator<byte[]> CONTEXT_HEADER = response -> {
        if (TestBytes.responseCode(response) != 0) {
            return response;
        }
        byte[] header = Arrays.copyOf(response, 26);
        Arrays.fill(header, 2, 6, (byte) 0);
        return header;
    };

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static byte[] contextSave(int handle) {
        return command(NO_SESSIONS, 0x162, String.format("%08x", handle));
    }

    /** TPM2_ContextLoad of a TPMS_CONTEXT given as hex. */
    static byte[] contextLoad(String context) {
        return command(NO_SESSIONS, 0x161, context.replace(" ", ""));
    }

    /** The TPMS_CONTEXT of a ContextSave response, as hex. */
    static String savedContext(byte[] response) {
        return TestBytes.hex(Arrays.copyOfRange(response, 10, response.length));
    }

    private static String flipByte(String hex, int byteIndex) {
        int value = Integer.parseInt(hex.substring(2 * byteIndex, 2 * byteIndex + 2), 16) ^ 0x80;
        return hex.substring(0, 2 * byteIndex) + String.format("%02x", value) + hex.substring(2 * byteIndex + 2);
    }

    private static byte[] sign(int key) {
        return ObjectCreateLoadDifferentialTest.sign(key, PW, "ab".repeat(32));
    }

    @Test
    void objectAndSequenceContextsSaveAndLoad() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary ECC SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
            t.send("CreatePrimary HMAC key, endorsement", createPrimary(ENDORSEMENT, HMAC_KEY));
            t.send("HashSequenceStart SHA-256", SwtpmSequenceDifferentialTest.start("", 0xB));
            t.send("SequenceUpdate", SwtpmSequenceDifferentialTest.update(FIRST + 2, PW, "616263"));
            String srk = savedContext(t.send("ContextSave SRK", contextSave(FIRST), CONTEXT_HEADER));
            String hmac = savedContext(t.send("ContextSave HMAC key", contextSave(FIRST + 1), CONTEXT_HEADER));
            String sequence = savedContext(t.send("ContextSave sequence", contextSave(FIRST + 2), CONTEXT_HEADER));
            t.send("ContextSave SRK again", contextSave(FIRST), CONTEXT_HEADER);
            t.send("ContextSave empty slot", contextSave(FIRST + 3));
            t.send("ContextSave session handle", contextSave(0x02000000));
            t.send("ContextSave session handle 0x02000040", contextSave(0x02000040));
            t.send("ContextSave persistent handle", contextSave(0x81000000));
            t.send("ContextLoad with all slots full", contextLoad(hmac));
            t.send("FlushContext all", flush(FIRST));
            t.send("FlushContext HMAC key", flush(FIRST + 1));
            t.send("FlushContext sequence", flush(FIRST + 2));
            t.send("ContextLoad HMAC key", contextLoad(hmac));
            t.send("Sign with the reloaded HMAC key", sign(FIRST));
            t.send("ContextLoad sequence", contextLoad(sequence));
            t.send("SequenceComplete of the reloaded sequence", SwtpmSequenceDifferentialTest.complete(FIRST + 1, PW,
                    "646566", "40000007"));
            t.send("ContextLoad SRK", contextLoad(srk));
            t.send("ReadPublic reloaded SRK", readPublic(FIRST + 1));
            t.send("ContextLoad SRK a second time", contextLoad(srk));
            t.send("ReadPublic second copy", readPublic(FIRST + 2));
            t.send("FlushContext second copy", flush(FIRST + 2));
            t.send("FlushContext SRK", flush(FIRST + 1));
            t.send("TPM_CAP_HANDLES transient", DifferentialCommands.getCapability(1, 0x80000000L, 8));
            // damaged contexts
            t.send("ContextLoad integrity flipped", contextLoad(flipByte(hmac, 20)));
            t.send("ContextLoad encrypted byte flipped", contextLoad(flipByte(hmac, hmac.length() / 2 - 1)));
            t.send("ContextLoad other sequence", contextLoad(flipByte(hmac, 7)));
            t.send("ContextLoad other hierarchy", contextLoad(hmac.substring(0, 24) + "40000001" + hmac.substring(32)));
            t.send("ContextLoad bad hierarchy", contextLoad(hmac.substring(0, 24) + "40000002" + hmac.substring(32)));
            t.send("ContextLoad savedHandle 0x80000003", contextLoad(hmac.substring(0, 16) + "80000003"
                    + hmac.substring(24)));
            t.send("ContextLoad savedHandle of a sequence", contextLoad(hmac.substring(0, 16) + "80000001"
                    + hmac.substring(24)));
            t.send("ContextLoad savedHandle of a session", contextLoad(hmac.substring(0, 16) + "02000001"
                    + hmac.substring(24)));
            t.send("ContextLoad savedHandle 0x02000040", contextLoad(hmac.substring(0, 16) + "02000040"
                    + hmac.substring(24)));
            t.send("ContextLoad empty blob", contextLoad(hmac.substring(0, 32) + "0000"));
            t.send("ContextLoad integrity only", contextLoad(hmac.substring(0, 32) + "0042" + hmac.substring(36,
                    36 + 132)));
            t.send("ContextLoad integrity of 32 bytes", contextLoad(hmac.substring(0, 32) + "0030 0020".replace(" ", "")
                    + "00".repeat(46)));
            t.send("ContextLoad integrity of 65 bytes", contextLoad(hmac.substring(0, 32) + "0050 0041".replace(" ", "")
                    + "00".repeat(78)));
            t.send("ContextLoad blob of 2748 bytes, short", contextLoad(hmac.substring(0, 32) + "0abc" + "00".repeat(16)));
            t.send("ContextLoad blob of 2749 bytes", contextLoad(hmac.substring(0, 32) + "0abd" + "00".repeat(16)));
            t.send("ContextLoad truncated", contextLoad(hmac.substring(0, hmac.length() - 2)));
            t.send("HierarchyControl endorsement off", command(DifferentialCommands.SESSIONS, 0x121, "4000000c"
                    + DifferentialCommands.sessions(PW) + "4000000b00"));
            t.send("ContextLoad of a disabled hierarchy", contextLoad(hmac));
            t.send("ContextLoad sequence with endorsement off", contextLoad(sequence));
        }, FixedEntropy::new, preload);
    }

    @Test
    void contextsAcrossResetAndRestart() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary HMAC key", createPrimary(OWNER, HMAC_KEY));
            t.send("CreatePrimary stClear HMAC key", createPrimary(OWNER, STCLEAR_HMAC_KEY));
            String plain = savedContext(t.send("ContextSave", contextSave(FIRST), CONTEXT_HEADER));
            String stClear = savedContext(t.send("ContextSave stClear", contextSave(FIRST + 1), CONTEXT_HEADER));
            t.send("FlushContext", flush(FIRST));
            t.send("FlushContext stClear", flush(FIRST + 1));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE): resume", command(NO_SESSIONS, 0x144, "0001"));
            t.send("ContextLoad after resume", contextLoad(plain));
            t.send("ContextLoad stClear after resume", contextLoad(stClear));
            t.send("ContextSave after resume", contextSave(FIRST), CONTEXT_HEADER);
            t.send("Shutdown(STATE) again", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT 2", t.tpm().init());
            t.send("Startup(CLEAR): restart", command(NO_SESSIONS, 0x144, "0000"));
            t.send("ContextLoad after restart", contextLoad(plain));
            t.send("ContextLoad stClear after restart", contextLoad(stClear));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            t.record("INIT 3", t.tpm().init());
            t.send("Startup(CLEAR): reset", command(NO_SESSIONS, 0x144, "0000"));
            t.send("ContextLoad after reset", contextLoad(plain));
            t.send("ContextSave sequence numbers restart", contextSave(FIRST), CONTEXT_HEADER);
        }, FixedEntropy::new, preload);
    }
}
