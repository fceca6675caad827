package org.swtpmjava.tpm.tpm2.command.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The ppList rules of TPM2_PP_Commands (libtpms PP.c), which swtpm can never reach (no physical
 * presence): only PP_COMMAND commands of libtpms' table are set, PP_Commands itself is never
 * cleared, unknown codes are ignored.
 */
class PpCommandsTest {
    private static final SortedSet<Integer> MANUFACTURED = new TreeSet<>(List.of(0x12D));

    @Test
    void setsOnlyPhysicalPresenceCommands() {
        assertThat(PpCommands.updated(MANUFACTURED, List.of(0x128, 0x191, 0x11F, 0x140), List.of()))
                .containsExactly(0x11F, 0x128, 0x12D, 0x140, 0x191);
        // GetRandom has no PP_COMMAND, FieldUpgradeStart is not compiled in, 0x2000012D is a vendor code
        assertThat(PpCommands.updated(MANUFACTURED, List.of(0x17B, 0x12F, 0x2000012D, 0x123), List.of()))
                .containsExactly(0x12D);
    }

    @Test
    void clearsAfterSettingButNeverPpCommands() {
        assertThat(PpCommands.updated(MANUFACTURED, List.of(0x128, 0x126), List.of(0x128, 0x12D, 0x17B)))
                .containsExactly(0x126, 0x12D);
    }
}
