package org.swtpmjava.tpm.tpm2.command.capability;

import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/** TPM_CAP_ACT: the property must be an ACT handle; libtpms implements no ACT, so the list is empty. */
final class ActList implements CapabilityProvider {
    private static final long RH_ACT_0 = 0x40000110L;
    private static final long RH_ACT_F = 0x4000011FL;

    @Override
    public CapabilityList read(long property, long count, CommandContext context) {
        if (property < RH_ACT_0 || property > RH_ACT_F) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 2));
        }
        return new CapabilityList(false, writer -> writer.writeU32(0));
    }
}
