package org.swtpmjava.ioctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --save and --load, C tool and ours side by side on twin C swtpm daemons. */
class StateBlobsDifferentialTest {

    /** The blob header: version, min version, header size, flags, total length (swtpm-protocol.md §5.3). */
    static final int BLOB_HEADER = 10;

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
    void savedBlobsMatchTheCToolsFiles() throws Exception {
        for (String type : new String[] {"permanent", "volatile", "savestate"}) {
            assertThat(twins.same("--save " + type + " {F}/" + type + " --unix {S}").status()).isZero();

            Path c = twins.cFiles.resolve(type);
            Path java = twins.javaFiles.resolve(type);
            assertThat(Files.getPosixFilePermissions(java)).isEqualTo(PosixFilePermissions.fromString("rw-------"))
                    .isEqualTo(Files.getPosixFilePermissions(c));
            assertThat(Files.size(java)).as(type).isEqualTo(Files.size(c));
            byte[] cBytes = Files.readAllBytes(c);
            byte[] javaBytes = Files.readAllBytes(java);
            assertThat(Arrays.copyOf(javaBytes, Math.min(BLOB_HEADER, javaBytes.length)))
                    .isEqualTo(Arrays.copyOf(cBytes, Math.min(BLOB_HEADER, cBytes.length)));
        }
        // Same permanent state, no keys, DECRYPTED requested: byte for byte the same blob.
        assertThat(twins.javaFiles.resolve("permanent")).hasSameBinaryContentAs(twins.cFiles.resolve("permanent"));
        // TPM 2 never has a savestate: result 0x800 is tolerated and leaves an empty file.
        assertThat(twins.javaFiles.resolve("savestate")).isEmptyFile();
    }

    @Test
    void aSaveThatFailsStillLeavesTheTruncatedFile() throws Exception {
        Files.writeString(twins.cFiles.resolve("old"), "previous content");
        Files.writeString(twins.javaFiles.resolve("old"), "previous content");
        twins.same("--stop --unix {S}");

        assertThat(twins.same("--save permanent {F}/old --unix {S}").stderr())
                .isEqualTo("TPM result from PTM_GET_STATEBLOB: 0xa\n");

        assertThat(twins.javaFiles.resolve("old")).isEmptyFile();
        assertThat(twins.cFiles.resolve("old")).isEmptyFile();
    }

    @Test
    void blobsLoadIntoAStoppedTpmAndInitUsesThem() throws Exception {
        // Both sides load the very same files, saved by the C tool from the C side's TPM.
        twins.same("-v --unix {S}");
        for (String type : new String[] {"permanent", "volatile", "savestate"}) {
            assertThat(ToolRun.c(new String[] {"--save", type, dir.resolve(type).toString(), "--unix",
                    twins.forC.ctrlSocket().toString()}, null).status()).isZero();
        }
        assertThat(twins.same("--load permanent " + dir.resolve("permanent") + " --unix {S}").stderr())
                .isEqualTo("TPM result from PTM_SET_STATEBLOB: 0xa\n");
        twins.same("--stop --unix {S}");
        for (String type : new String[] {"permanent", "volatile", "savestate"}) {
            String load = "--load " + type + " " + dir.resolve(type) + " --unix {S}";
            assertThat(twins.same(load).status()).as(type).isZero();
        }
        assertThat(twins.same("-i --unix {S}").status()).isZero();
        assertThat(twins.same("-e --unix {S}").status()).isZero();
        assertThat(twins.same("--save permanent {F}/after --unix {S}").status()).isZero();
        assertThat(twins.javaFiles.resolve("after")).hasSameBinaryContentAs(twins.cFiles.resolve("after"));
    }

    @Test
    void aBrokenBlobIsRefusedWithTheTpmsResult() throws Exception {
        Files.write(dir.resolve("garbage"), new byte[] {2, 1, 0, 10, 0, 4, 0, 0, 0, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        Files.write(dir.resolve("empty"), new byte[0]);
        twins.same("--stop --unix {S}");

        assertThat(twins.same("--load permanent " + dir.resolve("garbage") + " --unix {S}").stderr())
                .startsWith("TPM result from PTM_SET_STATEBLOB: 0x");
        assertThat(twins.same("--load volatile " + dir.resolve("empty") + " --unix {S}").status()).isZero();
        assertThat(twins.same("--load permanent " + dir + " --unix {S}").stderr())
                .isEqualTo("Could not read from file: Is a directory\n");
    }

    @Test
    void blobsSavedByOurToolLoadIntoTheCTool() throws Exception {
        String socket = twins.forJava.ctrlSocket().toString();
        Path permanent = dir.resolve("ours.permanent");
        Path volatileState = dir.resolve("ours.volatile");
        assertThat(ToolRun.java(new String[] {"--save", "permanent", permanent.toString(), "--unix", socket}, null)
                .status()).isZero();
        assertThat(ToolRun.java(new String[] {"--save", "volatile", volatileState.toString(), "--unix", socket}, null)
                .status()).isZero();
        ToolRun.c(new String[] {"--stop", "--unix", socket}, null);

        assertThat(ToolRun.c(new String[] {"--load", "permanent", permanent.toString(), "--unix", socket}, null))
                .isEqualTo(new ToolRun.Outcome("", "", 0));
        assertThat(ToolRun.c(new String[] {"--load", "volatile", volatileState.toString(), "--unix", socket}, null))
                .isEqualTo(new ToolRun.Outcome("", "", 0));
        assertThat(ToolRun.c(new String[] {"-i", "--unix", socket}, null)).isEqualTo(new ToolRun.Outcome("", "", 0));
    }
}
