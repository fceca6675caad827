package org.swtpmjava.tpm.tpm2.state.libtpms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.tpm2.state.StartupType;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/** The orderly-index RAM area: its two encodings, space accounting and the Startup rules. */
class OrderlyIndexRamTest {
    private static final int ORDINARY = 0x04060006;
    private static final int COUNTER = 0x04060016;
    private static final int WRITTEN = TpmsNvPublic.WRITTEN;

    private static TpmsNvPublic index(int handle, int attributes, int size) {
        return new TpmsNvPublic(handle, 0x000B, attributes, new byte[0], size);
    }

    @Test
    void hostAreaAndSectionCarryTheSameEntries() {
        OrderlyIndexRam ram = OrderlyIndexRam.empty();
        ram.add(index(0x01000001, ORDINARY, 3));
        ram.add(index(0x01000002, COUNTER, 8));
        ram.writeData(0x01000001, 1, new byte[] {7, 8});
        ram.setAttributes(0x01000001, ORDINARY | WRITTEN);

        byte[] area = ram.toHostArea();
        assertThat(area).hasSize(512);
        // NV_RAM_HEADER in x86 order: size 15, handle, attributes; then the data
        assertThat(HexFormat.of().formatHex(Arrays.copyOf(area, 15)))
                .isEqualTo("0f000000" + "01000001" + "06000624" + "000708");
        assertThat(OrderlyIndexRam.fromHostArea(area)).isEqualTo(ram);
        assertThat(OrderlyIndexRam.fromSection(ram.toSection())).isEqualTo(ram);
    }

    @Test
    void aFullAreaHasNoTerminatorInItsSection() {
        OrderlyIndexRam ram = OrderlyIndexRam.empty();
        ram.add(index(0x01000001, ORDINARY, 488));
        // 500 bytes used: room for one more header without data
        assertThat(ram.hasRoomFor(0)).isTrue();
        assertThat(ram.hasRoomFor(1)).isFalse();
        int withTerminator = ram.toSection().length;
        ram.add(index(0x01000002, ORDINARY, 0));
        assertThat(ram.hasRoomFor(0)).isFalse();
        // the second entry (size, handle, attributes, data size) replaces the u32 0 terminator:
        // nothing would fit after it any more
        assertThat(ram.toSection().length).isEqualTo(withTerminator - 4 + 4 + 4 + 4 + 2);
        assertThat(OrderlyIndexRam.fromSection(ram.toSection())).isEqualTo(ram);
    }

    @Test
    void startupAfterANonOrderlyShutdownMovesCountersToTheEndOfTheirBlock() {
        OrderlyIndexRam ram = OrderlyIndexRam.empty();
        ram.add(index(0x01000001, ORDINARY, 4));
        ram.add(index(0x01000002, COUNTER, 8));
        ram.setAttributes(0x01000001, ORDINARY | WRITTEN);
        ram.setAttributes(0x01000002, COUNTER | WRITTEN);
        ram.writeData(0x01000002, 0, new byte[] {0, 0, 0, 0, 0, 0, 1, 3});

        OrderlyIndexRam orderly = ram.copy();
        orderly.startup(StartupType.RESTART, false);
        assertThat(orderly.find(0x01000002).data()).containsExactly(0, 0, 0, 0, 0, 0, 1, 3);
        assertThat(orderly.find(0x01000001).attributes() & WRITTEN).as("kept at a Restart").isNotZero();

        ram.startup(StartupType.RESET, true);
        assertThat(ram.find(0x01000002).data()).containsExactly(0, 0, 0, 0, 0, 0, 1, 0xFF);
        assertThat(ram.find(0x01000002).attributes() & WRITTEN).as("a counter stays written").isNotZero();
        assertThat(ram.find(0x01000001).attributes() & WRITTEN).as("cleared at a Reset").isZero();
    }

    @Test
    void aDeletedEntryLeavesZerosBehindTheOthers() {
        OrderlyIndexRam ram = OrderlyIndexRam.empty();
        ram.add(index(0x01000001, ORDINARY, 4));
        ram.add(index(0x01000002, ORDINARY, 2));
        ram.writeData(0x01000002, 0, new byte[] {5, 6});
        ram.remove(0x01000001);
        byte[] area = ram.toHostArea();
        assertThat(HexFormat.of().formatHex(Arrays.copyOf(area, 14))).isEqualTo("0e000000" + "02000001" + "06000604" + "0506");
        assertThat(Arrays.copyOfRange(area, 14, 512)).containsOnly(0);
    }
}
