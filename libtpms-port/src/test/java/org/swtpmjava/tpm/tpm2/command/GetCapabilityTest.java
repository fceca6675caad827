package org.swtpmjava.tpm.tpm2.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.TestBytes;

/** TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES) paging and the identity values of libtpms 0.9.2. */
class GetCapabilityTest {
    private final EngineFixture tpm = EngineFixture.started();

    /** One page: moreData and the (property, value) pairs in order. */
    private record Page(boolean more, Map<Integer, Integer> properties) {
    }

    private Page properties(long property, long count) {
        byte[] command = ByteBuffer.allocate(22).putShort((short) 0x8001).putInt(22).putInt(0x17A)
                .putInt(6).putInt((int) property).putInt((int) count).array();
        ByteBuffer response = ByteBuffer.wrap(tpm.engine.process(command, 0));
        assertThat(response.getInt(6)).as("response code").isZero();
        assertThat(response.getInt(11)).as("capability echoed").isEqualTo(6);
        Map<Integer, Integer> properties = new LinkedHashMap<>();
        int entries = response.getInt(15);
        for (int i = 0; i < entries; i++) {
            properties.put(response.getInt(19 + 8 * i), response.getInt(23 + 8 * i));
        }
        assertThat(response.limit()).isEqualTo(19 + 8 * entries);
        return new Page(response.get(10) == 1, properties);
    }

    @Test
    void pagingThroughTheFixedGroupVisitsEveryPropertyOnce() {
        Map<Integer, Integer> all = properties(0x100, 1000).properties();
        assertThat(all).hasSize(46).containsKeys(0x100, 0x12E).doesNotContainKey(0x115);
        Map<Integer, Integer> paged = new LinkedHashMap<>();
        long next = 0x100;
        Page page;
        do {
            page = properties(next, 10);
            assertThat(page.properties()).hasSizeLessThanOrEqualTo(10);
            paged.putAll(page.properties());
            next = new ArrayList<>(page.properties().keySet()).get(page.properties().size() - 1) + 1L;
        } while (page.more());
        assertThat(paged).containsExactlyEntriesOf(all);
    }

    @Test
    void identityValuesAreThoseOfLibtpms092() {
        Map<Integer, Integer> fixed = properties(0x100, 46).properties();
        assertThat(fixed.get(0x100)).as("family \"2.0\"").isEqualTo(0x322E3000);
        assertThat(fixed.get(0x102)).as("revision").isEqualTo(164);
        assertThat(fixed.get(0x103)).as("day of year").isEqualTo(75);
        assertThat(fixed.get(0x104)).as("year").isEqualTo(2021);
        assertThat(fixed.get(0x105)).as("manufacturer IBM").isEqualTo(0x49424D00);
        assertThat(fixed.get(0x106)).as("vendor string \"SW  \"").isEqualTo(0x53572020);
        assertThat(fixed.get(0x107)).as("vendor string \" TPM\"").isEqualTo(0x2054504D);
        assertThat(fixed.get(0x10B)).as("firmware version 1").isEqualTo(0x20191023);
        assertThat(fixed.get(0x10C)).as("firmware version 2").isEqualTo(0x00163636);
        assertThat(fixed.get(0x11E)).as("max command size").isEqualTo(4096);
        assertThat(fixed.get(0x11F)).as("max response size").isEqualTo(4096);
    }

    @Test
    void listsStopAtTheEndOfTheGroup() {
        assertThat(properties(0x12E, 5)).isEqualTo(new Page(false, Map.of(0x12E, 1024)));
        assertThat(properties(0x12F, 5)).isEqualTo(new Page(false, Map.of()));
        assertThat(properties(0x214, 5)).isEqualTo(new Page(false, Map.of(0x214, 0)));
        assertThat(properties(0x300, 5)).isEqualTo(new Page(false, Map.of()));
        assertThat(properties(0xFFFFFFFFL, 5)).isEqualTo(new Page(false, Map.of()));
    }

    @Test
    void countZeroReportsMoreAndSmallStartsBeginAtTheFixedGroup() {
        assertThat(properties(0x100, 0)).isEqualTo(new Page(true, Map.of()));
        assertThat(properties(0, 1)).isEqualTo(new Page(true, Map.of(0x100, 0x322E3000)));
    }

    @Test
    void atMost127PropertiesPerCall() {
        assertThat(properties(0x200, 1000).properties()).hasSize(21);
        assertThat(properties(0x100, 0xFFFFFFFFL).properties()).hasSize(46);
    }

    @Test
    void variableGroupAfterFirstStartupMatchesLibtpms() {
        String response = TestBytes.hex(tpm.engine.process(
                TestBytes.hex("8001 00000016 0000017a 00000006 00000200 0000007f"), 0));
        List<String> expected = List.of("00000200 00000400", "00000201 8000000f", "00000202 00000000",
                "00000203 00000000", "00000204 00000003", "00000205 00000000", "00000206 00000040",
                "00000207 00000003", "00000208 00000000", "00000209 00000041", "0000020a 00000000",
                "0000020b 00000019", "0000020c 00000000", "0000020d 00000008", "0000020e 00000000",
                "0000020f 00000003", "00000210 000003e8", "00000211 000003e8", "00000212 00000000",
                "00000213 00000000", "00000214 00000000");
        assertThat(response).isEqualTo("8001000000bb00000000" + "00" + "00000006" + "00000015"
                + String.join("", expected).replace(" ", ""));
    }
}
