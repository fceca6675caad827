package org.swtpmjava.tpm.tpm2.command.pcr;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmlDigestValues;

/**
 * TPM2_PCR_Event (Part 3 §22.3): hashes eventData with every implemented hash (HASH_COUNT
 * order), returns those digests and, unless pcrHandle is TPM_RH_NULL, extends each into its bank
 * (same locality rule as PCR_Extend).
 */
public final class PcrEvent implements TpmCommand<PcrEvent.In> {
    /** sizeof(TPM2B_EVENT.buffer). */
    private static final int MAX_EVENT_SIZE = 1024;

    /**
     * @param pcrHandle TPMI_DH_PCR+
     * @param eventData TPM2B_EVENT
     */
    public record In(int pcrHandle, byte[] eventData) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.parameters().next(reader -> reader.readSized(MAX_EVENT_SIZE)));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        boolean extend = in.pcrHandle() != TpmHandles.RH_NULL;
        if (extend) {
            PcrExtend.requireExtendAllowed(in.pcrHandle(), context);
        }
        List<TpmlDigestValues.Digest> digests = new ArrayList<>();
        for (int hashAlg : Hashes.IMPLEMENTED) {
            context.state().selfTests().test(hashAlg);
            byte[] digest = Hashes.digest(hashAlg, in.eventData());
            digests.add(new TpmlDigestValues.Digest(hashAlg, digest));
            if (extend) {
                PcrExtend.extend(context.state(), in.pcrHandle(), hashAlg, digest);
            }
        }
        TpmlDigestValues out = new TpmlDigestValues(digests);
        return out::marshal;
    }
}
