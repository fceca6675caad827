package org.swtpmjava.tpm.tpm2.command.capability;

import java.util.SortedSet;
import java.util.function.Function;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.state.PersistentData;

/**
 * TPM_CAP_PP_COMMANDS and TPM_CAP_AUDIT_COMMANDS: the command codes in a persistent list, from
 * the start code upwards. The lists start as libtpms' manufacture defaults (PP_Commands,
 * SetCommandCodeAuditStatus); the PP list keeps PP_Commands alone under swtpm (TPM2_PP_Commands
 * needs physical presence, never asserted), and the audit list may name any command of libtpms'
 * table (TPM2_SetCommandCodeAuditStatus).
 */
final class CommandCodeList implements CapabilityProvider {
    /** MAX_CAP_DATA / sizeof(TPM_CC). */
    private static final int MAX_CAP_CC = MAX_CAP_DATA / 4;

    private final Function<PersistentData, SortedSet<Integer>> list;

    CommandCodeList(Function<PersistentData, SortedSet<Integer>> list) {
        this.list = list;
    }

    @Override
    public CapabilityList read(long property, long count, CommandContext context) {
        Page<Integer> page = Page.of(list.apply(context.state().persistent()).stream()
                .filter(code -> Integer.toUnsignedLong(code) >= property).toList(), count, MAX_CAP_CC);
        return new CapabilityList(page.more(), writer -> {
            writer.writeU32(page.items().size());
            page.items().forEach(writer::writeU32);
        });
    }
}
