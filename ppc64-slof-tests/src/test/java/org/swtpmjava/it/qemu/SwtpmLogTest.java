package org.swtpmjava.it.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The log parser every boot assertion rests on, on a hand-made level-20 log. */
class SwtpmLogTest {

    @Test
    void pairsCommandsWithResponsesAndNamesControlCommands() {
        SwtpmLog log = SwtpmLog.parse(List.of(
                " Ctrl Cmd: length 4", " 00 00 00 10 ", " Ctrl Rsp: length 4", " 00 00 00 00 ",
                " SWTPM_IO_Read: length 18",
                " 80 02 00 00 00 12 00 00 01 82 00 00 00 00 00 00 ", " 00 00 ",
                "some other line",
                " SWTPM_IO_Write: length 10", " 80 01 00 00 00 0A 00 00 00 00 ",
                " SWTPM_IO_Read: length 12", " 80 01 00 00 00 0C 00 00 01 44 00 00 ",
                " SWTPM_IO_Write: length 10", " 80 01 00 00 00 0A 00 00 01 00 ",
                " Ctrl Cmd: length 8", " 00 00 00 11 00 00 10 00 ",
                " SWTPM_IO_Read: length 10", " 80 01 00 00 00 0A 00 00 01 81 "));

        assertThat(log.ctrlCommands()).containsExactly("SET_DATAFD", "SET_BUFFERSIZE");
        assertThat(log.tpmCalls()).extracting(Object::toString)
                .containsExactly("PCR_Extend(pcr 0)=0x0", "Startup=0x100", "ReadClock=none");
        assertThat(log.tpmCalls().get(0).command()).hasSize(18);
    }
}
