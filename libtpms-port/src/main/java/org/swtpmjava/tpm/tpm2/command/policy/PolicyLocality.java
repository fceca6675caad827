package org.swtpmjava.tpm.tpm2.command.policy;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_PolicyLocality (Part 3 §23.8): limits the session to localities. TPMA_LOCALITY below 32
 * is a bit set of localities 0-4 (intersected with an earlier setting), 32 and above one extended
 * locality; zero, mixing the two forms, an empty intersection or another extended locality are
 * TPM_RC_RANGE (parameter 1).
 */
public final class PolicyLocality implements TpmCommand<PolicyLocality.In> {
    private static final int CODE = 0x16F;
    private static final int EXTENDED = 32;

    /**
     * @param policySession TPMI_SH_POLICY
     * @param locality      TPMA_LOCALITY
     */
    public record In(int policySession, int locality) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.parameters().next(reader -> reader.readU8()));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AuthSession session = context.state().session(in.policySession());
        int locality = in.locality();
        int previous = session.commandLocality();
        if (locality == 0 || previous != 0 && (previous < EXTENDED) != (locality < EXTENDED)) {
            throw range();
        }
        int setting;
        if (locality < EXTENDED) {
            setting = (previous == 0 ? 0x1F : previous) & locality;
            if (setting == 0) {
                throw range();
            }
        } else {
            if (previous != 0 && previous != locality) {
                throw range();
            }
            setting = locality;
        }
        PolicyDigest.extend(session, CODE, new byte[] {(byte) locality});
        session.setCommandLocality(setting);
        return CommandOutput.NONE;
    }

    private static TpmRcException range() {
        return new TpmRcException(ResponseCodes.parameter(TpmRc.RANGE, 1));
    }
}
