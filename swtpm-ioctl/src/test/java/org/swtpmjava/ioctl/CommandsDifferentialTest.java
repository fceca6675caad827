package org.swtpmjava.ioctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every swtpm_ioctl command against a running C swtpm, C tool and ours side by side on twin
 * daemons (see {@link TwinSwtpms}): identical stdout, stderr and exit status at every step.
 */
class CommandsDifferentialTest {

    @TempDir
    Path dir;
    TwinSwtpms twins;

    @BeforeAll
    static void requireCTools() {
        CSwtpm.requireCTools();
    }

    @BeforeEach
    void startTwins() throws Exception {
        twins = TwinSwtpms.start(dir);
    }

    @AfterEach
    void stopTwins() throws Exception {
        twins.close();
    }

    @Test
    void queriesOfARunningTpm() {
        assertThat(twins.same("-c --unix {S}").stdout()).isEqualTo("ptm capability is 0xffff\n");
        assertThat(twins.same("-e --unix {S}").stdout()).isEqualTo("tpmEstablished is 0\n");
        assertThat(twins.same("-g --unix {S}").stdout()).isEqualTo("ptm configuration flags: 0x0\n");
        assertThat(twins.same("-b 0 --unix {S}").stdout())
                .isEqualTo("TPM buffersize: 4096\nminimum size  : 2808\nmaximum size  : 4096\n");
        assertThat(twins.same("-b 3000 --unix {S}").stderr()).isEqualTo("TPM result from PTM_SET_BUFFERSIZE: 0xa\n");
        for (String flags : new String[] {"0", "1", "2", "3", "4", "0x3", "-0"}) {
            assertThat(twins.same("--info " + flags + " --unix {S}").stdout()).startsWith("{").endsWith("}\n");
        }
        assertThat(twins.same("-v --unix {S}").status()).isZero();
        assertThat(twins.same("-C --unix {S}").status()).isZero();
    }

    @Test
    void localities() {
        for (int locality = 0; locality <= 4; locality++) {
            assertThat(twins.same("-l " + locality + " --unix {S}").status()).isZero();
        }
        assertThat(twins.same("-l 5 --unix {S}").stderr()).isEqualTo("Locality outside valid range of [0..4].\n");
        assertThat(twins.same("-r 3 --unix {S}").status()).isZero();
        assertThat(twins.same("-r 0 --unix {S}").stderr())
                .isEqualTo("TPM result from PTM_RESET_TPMESTABLISHED: 0x3d\n");
        assertThat(twins.same("-r 4 --unix {S}").status()).isZero();
    }

    @Test
    void hashSequencesFromTheArgumentAndFromStdin() {
        assertThat(twins.same("-h data --unix {S}").status()).isZero();
        twins.same("-e --unix {S}");
        // 5000 bytes: two HASH_DATA chunks, 4096 + 904
        assertThat(twins.same("-h " + "x".repeat(5000) + " --unix {S}").status()).isZero();
        byte[] twoChunks = new byte[8192];
        Arrays.fill(twoChunks, (byte) 'y');
        assertThat(twins.same("-h - --unix {S}", twoChunks).status()).isZero();
        assertThat(twins.same("-h - --unix {S}", new byte[0]).status()).isZero();
        assertThat(twins.same("-h - --unix {S}", "short\n".getBytes()).status()).isZero();
        twins.same("-e --unix {S}");
        // the resulting TPM state must match as well: PCR 17 lives in the volatile state
        twins.same("-r 3 --unix {S}");
        twins.same("-e --unix {S}");
    }

    @Test
    void aStoppedTpmRefusesWhatNeedsItAndAcceptsABufferSize() {
        assertThat(twins.same("--stop --unix {S}").status()).isZero();
        assertThat(twins.same("-e --unix {S}").stderr()).isEqualTo("TPM result from PTM_GET_TPMESTABLISHED: 0xa\n");
        assertThat(twins.same("-v --unix {S}").stderr()).isEqualTo("TPM result from PTM_STORE_VOLATILE: 0xa\n");
        assertThat(twins.same("-C --unix {S}").stderr()).isEqualTo("TPM result from PTM_CANCEL_TPM_CMD: 0xa\n");
        assertThat(twins.same("-h x --unix {S}").stderr()).isEqualTo("TPM result from PTM_HASH_START: 0xa\n");
        assertThat(twins.same("-b 3000 --unix {S}").stdout()).startsWith("TPM buffersize: 3000\n");
        assertThat(twins.same("-b 1 --unix {S}").stdout()).startsWith("TPM buffersize: 2808\n");
        twins.same("--info 3 --unix {S}");
        twins.same("--stop --unix {S}");
        assertThat(twins.same("-i --unix {S}").status()).isZero();
        assertThat(twins.same("-e --unix {S}").stdout()).isEqualTo("tpmEstablished is 0\n");
        assertThat(twins.same("-i --unix {S}").status()).isZero();
    }

    @Test
    void initResumesTheStoredVolatileStateAndDeletesIt() {
        Path cVolatile = twins.forC.stateDir().resolve("tpm2-00.volatilestate");
        Path javaVolatile = twins.forJava.stateDir().resolve("tpm2-00.volatilestate");
        twins.same("-v --unix {S}");
        assertThat(javaVolatile).exists();
        assertThat(cVolatile).exists();

        assertThat(twins.same("-i --unix {S}").status()).isZero();

        // -i sends INIT with DELETE_VOLATILE (swtpm-protocol.md §6)
        assertThat(cVolatile).doesNotExist();
        assertThat(javaVolatile).doesNotExist();
    }

    @Test
    void shutdownEndsTheDaemon() throws Exception {
        assertThat(twins.same("-s --unix {S}").status()).isZero();

        assertThat(twins.forC.waitForExit(10)).isTrue();
        assertThat(twins.forJava.waitForExit(10)).isTrue();
        assertThat(twins.forJava.exitValue()).isEqualTo(twins.forC.exitValue()).isZero();
        assertThat(twins.same("-c --unix {S}").stderr()).isEqualTo("Connect failed: No such file or directory\n");
    }
}
