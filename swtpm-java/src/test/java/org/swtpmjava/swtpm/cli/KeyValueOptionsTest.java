package org.swtpmjava.swtpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** swtpm's key=value rules (swtpm-protocol.md §1.1). */
class KeyValueOptionsTest {

    private static final Set<String> NAMES = Set.of("type", "path", "mode", "lock", "profile", "port");

    @Test
    void bareNameIsTrueAndOnlyTrueOrOneAreTrue() throws Exception {
        KeyValueOptions kv = KeyValueOptions.parse("lock,type=unixio", NAMES);
        assertThat(kv.bool("lock", false)).isTrue();
        assertThat(KeyValueOptions.parse("lock=TRUE", NAMES).bool("lock", false)).isTrue();
        assertThat(KeyValueOptions.parse("lock=1", NAMES).bool("lock", false)).isTrue();
        assertThat(KeyValueOptions.parse("lock=yes", NAMES).bool("lock", true)).isFalse();
        assertThat(KeyValueOptions.parse("type=x", NAMES).bool("lock", true)).isTrue();
    }

    @Test
    void firstOccurrenceWins() throws Exception {
        assertThat(KeyValueOptions.parse("path=/a,path=/b", NAMES).string("path")).isEqualTo("/a");
    }

    @Test
    void bracesMayHoldCommas() throws Exception {
        KeyValueOptions kv = KeyValueOptions.parse("profile={\"Name\":\"x\",\"A\":1},type=tcp", NAMES);
        assertThat(kv.string("profile")).isEqualTo("{\"Name\":\"x\",\"A\":1}");
        assertThat(kv.string("type")).isEqualTo("tcp");
    }

    @Test
    void unknownNamesAndEmptyValuesAreErrorsNamingTheToken() {
        assertThatThrownBy(() -> KeyValueOptions.parse("foo=bar", NAMES)).hasMessage("Unknown option 'foo=bar'");
        assertThatThrownBy(() -> KeyValueOptions.parse("path=", NAMES)).hasMessage("Unknown option 'path='");
    }

    @Test
    void modesAreOctalUpTo0777AndNumbersDecimal() throws Exception {
        assertThat(KeyValueOptions.parse("mode=0640", NAMES).mode("mode")).isEqualTo(0640);
        assertThatThrownBy(() -> KeyValueOptions.parse("mode=999", NAMES).mode("mode"))
                .hasMessage("invalid mode type '999'");
        assertThatThrownBy(() -> KeyValueOptions.parse("mode=1000", NAMES).mode("mode"))
                .hasMessage("invalid mode type '1000'");
        assertThat(KeyValueOptions.parse("port=010", NAMES).integer("port")).isEqualTo(10);
        assertThatThrownBy(() -> KeyValueOptions.parse("port=-1", NAMES).unsigned("port"))
                .hasMessage("invalid number '-1'");
    }
}
