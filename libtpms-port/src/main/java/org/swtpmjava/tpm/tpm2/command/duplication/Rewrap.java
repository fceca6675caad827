package org.swtpmjava.tpm.tpm2.command.duplication;

import java.security.SecureRandom;
import org.swtpmjava.tpm.tpm2.command.object.PrivateProtection;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.OuterWrap;
import org.swtpmjava.tpm.tpm2.crypto.SecretSharing;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;

/**
 * TPM2_Rewrap (Part 3 §13.2): moves the outer wrap of a duplication blob from one parent to
 * another (either may be TPM_RH_NULL: no outer wrap), in the reference's order: a seed must be
 * given exactly when oldParent is not TPM_RH_NULL (TPM_RC_HANDLE, handle 1); an old parent that
 * is not a storage key is TPM_RC_TYPE (handle 1), a seed it cannot decrypt TPM_RC_VALUE
 * (parameter 3), the outer wrap's codes go to parameter 1; a new parent that is not a storage key
 * is TPM_RC_TYPE (handle 2), a blob that does not fit with the new integrity TPM_RC_VALUE
 * (parameter 1). The inner part is passed on untouched.
 */
public final class Rewrap implements TpmCommand<Rewrap.In> {
    private final SecureRandom platformRandom = new SecureRandom();

    /**
     * @param oldParent   TPMI_DH_OBJECT+
     * @param newParent   TPMI_DH_OBJECT+
     * @param inDuplicate TPM2B_PRIVATE
     * @param name        TPM2B_NAME
     * @param inSymSeed   TPM2B_ENCRYPTED_SECRET
     */
    public record In(int oldParent, int newParent, byte[] inDuplicate, byte[] name, byte[] inSymSeed) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] duplicate = arguments.parameters().next(reader -> reader.readSized(PrivateProtection.MAX_PRIVATE));
        byte[] name = arguments.parameters().next(reader -> reader.readSized(Import.MAX_NAME));
        byte[] seed = arguments.parameters().next(reader -> reader.readSized(SecretSharing.MAX_ENCRYPTED_SECRET));
        return new In(arguments.handle(0), arguments.handle(1), duplicate, name, seed);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        boolean fromNull = in.oldParent() == TpmHandles.RH_NULL;
        if ((in.inSymSeed().length == 0) != fromNull) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.HANDLE, 1));
        }
        byte[] inner = in.inDuplicate();
        if (!fromNull) {
            LoadedObject oldParent = context.state().objects().object(in.oldParent());
            if (!Duplicate.isStorage(oldParent)) {
                throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 1));
            }
            TpmtPublic oldArea = oldParent.publicArea();
            byte[] seed;
            try {
                seed = SecretSharing.decrypt(oldArea, oldParent.sensitive(), SecretSharing.DUPLICATE, in.inSymSeed());
            } catch (TpmRcException e) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 3));
            }
            try {
                inner = OuterWrap.unwrapWithoutIv(oldArea.nameAlg(), seed, PrivateProtection.parentSymmetric(oldArea),
                        in.name(), in.inDuplicate());
            } catch (TpmRcException e) {
                throw new TpmRcException(ResponseCodes.parameter(e.responseCode(), 1));
            }
        }
        if (in.newParent() == TpmHandles.RH_NULL) {
            byte[] plain = inner;
            return writer -> writer.writeSized(plain).writeSized(new byte[0]);
        }
        LoadedObject newParent = context.state().objects().object(in.newParent());
        if (!Duplicate.isStorage(newParent)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 2));
        }
        TpmtPublic newArea = newParent.publicArea();
        SecretSharing.SharedSecret shared = SecretSharing.encrypt(newArea, SecretSharing.DUPLICATE, context.random(),
                platformRandom);
        if (inner.length + 2 + Hashes.digestSize(newArea.nameAlg()) > PrivateProtection.MAX_PRIVATE) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
        }
        byte[] outDuplicate = OuterWrap.wrapWithoutIv(newArea.nameAlg(), shared.seed(),
                PrivateProtection.parentSymmetric(newArea), in.name(), inner);
        return writer -> writer.writeSized(outDuplicate).writeSized(shared.encryptedSecret());
    }
}
