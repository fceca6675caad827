package org.swtpmjava.tpm.tpm2.command.sequence;

import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.command.hash.HashCheckTicket;
import org.swtpmjava.tpm.tpm2.command.pcr.PcrExtend;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.EventSequence;
import org.swtpmjava.tpm.tpm2.state.HashSequence;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmlDigestValues;

/**
 * TPM2_EventSequenceComplete (Part 3 §17.6): adds the last buffer to every bank of an event
 * sequence (else TPM_RC_MODE, handle 2), returns the digests and, unless pcrHandle is
 * TPM_RH_NULL, extends each into its bank with PCR_Extend's locality rule; then flushes the
 * sequence.
 */
public final class EventSequenceComplete implements TpmCommand<EventSequenceComplete.In> {

    /**
     * @param pcrHandle      TPMI_DH_PCR+
     * @param sequenceHandle TPMI_DH_OBJECT
     * @param buffer         TPM2B_MAX_BUFFER
     */
    public record In(int pcrHandle, int sequenceHandle, byte[] buffer) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] buffer = arguments.parameters().next(reader -> reader.readSized(HashCheckTicket.MAX_BUFFER));
        return new In(arguments.handle(0), arguments.handle(1), buffer);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        HashSequence sequence = context.state().objects().sequence(in.sequenceHandle());
        if (sequence == null) {
            // a key or data object: not a sequence (ObjectIsSequence)
            throw new TpmRcException(ResponseCodes.handle(TpmRc.MODE, 2));
        }
        if (!sequence.isEventSequence()) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.MODE, 2));
        }
        boolean extend = in.pcrHandle() != TpmHandles.RH_NULL;
        if (extend) {
            PcrExtend.requireExtendAllowed(in.pcrHandle(), context);
        }
        EventSequence event = sequence.event();
        List<TpmlDigestValues.Digest> digests = new ArrayList<>();
        for (int hashAlg : event.algorithms()) {
            event.update(hashAlg, in.buffer());
            byte[] digest = event.finish(hashAlg);
            digests.add(new TpmlDigestValues.Digest(hashAlg, digest));
            if (extend) {
                PcrExtend.extend(context.state(), in.pcrHandle(), hashAlg, digest);
            }
        }
        context.flushOnExit(in.sequenceHandle());
        TpmlDigestValues out = new TpmlDigestValues(digests);
        return out::marshal;
    }
}
