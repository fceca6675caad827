package org.swtpmjava.tpm.tpm2.command.pcr;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.session.EntityAuth;
import org.swtpmjava.tpm.tpm2.state.PcrAttributes;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_PCR_SetAuthValue (Part 3 §22.7), pcrHandle TPMI_DH_PCR (USER): sets the authValue of
 * the authorization group the PCR belongs to (libtpms: one group, PCRs 20-22). Any other PCR is
 * a bare TPM_RC_VALUE, as the reference returns it without a handle number. The value is
 * state-clear data (kept by Shutdown(STATE), emptied by Startup(CLEAR)), stored with trailing
 * zeros removed, and the change ends an orderly state.
 */
public final class PcrSetAuthValue implements TpmCommand<PcrSetAuthValue.In> {

    /**
     * @param pcrHandle TPMI_DH_PCR
     * @param auth      TPM2B_DIGEST
     */
    public record In(int pcrHandle, byte[] auth) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0),
                arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE)));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        if (!PcrAttributes.inPolicyGroup(in.pcrHandle())) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        context.clearOrderly();
        context.state().clearData().setPcrAuthValue(EntityAuth.removeTrailingZeros(in.auth()));
        return CommandOutput.NONE;
    }
}
