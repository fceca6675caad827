package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.READ_ALL_BANKS_0_TO_7;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;

/**
 * Real state files of older libtpms versions (0.6 to 0.9, from the swtpm project's test data,
 * see resources/swtpm-fixtures/README.md) opened by the C swtpm 0.7.1 and by the engine: what a
 * user sees first must be the same. Handles, properties and PCRs of the resumed state, then the
 * persistent and loaded objects (ReadPublic, a signature where the key signs), Startup, primary
 * keys derived from the fixture's seeds (with its seed compatibility level), the PCRs again.
 */
class SwtpmFixturesDifferentialTest {
    private static final String PERMALL = "tpm2-00.permall";
    private static final String VOLATILE = "tpm2-00.volatilestate";
    /** At most this many persistent and transient objects are used (tpm2state5 has 65). */
    private static final int OBJECTS_USED = 6;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"tpm2state1", "tpm2state3", "tpm2state3b", "tpm2state3c", "tpm2state3d", "tpm2state4",
        "tpm2state5", "tpm2state6"})
    void aStateOfAnOlderLibtpmsOpensAsInTheCSwtpm(String fixture) throws Exception {
        Path source = fixtureDir(fixture);
        Path cDir = Files.createDirectory(tmp.resolve("c"));
        InMemoryNvStorage javaStorage = new InMemoryNvStorage();
        for (String file : List.of(PERMALL, VOLATILE)) {
            if (Files.exists(source.resolve(file))) {
                byte[] bytes = Files.readAllBytes(source.resolve(file));
                Files.write(cDir.resolve(file), bytes);
                javaStorage.put(file.equals(PERMALL) ? StateBlobType.PERMANENT : StateBlobType.VOLATILE,
                        SwtpmPermallDifferentialTest.innerBlob(bytes));
            }
        }
        List<Transcript.Step> reference;
        try (SwtpmProcess c = SwtpmProcess.startIn(cDir)) {
            Transcript t = new Transcript(c);
            ask(t);
            reference = t.steps();
        }
        List<Transcript.Step> actual;
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), javaStorage)) {
            Transcript t = new Transcript(java);
            ask(t);
            actual = t.steps();
        }
        DifferentialRunner.assertSameAnswers(fixture, reference, actual);
        assertThat(reference).as("the C swtpm opened the fixture and runs").filteredOn(step -> step.label()
                .equals("PCR_Read 0-7 after Startup")).singleElement()
                .satisfies(step -> assertThat(step.answer().substring(12, 20)).isEqualTo("00000000"));
    }

    private static void ask(Transcript t) {
        t.send("transient handles", getCapability(1, 0x80000000L, 16));
        byte[] persistent = t.send("persistent handles", getCapability(1, 0x81000000L, 80));
        t.send("loaded sessions", getCapability(1, 0x02000000L, 8));
        t.send("saved sessions", getCapability(1, 0x03000000L, 8));
        t.send("NV indices", getCapability(1, 0x01000000L, 16));
        t.send("variable properties", getCapability(6, 0x200, 64));
        t.send("PCR allocation", getCapability(5, 0, 1));
        t.send("PCR_Read 0-7", command(NO_SESSIONS, 0x17E, READ_ALL_BANKS_0_TO_7));
        for (int handle : handles(persistent)) {
            t.send(String.format("ReadPublic 0x%08x", handle), command(NO_SESSIONS, 0x173, String.format("%08x", handle)));
            t.send(String.format("Sign with 0x%08x", handle), SignatureDifferentialTest.sign(handle, "5a".repeat(32),
                    "0010"));
        }
        t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
        t.send("PCR_Read 0-7 after Startup", command(NO_SESSIONS, 0x17E, READ_ALL_BANKS_0_TO_7));
        t.send("variable properties after Startup", getCapability(6, 0x200, 64));
        t.send("CreatePrimary RSA-2048 (endorsement)", ObjectTemplates.createPrimary(ObjectTemplates.ENDORSEMENT,
                ObjectTemplates.SRK_RSA_TOOLS));
        t.send("CreatePrimary ECC P-256 (owner)", ObjectTemplates.createPrimary(ObjectTemplates.OWNER,
                ObjectTemplates.SRK_ECC_TOOLS));
        t.send("Sign with the persistent handle after Startup", SignatureDifferentialTest.sign(0x81000000,
                "5a".repeat(32), "0010"));
        t.send("HierarchyChangeAuth owner (an NV write)", SwtpmBootDifferentialTest.changeAuth(0x40000001, PW, "0a0b"));
    }

    /** The handles of a GetCapability(TPM_CAP_HANDLES) response, at most {@link #OBJECTS_USED}. */
    private static List<Integer> handles(byte[] response) {
        List<Integer> handles = new ArrayList<>();
        if (response.length < 19 || ByteBuffer.wrap(response, 6, 4).getInt() != 0) {
            return handles;
        }
        ByteBuffer b = ByteBuffer.wrap(response, 15, response.length - 15);
        int count = b.getInt();
        for (int i = 0; i < count && i < OBJECTS_USED; i++) {
            handles.add(b.getInt());
        }
        return handles;
    }

    private static Path fixtureDir(String fixture) throws URISyntaxException, IOException {
        Path dir = Path.of(SwtpmFixturesDifferentialTest.class.getResource("/swtpm-fixtures/" + fixture + "/"
                + PERMALL).toURI()).getParent();
        assertThat(dir).isDirectory();
        return dir;
    }
}
