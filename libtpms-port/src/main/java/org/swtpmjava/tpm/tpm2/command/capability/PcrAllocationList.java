package org.swtpmjava.tpm.tpm2.command.capability;

import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmlPcrSelection;
import org.swtpmjava.tpm.tpm2.types.TpmsPcrSelection;

/**
 * TPM_CAP_PCRS (reference PCRCapGetAllocation): the property must be 0; a count of 0 gives an
 * empty list with moreData YES, any other count the whole allocation in effect.
 */
final class PcrAllocationList implements CapabilityProvider {

    @Override
    public CapabilityList read(long property, long count, CommandContext context) {
        if (property != 0) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 2));
        }
        if (count == 0) {
            return new CapabilityList(true, writer -> writer.writeU32(0));
        }
        PcrAllocation allocation = context.state().pcrs().allocation();
        TpmlPcrSelection list = new TpmlPcrSelection(allocation.banks().stream()
                .map(bank -> new TpmsPcrSelection(bank.hashAlg(), new byte[TpmsPcrSelection.SELECT_SIZE])
                        .withMask(bank.pcrMask()))
                .toList());
        return new CapabilityList(false, list::marshal);
    }
}
