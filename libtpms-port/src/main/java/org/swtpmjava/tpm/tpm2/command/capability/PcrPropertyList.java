package org.swtpmjava.tpm.tpm2.command.capability;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PcrAttributes;

/**
 * TPM_CAP_PCR_PROPERTIES (reference PCRCapGetProperties / PCRGetProperty): one PCR bit map per
 * TPM_PT_PCR tag from the PC-client attribute table. As in the reference, moreData is YES when
 * the list is full before TPM_PT_PCR_LAST, even if the remaining tags are not defined.
 */
final class PcrPropertyList implements CapabilityProvider {
    /** TPM_PT_PCR_LAST = TPM_PT_PCR_AUTH. */
    private static final int LAST_TAG = 0x14;
    /** MAX_CAP_DATA / sizeof(TPMS_TAGGED_PCR_SELECT). */
    private static final int MAX_PCR_PROPERTIES = MAX_CAP_DATA / 8;

    @Override
    public CapabilityList read(long property, long count, CommandContext context) {
        long limit = Math.min(count, MAX_PCR_PROPERTIES);
        List<int[]> entries = new ArrayList<>();
        boolean more = false;
        for (long tag = property; tag <= LAST_TAG; tag++) {
            if (entries.size() >= limit) {
                more = true;
                break;
            }
            IntPredicate member = membership((int) tag);
            if (member != null) {
                int mask = 0;
                for (int pcr = 0; pcr < PcrAllocation.PCR_COUNT; pcr++) {
                    mask |= member.test(pcr) ? 1 << pcr : 0;
                }
                entries.add(new int[] {(int) tag, mask});
            }
        }
        return new CapabilityList(more, writer -> {
            writer.writeU32(entries.size());
            for (int[] entry : entries) {
                writer.writeU32(entry[0]).writeU8(3)
                        .writeU8(entry[1]).writeU8(entry[1] >>> 8).writeU8(entry[1] >>> 16);
            }
        });
    }

    /** Which PCRs a TPM_PT_PCR tag selects (Part 2, Table 25), or null for an undefined tag. */
    private static IntPredicate membership(int tag) {
        if (tag >= 1 && tag <= 0x0A) {
            int localityBit = 1 << ((tag - 1) / 2);
            boolean extend = tag % 2 == 1;
            return pcr -> ((extend ? PcrAttributes.of(pcr).extendLocalities()
                    : PcrAttributes.of(pcr).resetLocalities()) & localityBit) != 0;
        }
        return switch (tag) {
            case 0x00 -> pcr -> PcrAttributes.of(pcr).stateSave();
            case 0x11 -> PcrAttributes::noIncrement;
            case 0x12 -> pcr -> PcrAttributes.of(pcr).resetByLocality4();
            case 0x13, 0x14 -> PcrAttributes::inPolicyGroup;
            default -> null;
        };
    }
}
