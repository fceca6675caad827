package org.swtpmjava.tpm.tpm2.command.sequence;

import org.swtpmjava.tpm.tpm2.command.hash.HashCheckTicket;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.EventSequence;
import org.swtpmjava.tpm.tpm2.state.HashSequence;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_SequenceUpdate (Part 3 §17.4): adds buffer to the sequence (every bank of an event
 * sequence, the running MAC of an HMAC/MAC sequence). The first block of a hash sequence decides
 * whether its ticket is safe.
 */
public final class SequenceUpdate implements TpmCommand<SequenceUpdate.In> {

    /**
     * @param sequenceHandle TPMI_DH_OBJECT
     * @param buffer         TPM2B_MAX_BUFFER
     */
    public record In(int sequenceHandle, byte[] buffer) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0),
                arguments.parameters().next(reader -> reader.readSized(HashCheckTicket.MAX_BUFFER)));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        HashSequence sequence = context.state().objects().sequence(in.sequenceHandle());
        if (sequence == null) {
            // a key or data object: not a sequence (ObjectIsSequence)
            throw new TpmRcException(ResponseCodes.handle(TpmRc.MODE, 1));
        }
        if (sequence.isEventSequence()) {
            EventSequence event = sequence.event();
            event.algorithms().forEach(alg -> event.update(alg, in.buffer()));
        } else if (sequence.isMacSequence()) {
            sequence.update(in.buffer());
        } else {
            sequence.firstBlock(isTicketSafe(in.buffer()));
            sequence.update(in.buffer());
        }
        return CommandOutput.NONE;
    }

    /** TicketIsSafe: a block shorter than TPM_GENERATED_VALUE is not safe either. */
    static boolean isTicketSafe(byte[] block) {
        return block.length >= 4 && !HashCheckTicket.startsWithGenerated(block);
    }
}
