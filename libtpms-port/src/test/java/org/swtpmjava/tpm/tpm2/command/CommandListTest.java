package org.swtpmjava.tpm.tpm2.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.EngineFixture;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_GetCapability(TPM_CAP_COMMANDS): the TPMA_CC of every command in the table. The expected
 * values are those libtpms 0.9.2 reports for the same command codes (its list has 110 entries,
 * as this table has since PP_Commands and SetAlgorithmSet).
 */
class CommandListTest {
    private final EngineFixture tpm = EngineFixture.started();

    /** TPMA_CC as libtpms 0.9.2 reports it, for the commands implemented here so far. */
    private static final Map<Integer, Integer> LIBTPMS_TPMA_CC = Map.ofEntries(
            Map.entry(0x129, 0x02400129), Map.entry(0x13C, 0x0240013C), Map.entry(0x13D, 0x0240013D),
            Map.entry(0x142, 0x00400142), Map.entry(0x143, 0x00400143), Map.entry(0x144, 0x00400144),
            Map.entry(0x145, 0x00400145), Map.entry(0x146, 0x00400146), Map.entry(0x17A, 0x0000017A),
            Map.entry(0x17B, 0x0000017B), Map.entry(0x17C, 0x0000017C), Map.entry(0x17D, 0x0000017D),
            Map.entry(0x17E, 0x0000017E), Map.entry(0x182, 0x02400182), Map.entry(0x12B, 0x0240012B),
            Map.entry(0x12C, 0x0240012C), Map.entry(0x183, 0x02000183), Map.entry(0x18A, 0x0000018A));

    @Test
    void listsTheCommandTableWithLibtpmsAttributes() {
        ByteBuffer response = ByteBuffer.wrap(TestBytes.hex(
                tpm.send("8001 00000016 0000017a 00000002 00000000 00000100")));
        assertThat(response.getInt(6)).as("response code").isZero();
        assertThat(response.get(10)).as("moreData").isZero();
        int count = response.getInt(15);
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int tpmaCc = response.getInt(19 + 4 * i);
            int code = tpmaCc & 0xFFFF;
            codes.add(code);
            if (LIBTPMS_TPMA_CC.containsKey(code)) {
                assertThat(tpmaCc).as("TPMA_CC of 0x%x", code).isEqualTo(LIBTPMS_TPMA_CC.get(code));
            }
        }
        assertThat(codes).isEqualTo(Tpm2Commands.table().rows().stream().map(row -> row.code()).toList());
        assertThat(codes).containsAll(LIBTPMS_TPMA_CC.keySet());
    }

    @Test
    void totalAndLibraryCommandsCountTheTable() {
        ByteBuffer response = ByteBuffer.wrap(TestBytes.hex(
                tpm.send("8001 00000016 0000017a 00000006 00000129 00000002")));
        assertThat(response.getInt(6)).as("response code").isZero();
        assertThat(response.getInt(15)).as("count").isEqualTo(2);
        int size = Tpm2Commands.table().size();
        assertThat(response.getInt(19)).isEqualTo(0x129);
        assertThat(response.getInt(23)).as("TPM_PT_TOTAL_COMMANDS").isEqualTo(size);
        assertThat(response.getInt(27)).isEqualTo(0x12A);
        assertThat(response.getInt(31)).as("TPM_PT_LIBRARY_COMMANDS").isEqualTo(size);
        ByteBuffer list = ByteBuffer.wrap(TestBytes.hex(
                tpm.send("8001 00000016 0000017a 00000002 00000000 00000100")));
        assertThat(list.getInt(15)).as("TPM_CAP_COMMANDS entries").isEqualTo(size);
        assertThat(size).as("libtpms 0.9.2 implements 110 commands").isEqualTo(110);
    }

    @Test
    void startsAtThePropertyAndPages() {
        assertThat(tpm.send("8001 00000016 0000017a 00000002 00000143 00000002"))
                .isEqualTo("80010000001b00000000" + "01" + "00000002" + "00000002" + "00400143" + "00400144");
        assertThat(tpm.send("8001 00000016 0000017a 00000002 20000000 00000005"))
                .as("vendor range: empty").isEqualTo("80010000001300000000" + "00" + "00000002" + "00000000");
    }
}
