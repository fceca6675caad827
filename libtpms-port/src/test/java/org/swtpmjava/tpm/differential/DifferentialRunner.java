package org.swtpmjava.tpm.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.swtpmjava.tpm.EntropySource;

/** Runs one scenario against a fresh C swtpm and a fresh engine and compares the transcripts step by step. */
final class DifferentialRunner {
    private DifferentialRunner() {
    }

    static void compare(Consumer<Transcript> scenario, Supplier<EntropySource> javaEntropy, Path preload) {
        List<Transcript.Step> reference;
        try (SwtpmProcess swtpm = SwtpmProcess.start(preload)) {
            Transcript transcript = new Transcript(swtpm);
            scenario.accept(transcript);
            reference = transcript.steps();
        }
        List<Transcript.Step> actual;
        try (JavaTpm engine = new JavaTpm(javaEntropy.get())) {
            Transcript transcript = new Transcript(engine);
            scenario.accept(transcript);
            actual = transcript.steps();
        }
        assertSameAnswers("", reference, actual, Set.of());
    }

    /** Same labels in the same order, and the same answer at every step. */
    static void assertSameAnswers(String what, List<Transcript.Step> reference, List<Transcript.Step> actual) {
        assertSameAnswers(what, reference, actual, Set.of());
    }

    /**
     * Same labels in the same order, and the same answer at every step but those labelled in
     * {@code knownToDiffer}; {@code -Ddifferential.verbose=true} prints the reference.
     */
    static void assertSameAnswers(String what, List<Transcript.Step> reference, List<Transcript.Step> actual,
                                  Set<String> knownToDiffer) {
        if (Boolean.getBoolean("differential.verbose")) {
            reference.forEach(step -> System.out.println(step.label() + " -> " + step.answer()));
        }
        assertThat(actual).extracting(Transcript.Step::label)
                .containsExactlyElementsOf(reference.stream().map(Transcript.Step::label).toList());
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < reference.size(); i++) {
            if (!knownToDiffer.contains(reference.get(i).label())) {
                softly.assertThat(actual.get(i).answer()).as("%s step %d: %s", what, i, reference.get(i).label())
                        .isEqualTo(reference.get(i).answer());
            }
        }
        softly.assertAll();
    }
}
