package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsFormatException;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsPermanentCodec;

/**
 * The time epoch (PERSISTENT_DATA's timeEpoch): libtpms starts a new one at the first TimeUpdate
 * after a power-on, which is the one in TPM2_Startup (DAStartup) once Startup has passed its
 * checks, and writes it to NV with the Startup. A failed Startup, commands before Startup and
 * repeated _TPM_Init without a Startup start none, nor does a resumed volatile state (it carries
 * the consumed s_timerStopped). With the same entropy on both sides the
 * permall after each step is the C swtpm's, byte for byte.
 */
class TimeEpochDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final String PERMALL = "tpm2-00.permall";

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    /** One observation: a label, the response code (if a command) and the permall then. */
    private record Snapshot(String label, String answer, byte[] permall) {
    }

    @Test
    void everyStartupAfterAPowerOnStartsANewEpochAsInC() throws Exception {
        List<Snapshot> reference;
        try (SwtpmProcess c = SwtpmProcess.start(preload)) {
            reference = scenario(c, () -> readPermall(c));
        }
        InMemoryNvStorage storage = new InMemoryNvStorage();
        List<Snapshot> actual;
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), storage)) {
            actual = scenario(java, () -> storage.load(StateBlobType.PERMANENT).orElseThrow());
        }
        assertThat(actual).extracting(Snapshot::label)
                .containsExactlyElementsOf(reference.stream().map(Snapshot::label).toList());
        for (int i = 0; i < reference.size(); i++) {
            Snapshot expected = reference.get(i);
            assertThat(actual.get(i).answer()).as(expected.label()).isEqualTo(expected.answer());
            PermallSections.assertSameSections(actual.get(i).permall(), expected.permall());
        }
        // The reference's own counts, so that this test fails if the epoch stops moving on both sides.
        assertThat(reference).extracting(s -> epoch(s.permall()))
                .containsExactly(0, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4);
    }

    private static List<Snapshot> scenario(TpmUnderTest tpm, Supplier<byte[]> permall) {
        List<Snapshot> out = new ArrayList<>();
        out.add(new Snapshot("manufactured", "", permall.get()));
        out.add(send(tpm, permall, "Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000")));
        out.add(send(tpm, permall, "GetRandom", command(NO_SESSIONS, 0x17B, "0010")));
        out.add(init(tpm, permall, "INIT"));
        out.add(send(tpm, permall, "GetRandom before Startup", command(NO_SESSIONS, 0x17B, "0010")));
        out.add(send(tpm, permall, "Startup(STATE) without a Shutdown(STATE)", command(NO_SESSIONS, 0x144, "0001")));
        out.add(send(tpm, permall, "Startup(CLEAR) after the failed one", command(NO_SESSIONS, 0x144, "0000")));
        out.add(init(tpm, permall, "INIT"));
        out.add(init(tpm, permall, "INIT again"));
        out.add(send(tpm, permall, "Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000")));
        out.add(init(tpm, permall, "INIT"));
        out.add(send(tpm, permall, "Startup(CLEAR) once more", command(NO_SESSIONS, 0x144, "0000")));
        // a resumed volatile state carries the consumed s_timerStopped: no new epoch
        out.add(new Snapshot("CMD_STORE_VOLATILE", Integer.toString(tpm.storeVolatile()), permall.get()));
        tpm.restartProcess();
        out.add(send(tpm, permall, "GetRandom after resuming", command(NO_SESSIONS, 0x17B, "0010")));
        return out;
    }

    private static Snapshot send(TpmUnderTest tpm, Supplier<byte[]> permall, String label, byte[] command) {
        byte[] response = tpm.command(command);
        return new Snapshot(label, org.swtpmjava.tpm.TestBytes.hex(java.util.Arrays.copyOfRange(response, 6, 10)),
                permall.get());
    }

    private static Snapshot init(TpmUnderTest tpm, Supplier<byte[]> permall, String label) {
        return new Snapshot(label, Integer.toString(tpm.init()), permall.get());
    }

    private static byte[] readPermall(SwtpmProcess c) {
        try {
            return SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int epoch(byte[] permall) {
        try {
            return LibtpmsPermanentCodec.read(permall, LibtpmsPermanentCodec.VERSION_0_9).persistent().timeEpoch();
        } catch (LibtpmsFormatException e) {
            throw new AssertionError(e);
        }
    }
}
