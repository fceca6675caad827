package org.swtpmjava.tpm.tpm2.command.nv;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.session.EntityAuth;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/**
 * TPM2_NV_ChangeAuth (Part 3 §31.15): the index's authValue (ADMIN role, so a policy session),
 * trailing zeros removed, at most one nameAlg digest (TPM_RC_SIZE, parameter 1).
 */
public final class NvChangeAuth implements TpmCommand<NvChangeAuth.In> {
    public record In(int nvIndex, byte[] newAuth) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] newAuth = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        return new In(arguments.handle(0), newAuth);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        NvIndices.Index index = NvAccess.index(context, in.nvIndex());
        byte[] auth = EntityAuth.removeTrailingZeros(in.newAuth());
        if (auth.length > Hashes.digestSize(index.publicArea().nameAlg())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        NvAccess.store(context, new NvIndices.Index(index.publicArea(), auth, index.data()));
        context.requestNvCommit(); // NvWriteIndexAuth writes NV, also for an orderly index
        return CommandOutput.NONE;
    }
}
