package org.swtpmjava.tpm.tpm2.command.pcr;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PcrBanks;
import org.swtpmjava.tpm.tpm2.types.TpmlPcrSelection;
import org.swtpmjava.tpm.tpm2.types.TpmsPcrSelection;

/**
 * TPM2_PCR_Read (Part 3 §22.4, reference PCRRead): returns at most 8 digests; the selection
 * sent back is the request filtered by the allocation and cut where the digests ran out.
 */
public final class PcrRead implements TpmCommand<PcrRead.In> {
    /** TPML_DIGEST holds at most 8 digests. */
    private static final int MAX_DIGESTS = 8;

    /** @param pcrSelectionIn TPML_PCR_SELECTION */
    public record In(TpmlPcrSelection pcrSelectionIn) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.parameters().next(TpmlPcrSelection::unmarshal));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        PcrBanks pcrs = context.state().pcrs();
        List<TpmsPcrSelection> returned = new ArrayList<>();
        List<byte[]> digests = new ArrayList<>();
        for (TpmsPcrSelection selection : in.pcrSelectionIn().selections()) {
            int mask = selection.mask() & pcrs.allocation().maskOf(selection.hashAlg());
            for (int pcr = 0; pcr < PcrAllocation.PCR_COUNT; pcr++) {
                if ((mask & (1 << pcr)) == 0) {
                    continue;
                }
                if (digests.size() == MAX_DIGESTS) {
                    mask &= (1 << pcr) - 1; // clear this PCR and every later one
                    break;
                }
                digests.add(pcrs.value(pcr, selection.hashAlg()));
            }
            returned.add(selection.withMask(mask));
        }
        int updateCounter = context.state().resetData().pcrCounter();
        TpmlPcrSelection selectionOut = new TpmlPcrSelection(returned);
        return writer -> {
            writer.writeU32(updateCounter);
            selectionOut.marshal(writer);
            writer.writeU32(digests.size());
            digests.forEach(writer::writeSized);
        };
    }
}
