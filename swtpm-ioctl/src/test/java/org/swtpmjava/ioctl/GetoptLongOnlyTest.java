package org.swtpmjava.ioctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** glibc getopt_long_only behaviour, with swtpm_ioctl's option table. */
class GetoptLongOnlyTest {

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    /** Each option as "val[=optarg]", errors as "?", then "end@optind" and the final argv. */
    private List<String> parse(boolean posixlyCorrect, String... args) {
        GetoptLongOnly g = new GetoptLongOnly("prog", List.of(args), IoctlOptions.OPTIONS,
                new PrintStream(errBytes, true, StandardCharsets.UTF_8), posixlyCorrect);
        List<String> events = new ArrayList<>();
        int opt;
        while ((opt = g.next()) != GetoptLongOnly.END) {
            events.add((char) opt + (g.optarg == null ? "" : "=" + g.optarg));
        }
        events.add("end@" + g.optind);
        StringBuilder argv = new StringBuilder();
        for (GetoptLongOnly.Arg a : g.argv) {
            argv.append(argv.length() == 0 ? "" : " ").append(a.text);
        }
        events.add(argv.toString());
        return events;
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneOrTwoDashesAndUnambiguousPrefixesNameLongOptions() {
        assertThat(parse(false, "-unix", "p", "--c", "-sa", "a", "-st", "--he"))
                .containsExactly("U=p", "c", "S=a", "t", "H", "end@8", "prog -unix p --c -sa a -st --he");
        assertThat(err()).isEmpty();
    }

    @Test
    void anExactNameWinsOverLongerOnesItPrefixes() {
        assertThat(parse(false, "-s", "-i", "-h", "x")).containsExactly("s", "i", "h=x", "end@5", "prog -s -i -h x");
    }

    @Test
    void ambiguousPrefixesListEveryCandidateWithTheDashesGiven() {
        assertThat(parse(false, "-t", "--lo=1")).containsExactly("?", "?", "end@3", "prog -t --lo=1");
        assertThat(err()).isEqualTo("prog: option '-t' is ambiguous; possibilities: '-tpm-device' '-tcp'\n"
                + "prog: option '--lo=1' is ambiguous; possibilities: '--load' '--lock-storage'\n");
    }

    @Test
    void argumentsAttachWithEqualsOrComeFromTheNextElementWhateverItLooksLike() {
        assertThat(parse(false, "--tcp=:1", "-h", "-c", "-l", "--")).containsExactly(
                "T=:1", "h=-c", "l=--", "end@6", "prog --tcp=:1 -h -c -l --");
    }

    @Test
    void misuseIsReportedAndParsingContinues() {
        assertThat(parse(false, "-c=1", "--bogus", "-l", "-x")).containsExactly("?", "?", "l=-x", "end@5",
                "prog -c=1 --bogus -l -x");
        assertThat(parse(false, "-r")).containsExactly("?", "end@2", "prog -r");
        assertThat(err()).isEqualTo("prog: option '-c' doesn't allow an argument\n"
                + "prog: unrecognized option '--bogus'\n"
                + "prog: option '-r' requires an argument\n");
    }

    @Test
    void nonOptionsArePermutedBehindTheOptions() {
        assertThat(parse(false, "dev1", "-c", "dev2", "-l", "1", "-", "dev3"))
                .containsExactly("c", "l=1", "end@4", "prog -c -l 1 dev1 dev2 - dev3");
    }

    @Test
    void doubleDashEndsTheOptionsAndStaysInArgvBeforeTheNonOptions() {
        // glibc moves "--" in front of the permuted non-options; optind points at the first of them
        assertThat(parse(false, "x", "-c", "--", "-e")).containsExactly("c", "end@3", "prog -c -- x -e");
    }

    @Test
    void posixlyCorrectStopsAtTheFirstNonOption() {
        assertThat(parse(true, "-c", "dev", "-e")).containsExactly("c", "end@2", "prog -c dev -e");
    }
}
