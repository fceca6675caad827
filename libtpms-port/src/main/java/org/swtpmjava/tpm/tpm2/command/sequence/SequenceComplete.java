package org.swtpmjava.tpm.tpm2.command.sequence;

import org.swtpmjava.tpm.tpm2.command.hash.HashCheckTicket;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.HashSequence;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmSt;

/**
 * TPM2_SequenceComplete (Part 3 §17.5): adds the last buffer, returns the digest and a
 * TPMT_TK_HASHCHECK for hierarchy (as TPM2_Hash; the null ticket if the first block was not
 * safe), then flushes the sequence; for an HMAC/MAC sequence of TPM2_MAC_Start the MAC with a
 * null ticket. An event sequence is TPM_RC_MODE (handle 1).
 */
public final class SequenceComplete implements TpmCommand<SequenceComplete.In> {

    /**
     * @param sequenceHandle TPMI_DH_OBJECT
     * @param buffer         TPM2B_MAX_BUFFER
     * @param hierarchy      TPMI_RH_HIERARCHY+
     */
    public record In(int sequenceHandle, byte[] buffer, int hierarchy) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] buffer = arguments.parameters().next(reader -> reader.readSized(HashCheckTicket.MAX_BUFFER));
        int hierarchy = arguments.parameters().next(HashCheckTicket::readHierarchy);
        return new In(arguments.handle(0), buffer, hierarchy);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        HashSequence sequence = context.state().objects().sequence(in.sequenceHandle());
        if (sequence == null) {
            // a key or data object: not a sequence (ObjectIsSequence)
            throw new TpmRcException(ResponseCodes.handle(TpmRc.MODE, 1));
        }
        if (sequence.isEventSequence()) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.MODE, 1));
        }
        if (sequence.isMacSequence()) {
            // an HMAC/MAC sequence gets no ticket: TPM_ST_HASHCHECK, TPM_RH_NULL, empty digest
            sequence.update(in.buffer());
            byte[] mac = sequence.finish();
            context.flushOnExit(in.sequenceHandle());
            return writer -> writer.writeSized(mac).writeU16(TpmSt.HASHCHECK).writeU32(TpmHandles.RH_NULL)
                    .writeU16(0);
        }
        sequence.update(in.buffer());
        byte[] result = sequence.finish();
        sequence.firstBlock(SequenceUpdate.isTicketSafe(in.buffer()));
        CommandOutput ticket = HashCheckTicket.of(context, in.hierarchy(), sequence.hashAlg(), result,
                sequence.ticketSafe());
        context.flushOnExit(in.sequenceHandle());
        return writer -> {
            writer.writeSized(result);
            ticket.marshal(writer);
        };
    }
}
