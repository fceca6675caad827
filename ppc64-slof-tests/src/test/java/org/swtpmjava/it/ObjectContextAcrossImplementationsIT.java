package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.it.Launchers.Emulator;

/**
 * An object context saved by one implementation, in a tpm2-tools context file, loads into the
 * other while both have the same state (same proofs and totalResetCount): both put libtpms'
 * ANY_OBJECT marshalling in the blob. A user meets this when a resource manager (tpm2-abrmd)
 * holds saved contexts across a move of the state directory between the C swtpm and swtpm-java.
 */
class ObjectContextAcrossImplementationsIT {

    @TempDir
    Path tmp;

    @Test
    void anObjectContextOfOneImplementationLoadsInTheOther() throws Exception {
        ToolRunner.manufactureWithC(tmp.resolve("base"));
        Path state = tmp.resolve("base/state");
        StateDirInteropIT.copyStateDir(state, tmp.resolve("c/state"));
        StateDirInteropIT.copyStateDir(state, tmp.resolve("java/state"));
        try (ToolRunner c = ToolRunner.start(Emulator.C, tmp.resolve("c"));
                ToolRunner java = ToolRunner.start(Emulator.JAVA, tmp.resolve("java"))) {
            for (ToolRunner t : new ToolRunner[] {c, java}) {
                assertThat(t.run("tpm2_createprimary", "-C", "o", "-G", "rsa2048", "-c", t.f("prim.ctx")).status())
                        .as("%s: tpm2_createprimary", t.emulator()).isZero();
            }
            assertThat(Files.readAllBytes(java.path("prim.ctx"))).as("the same context file from both")
                    .isEqualTo(Files.readAllBytes(c.path("prim.ctx")));
            RawTpm cTpm = new RawTpm(c.port());
            RawTpm javaTpm = new RawTpm(java.port());
            byte[] cAnswer = cTpm.send(contextLoad(java.path("prim.ctx")));
            byte[] javaAnswer = javaTpm.send(contextLoad(c.path("prim.ctx")));
            assertThat(RawTpm.responseCode(cAnswer)).as("C swtpm loading swtpm-java's context").isZero();
            assertThat(RawTpm.hex(javaAnswer)).as("swtpm-java loading the C swtpm's context")
                    .isEqualTo(RawTpm.hex(cAnswer));
            byte[] readPublic = RawTpm.command("8001", "00000173", RawTpm.hex(Arrays.copyOfRange(cAnswer, 10, 14)));
            assertThat(RawTpm.hex(javaTpm.send(readPublic))).as("ReadPublic of the loaded key")
                    .isEqualTo(RawTpm.hex(cTpm.send(readPublic)));
        }
    }

    /**
     * TPM2_ContextLoad of the TPM's TPMS_CONTEXT inside a tpm2-tools context file (magic, version,
     * hierarchy, savedHandle, sequence, then ESYS's blob: u32 reserved, the TPM's TPM2B_CONTEXT_DATA,
     * ESYS metadata).
     */
    static byte[] contextLoad(Path toolsContextFile) throws Exception {
        ByteBuffer f = ByteBuffer.wrap(Files.readAllBytes(toolsContextFile));
        f.position(8);
        int hierarchy = f.getInt();
        int savedHandle = f.getInt();
        long sequence = f.getLong();
        f.getShort(); // size of ESYS's blob
        f.getInt(); // reserved
        byte[] tpmBlob = new byte[f.getShort() & 0xFFFF];
        f.get(tpmBlob);
        ByteBuffer p = ByteBuffer.allocate(18 + tpmBlob.length);
        p.putLong(sequence).putInt(savedHandle).putInt(hierarchy).putShort((short) tpmBlob.length).put(tpmBlob);
        return RawTpm.command("8001", "00000161", RawTpm.hex(Arrays.copyOf(p.array(), p.position())));
    }
}
