package org.swtpmjava.tpm.tpm2.command.sequence;

import org.swtpmjava.tpm.tpm2.command.hash.HashCheckTicket;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.state.HashSequence;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * TPM2_HashSequenceStart (Part 3 §17.3): loads a hash sequence object for hashAlg, or an event
 * sequence (every implemented hash) for TPM_ALG_NULL, into the first free transient slot
 * (TPM_RC_OBJECT_MEMORY if none) and returns its handle. Starting a hash runs its self-test.
 */
public final class HashSequenceStart implements TpmCommand<HashSequenceStart.In> {

    /**
     * @param auth    TPM2B_AUTH
     * @param hashAlg TPMI_ALG_HASH+
     */
    public record In(byte[] auth, int hashAlg) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] auth = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        int hashAlg = arguments.parameters().next(reader -> HashCheckTicket.readHashAlg(reader, true));
        return new In(auth, hashAlg);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        if (in.hashAlg() == TpmAlgId.NULL) {
            Hashes.IMPLEMENTED.forEach(alg -> context.state().selfTests().test(alg));
        } else {
            context.state().selfTests().test(in.hashAlg());
        }
        int handle = context.state().objects().load(new HashSequence(in.hashAlg(), in.auth()));
        return writer -> writer.writeU32(handle);
    }
}
