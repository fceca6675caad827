package org.swtpmjava.tpm.tpm2.command.policy;

import java.nio.ByteBuffer;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.platform.LibtpmsCommandCodes;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_PolicyCommandCode (Part 3 §23.11): limits the session to one command. A different code
 * than one set before is TPM_RC_VALUE, a command libtpms does not implement TPM_RC_POLICY_CC
 * (both parameter 1).
 */
public final class PolicyCommandCode implements TpmCommand<PolicyCommandCode.In> {
    private static final int CODE = 0x16C;

    /**
     * @param policySession TPMI_SH_POLICY
     * @param code          TPM_CC
     */
    public record In(int policySession, int code) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.parameters().next(reader -> reader.readU32()));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AuthSession session = context.state().session(in.policySession());
        if (session.commandCode() != 0 && session.commandCode() != in.code()) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
        }
        if (!LibtpmsCommandCodes.isImplemented(in.code())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.POLICY_CC, 1));
        }
        PolicyDigest.extend(session, CODE, ByteBuffer.allocate(4).putInt(in.code()).array());
        session.setCommandCode(in.code());
        return CommandOutput.NONE;
    }
}
