package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;

/**
 * With the same entropy stream on both sides (LD_PRELOAD stub for OpenSSL's RAND_bytes in the
 * C swtpm, {@link FixedEntropy} in the engine), the DRBG outputs must match byte for byte: this
 * checks the CTR_DRBG, libtpms' derivation function (via StirRandom) and that entropy is drawn
 * and random numbers are generated in the same sizes and order at manufacture, Startup and
 * every command. The restart without Shutdown resumes from the DRBG state in NV, which libtpms
 * also refreshes when its clock crosses a 4096 ms boundary; the scenario runs well within the
 * first 4 s of the C TPM's clock, as the engine's frozen clock never crosses one.
 */
class FixedEntropyDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    @Test
    void drbgOutputMatchesLibtpms() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("GetRandom 64", command(NO_SESSIONS, 0x17B, "0040"));
            t.send("GetRandom 16", command(NO_SESSIONS, 0x17B, "0010"));
            t.send("GetRandom 0", command(NO_SESSIONS, 0x17B, "0000"));
            t.send("GetRandom 33", command(NO_SESSIONS, 0x17B, "0021"));
            t.send("StirRandom 5 bytes", command(NO_SESSIONS, 0x146, "0005 0102030405"));
            t.send("GetRandom 32", command(NO_SESSIONS, 0x17B, "0020"));
            t.send("StirRandom 16 bytes", command(NO_SESSIONS, 0x146, "0010" + "5a".repeat(16)));
            t.send("GetRandom 32", command(NO_SESSIONS, 0x17B, "0020"));
            t.send("StirRandom 0 bytes", command(NO_SESSIONS, 0x146, "0000"));
            t.send("GetRandom 32", command(NO_SESSIONS, 0x17B, "0020"));
            t.send("StirRandom 128 bytes", command(NO_SESSIONS, 0x146, "0080" + "ab".repeat(128)));
            t.send("GetRandom 32", command(NO_SESSIONS, 0x17B, "0020"));
            t.send("Shutdown(STATE)", command(NO_SESSIONS, 0x145, "0001"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(STATE)", command(NO_SESSIONS, 0x144, "0001"));
            t.send("GetRandom 64 after resume", command(NO_SESSIONS, 0x17B, "0040"));
            t.record("INIT without Shutdown", t.tpm().init());
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("GetRandom 64 after a non-orderly reset", command(NO_SESSIONS, 0x17B, "0040"));
            for (String hierarchy : new String[] {"40000001", "4000000b", "4000000c"}) {
                t.send("Hash ticket (hierarchy proof) " + hierarchy,
                        command(NO_SESSIONS, 0x17D, "0003 616263 000b " + hierarchy));
                t.send("HashSequenceStart SHA-384", SwtpmSequenceDifferentialTest.start("", 0xC));
                t.send("SequenceComplete ticket " + hierarchy, SwtpmSequenceDifferentialTest.complete(0x80000000,
                        SwtpmBootDifferentialTest.PW, "61626364", hierarchy));
            }
            t.send("Clear: new storage seed and proofs", SwtpmHierarchyDifferentialTest.clear("4000000c",
                    SwtpmBootDifferentialTest.PW));
            for (String hierarchy : new String[] {"40000001", "4000000b", "4000000c"}) {
                t.send("Hash ticket after Clear " + hierarchy,
                        command(NO_SESSIONS, 0x17D, "0003 616263 000b " + hierarchy));
            }
            t.send("ChangeEPS", command(0x8002, 0x124, "4000000c" + DifferentialCommands.sessions(SwtpmBootDifferentialTest.PW)));
            t.send("ChangePPS", command(0x8002, 0x125, "4000000c" + DifferentialCommands.sessions(SwtpmBootDifferentialTest.PW)));
            for (String hierarchy : new String[] {"40000001", "4000000b", "4000000c"}) {
                t.send("Hash ticket after ChangeEPS/PPS " + hierarchy,
                        command(NO_SESSIONS, 0x17D, "0003 616263 000b " + hierarchy));
            }
            t.send("GetRandom 32 after Clear", command(NO_SESSIONS, 0x17B, "0020"));
        }, FixedEntropy::new, preload);
    }
}
