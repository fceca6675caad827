package org.swtpmjava.tpm.tpm2.command.sequence;

import org.swtpmjava.tpm.tpm2.command.symmetric.MacKey;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.MacComputation;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.HashSequence;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_MAC_Start (Part 3 §17.3, command code 0x15B, which TPM2_HMAC_Start §17.2 shares): checks
 * the key as TPM2_MAC does ({@link MacKey}) and loads an HMAC/MAC sequence object with the given
 * authValue into a free transient slot (TPM_RC_OBJECT_MEMORY if none); TPM2_SequenceUpdate adds
 * data and TPM2_SequenceComplete returns the MAC (with a null ticket).
 */
public final class MacStart implements TpmCommand<MacStart.In> {

    /**
     * @param handle   TPMI_DH_OBJECT
     * @param auth     TPM2B_AUTH
     * @param inScheme TPMI_ALG_MAC_SCHEME+
     */
    public record In(int handle, byte[] auth, int inScheme) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] auth = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        int inScheme = arguments.parameters().next(MacKey::readScheme);
        return new In(arguments.handle(0), auth, inScheme);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        MacKey.Selection selection = MacKey.select(context, in.handle(), in.inScheme());
        // ObjectCreateHMACSequence takes the slot before it starts the MAC
        if (!context.state().objects().hasFreeSlot()) {
            throw new TpmRcException(TpmRc.OBJECT_MEMORY);
        }
        MacComputation mac = MacKey.start(context, selection);
        int handle = context.state().objects().load(HashSequence.macSequence(in.auth(), mac));
        return writer -> writer.writeU32(handle);
    }
}
