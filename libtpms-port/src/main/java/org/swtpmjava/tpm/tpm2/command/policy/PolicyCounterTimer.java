package org.swtpmjava.tpm.tpm2.command.policy;

import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_PolicyCounterTimer (Part 3 §23.12): a condition on the marshalled TPMS_TIME_INFO (time,
 * clock, resetCount, restartCount, safe: 25 bytes). An offset beyond it is TPM_RC_VALUE
 * (parameter 2), an operand reaching beyond it TPM_RC_RANGE (unnumbered), in a trial session
 * too; a real session's condition must hold (TPM_RC_POLICY). The digest is extended with
 * H(operandB || offset || operation).
 */
public final class PolicyCounterTimer implements TpmCommand<PolicyCounterTimer.In> {
    private static final int CODE = 0x16D;

    /**
     * @param policySession TPMI_SH_POLICY
     * @param operandB      TPM2B_OPERAND
     * @param offset        UINT16
     * @param operation     TPM_EO
     */
    public record In(int policySession, byte[] operandB, int offset, int operation) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] operandB = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        int offset = arguments.parameters().next(reader -> reader.readU16());
        int operation = arguments.parameters().next(PolicyCondition::readOperation);
        return new In(arguments.handle(0), operandB, offset, operation);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmState state = context.state();
        byte[] timeInfo = timeInfo(state);
        if (in.offset() > timeInfo.length) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 2));
        }
        if (in.offset() + in.operandB().length > timeInfo.length) {
            throw new TpmRcException(TpmRc.RANGE);
        }
        AuthSession session = state.session(in.policySession());
        if (!session.isTrial()) {
            byte[] operandA = Arrays.copyOfRange(timeInfo, in.offset(), in.offset() + in.operandB().length);
            if (!PolicyCondition.holds(in.operation(), operandA, in.operandB())) {
                throw new TpmRcException(TpmRc.POLICY);
            }
        }
        byte[] argHash = Hashes.digest(session.authHashAlg(), in.operandB(),
                new TpmWriter(4).writeU16(in.offset()).writeU16(in.operation()).toByteArray());
        PolicyDigest.extend(session, CODE, argHash);
        return CommandOutput.NONE;
    }

    /** TimeGetMarshaled: TPMS_TIME_INFO as ReadClock returns it. */
    private static byte[] timeInfo(TpmState state) {
        return new TpmWriter(25).writeU64(state.flags().time()).writeU64(state.orderly().clock())
                .writeU32(state.persistent().resetCount()).writeU32(state.resetData().restartCount())
                .writeU8(state.orderly().clockSafe() ? 1 : 0).toByteArray();
    }
}
