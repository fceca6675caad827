package org.swtpmjava.tpm.tpm2.command.policy;

import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.command.nv.NvAccess;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.session.EntityName;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_PolicyNV (Part 3 §23.9): a condition on the data of an NV index, read with authHandle's
 * authorization. A real session checks, in libtpms' order, NvReadAccessChecks, an offset beyond
 * the index (TPM_RC_VALUE, parameter 2), an operand reaching beyond it (TPM_RC_SIZE, parameter
 * 1) and the condition (TPM_RC_POLICY); a trial session only computes. The digest is extended
 * with H(operandB || offset || operation) and the index's Name.
 */
public final class PolicyNv implements TpmCommand<PolicyNv.In> {
    private static final int CODE = 0x149;

    public record In(int authHandle, int nvIndex, int policySession, byte[] operandB, int offset, int operation) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] operandB = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        int offset = arguments.parameters().next(reader -> reader.readU16());
        int operation = arguments.parameters().next(PolicyCondition::readOperation);
        return new In(arguments.handle(0), arguments.handle(1), arguments.handle(2), operandB, offset, operation);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AuthSession session = context.state().session(in.policySession());
        if (!session.isTrial()) {
            NvIndices.Index index = NvAccess.index(context, in.nvIndex());
            NvAccess.checkRead(in.authHandle(), index);
            int dataSize = index.publicArea().dataSize();
            if (in.offset() > dataSize) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 2));
            }
            if (dataSize - in.offset() < in.operandB().length) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
            }
            byte[] operandA = Arrays.copyOfRange(index.data(), in.offset(), in.offset() + in.operandB().length);
            if (!PolicyCondition.holds(in.operation(), operandA, in.operandB())) {
                throw new TpmRcException(TpmRc.POLICY);
            }
        }
        byte[] argHash = Hashes.digest(session.authHashAlg(), in.operandB(),
                new TpmWriter(4).writeU16(in.offset()).writeU16(in.operation()).toByteArray());
        PolicyDigest.extend(session, CODE, argHash, EntityName.of(in.nvIndex(), context.state()));
        return CommandOutput.NONE;
    }
}
