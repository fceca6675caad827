package org.swtpmjava.tpm.tpm2.command.policy;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.session.EntityName;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_PolicyDuplicationSelect (Part 3 §23.15): limits the policy to TPM2_Duplicate of one object
 * to one new parent. The session must have no cpHash or nameHash yet (TPM_RC_CPHASH) and no
 * command code (TPM_RC_COMMAND_CODE); its nameHash becomes H(objectName || newParentName), its
 * command code TPM2_Duplicate, and the digest is extended with the object's Name only if
 * includeObject.
 */
public final class PolicyDuplicationSelect implements TpmCommand<PolicyDuplicationSelect.In> {
    private static final int CODE = 0x188;
    private static final int DUPLICATE = 0x14B;

    /**
     * @param policySession TPMI_SH_POLICY
     * @param objectName    TPM2B_NAME
     * @param newParentName TPM2B_NAME
     * @param includeObject TPMI_YES_NO
     */
    public record In(int policySession, byte[] objectName, byte[] newParentName, boolean includeObject) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] objectName = arguments.parameters().next(reader -> reader.readSized(EntityName.MAX_NAME_SIZE));
        byte[] newParentName = arguments.parameters().next(reader -> reader.readSized(EntityName.MAX_NAME_SIZE));
        boolean includeObject = arguments.parameters().next(reader -> reader.readBool());
        return new In(arguments.handle(0), objectName, newParentName, includeObject);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AuthSession session = context.state().session(in.policySession());
        if (session.policyHash().length != 0) {
            throw new TpmRcException(TpmRc.CPHASH);
        }
        if (session.commandCode() != 0) {
            throw new TpmRcException(TpmRc.COMMAND_CODE);
        }
        session.setPolicyHash(Hashes.digest(session.authHashAlg(), in.objectName(), in.newParentName()));
        byte[] include = {(byte) (in.includeObject() ? 1 : 0)};
        if (in.includeObject()) {
            PolicyDigest.extend(session, CODE, in.objectName(), in.newParentName(), include);
        } else {
            PolicyDigest.extend(session, CODE, in.newParentName(), include);
        }
        session.setCommandCode(DUPLICATE);
        return CommandOutput.NONE;
    }
}
