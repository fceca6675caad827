package org.swtpmjava.tpm.tpm2.command.capability;

import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandRow;

/**
 * TPM_CAP_COMMANDS (reference CommandCapGetCCList): the TPMA_CC of each implemented command from
 * the start code upwards, taken from the command table itself. libtpms 0.9.2 lists 110 commands;
 * this list holds only what the engine implements and grows with the table. A start property
 * with bits above the 16-bit command index (vendor or otherwise) finds no command.
 */
final class CommandList implements CapabilityProvider {
    /** MAX_CAP_DATA / sizeof(TPMA_CC). */
    private static final int MAX_CAP_CC = MAX_CAP_DATA / 4;

    @Override
    public CapabilityList read(long property, long count, CommandContext context) {
        boolean outOfRange = (property & ~0xFFFFL) != 0;
        Page<CommandRow> page = Page.of(context.table().rows().stream()
                .filter(row -> !outOfRange && Integer.toUnsignedLong(row.code()) >= property).toList(), count, MAX_CAP_CC);
        return new CapabilityList(page.more(), writer -> {
            writer.writeU32(page.items().size());
            page.items().forEach(row -> writer.writeU32(row.tpmaCc()));
        });
    }
}
