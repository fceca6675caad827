package org.swtpmjava.tpm.differential;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.InMemoryNvStorage;
import org.swtpmjava.tpm.StateBlobType;

/**
 * A state directory moved between the implementations: {@code make} runs on a fresh C swtpm and
 * on a fresh engine (the same entropy), then {@code use} runs on C restarted on its own state
 * (the reference), on C started on the engine's permall, and on the engine loaded with C's.
 */
final class StateDirMove {
    private static final String PERMALL = "tpm2-00.permall";

    /** The two permalls after {@code make} and the answers to {@code use} in the three places. */
    record Result(byte[] cBlob, byte[] javaBlob, List<Transcript.Step> reference, List<Transcript.Step> cFromJava,
                  List<Transcript.Step> javaFromC) {
    }

    private StateDirMove() {
    }

    static Result run(Path preload, Consumer<Transcript> make, Consumer<Transcript> use) throws Exception {
        List<Transcript.Step> reference;
        byte[] cBlob;
        try (SwtpmProcess c = SwtpmProcess.start(preload)) {
            make.accept(new Transcript(c));
            cBlob = SwtpmPermallDifferentialTest.innerBlob(Files.readAllBytes(c.stateDir().resolve(PERMALL)));
            c.restartProcess();
            reference = steps(new Transcript(c), use);
        }
        InMemoryNvStorage written = new InMemoryNvStorage();
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), written)) {
            make.accept(new Transcript(java));
        }
        byte[] javaBlob = written.load(StateBlobType.PERMANENT).orElseThrow();

        Path dir = Files.createTempDirectory("swtpm-java-moved");
        Files.write(dir.resolve(PERMALL), SwtpmPermallDifferentialTest.outerFile(javaBlob));
        List<Transcript.Step> cFromJava;
        try (SwtpmProcess c = SwtpmProcess.startIn(dir)) {
            cFromJava = steps(new Transcript(c), use);
        }
        InMemoryNvStorage fromC = new InMemoryNvStorage();
        fromC.put(StateBlobType.PERMANENT, cBlob);
        List<Transcript.Step> javaFromC;
        try (JavaTpm java = new JavaTpm(new FixedEntropy(), fromC)) {
            javaFromC = steps(new Transcript(java), use);
        }
        return new Result(cBlob, javaBlob, reference, cFromJava, javaFromC);
    }

    private static List<Transcript.Step> steps(Transcript t, Consumer<Transcript> use) {
        use.accept(t);
        return t.steps();
    }
}
