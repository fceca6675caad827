package org.swtpmjava.tpm.tpm2.command.hash;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;

/**
 * TPM2_Hash (Part 3 §15.4): outHash = H(data) and a TPMT_TK_HASHCHECK ticket
 * ({@link HashCheckTicket}). The ticket is the null ticket for TPM_RH_NULL and for data starting
 * with TPM_GENERATED_VALUE (TicketIsSafe; data shorter than the value is safe here).
 */
public final class Hash implements TpmCommand<Hash.In> {

    /**
     * @param data      TPM2B_MAX_BUFFER
     * @param hashAlg   TPMI_ALG_HASH (no NULL)
     * @param hierarchy TPMI_RH_HIERARCHY+
     */
    public record In(byte[] data, int hashAlg, int hierarchy) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] data = arguments.parameters().next(reader -> reader.readSized(HashCheckTicket.MAX_BUFFER));
        int hashAlg = arguments.parameters().next(reader -> HashCheckTicket.readHashAlg(reader, false));
        int hierarchy = arguments.parameters().next(HashCheckTicket::readHierarchy);
        return new In(data, hashAlg, hierarchy);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        context.state().selfTests().test(in.hashAlg());
        byte[] outHash = Hashes.digest(in.hashAlg(), in.data());
        boolean safe = !HashCheckTicket.startsWithGenerated(in.data());
        CommandOutput ticket = HashCheckTicket.of(context, in.hierarchy(), in.hashAlg(), outHash, safe);
        return writer -> {
            writer.writeSized(outHash);
            ticket.marshal(writer);
        };
    }
}
