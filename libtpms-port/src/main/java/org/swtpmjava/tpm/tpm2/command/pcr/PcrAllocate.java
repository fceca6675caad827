package org.swtpmjava.tpm.tpm2.command.pcr;

import java.util.List;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PcrAttributes;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmlPcrSelection;

/**
 * TPM2_PCR_Allocate (Part 3 §22.5), authHandle TPMI_RH_PLATFORM (USER). The new allocation is
 * the one in effect with each requested bank replaced (banks not named keep their PCRs). It
 * must keep the H-CRTM PCR (0) and the DRTM PCR (17) in some bank, else TPM_RC_PCR. It is
 * written to NV only: the banks in use change at the next _TPM_Init, and until then
 * Shutdown(STATE) is refused (g_pcrReConfig).
 */
public final class PcrAllocate implements TpmCommand<TpmlPcrSelection> {
    /** MIN(IMPLEMENTATION_PCR, entries of the PCR attribute table). */
    private static final int MAX_PCR = PcrAllocation.PCR_COUNT;
    /**
     * sizeof(s_pcrs): the reference keeps one digest of every implemented hash per PCR
     * (20 + 32 + 48 + 64 bytes), whatever is allocated.
     */
    private static final int SIZE_AVAILABLE = PcrAllocation.PCR_COUNT
            * Hashes.IMPLEMENTED.stream().mapToInt(Hashes::digestSize).sum();
    private static final int YES = 1;

    @Override
    public TpmlPcrSelection unmarshal(CommandArguments arguments) {
        return arguments.parameters().next(TpmlPcrSelection::unmarshal);
    }

    @Override
    public CommandOutput execute(TpmlPcrSelection request, CommandContext context) {
        TpmState state = context.state();
        List<PcrAllocation.Bank> requested = request.selections().stream()
                .map(selection -> new PcrAllocation.Bank(selection.hashAlg(), selection.mask()))
                .toList();
        PcrAllocation allocation = state.pcrs().allocation().replacing(requested);
        int sizeNeeded = 0;
        for (PcrAllocation.Bank bank : allocation.banks()) {
            sizeNeeded += Integer.bitCount(bank.pcrMask()) * Hashes.digestSize(bank.hashAlg());
        }
        if (!allocation.isAllocatedInAnyBank(PcrAttributes.HCRTM_PCR)
                || !allocation.isAllocatedInAnyBank(PcrAttributes.DRTM_PCR)) {
            throw new TpmRcException(TpmRc.PCR);
        }
        state.persistent().setPcrAllocated(allocation);
        state.flags().setPcrReconfigured(true);
        context.requestNvCommit();
        int needed = sizeNeeded;
        return writer -> writer.writeU8(YES).writeU32(MAX_PCR).writeU32(needed).writeU32(SIZE_AVAILABLE);
    }
}
