package org.swtpmjava.swtpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** glibc getopt_long behaviour as swtpm's command line sees it. */
class GetoptTest {

    private final Getopt getopt = new Getopt("socket", SocketCommandLine.OPTIONS);

    @Test
    void uniquePrefixesAndBothArgumentForms() throws Exception {
        List<Getopt.Parsed> p = getopt.parse(new String[] {"--tpmst", "dir=/x", "--ctrl=type=tcp", "-tp", "5"});
        assertThat(p).extracting(x -> x.option().longName()).containsExactly("tpmstate", "ctrl", "terminate", "port");
        assertThat(p).extracting(Getopt.Parsed::value).containsExactly("dir=/x", "type=tcp", null, "5");
    }

    @Test
    void exactNameBeatsLongerOnes() throws Exception {
        // "--migration" is also a prefix of "--migration-key"
        assertThat(getopt.parse(new String[] {"--migration", "incoming"}).get(0).option().longName())
                .isEqualTo("migration");
    }

    @Test
    void messagesAreGlibcs() {
        assertThatThrownBy(() -> getopt.parse(new String[] {"--tpm"}))
                .hasMessage("socket: option '--tpm' is ambiguous; possibilities: '--tpmstate' '--tpm2'");
        assertThatThrownBy(() -> getopt.parse(new String[] {"--tpm2=1"}))
                .hasMessage("socket: option '--tpm2' doesn't allow an argument");
        assertThatThrownBy(() -> getopt.parse(new String[] {"-x"})).hasMessage("socket: invalid option -- 'x'");
        assertThatThrownBy(() -> getopt.parse(new String[] {"-p"}))
                .hasMessage("socket: option requires an argument -- 'p'");
    }
}
