package org.swtpmjava.tpm.tpm2.command.object;

import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmtSensitive;

/**
 * TPM2_ObjectChangeAuth (Part 3 §12.8): a new outPrivate of a loaded object with another
 * authValue, protected by its parent; the loaded object keeps its old authValue. A sequence
 * object is TPM_RC_TYPE (handle 1); newAuth, without trailing zeros, may not be longer than the
 * nameAlg's digest (TPM_RC_SIZE, parameter 1) and is stored padded to it; parentHandle must be
 * the object's parent, which the reference checks by recomputing the qualified Name
 * (TPM_RC_TYPE, handle 2). Under a derivation parent libtpms leaves the new private area
 * unencrypted (see {@link PrivateProtection#wrapUnderDerivationParent}); so does this engine.
 */
public final class ObjectChangeAuth implements TpmCommand<ObjectChangeAuth.In> {

    /**
     * @param objectHandle TPMI_DH_OBJECT, ADMIN role
     * @param parentHandle TPMI_DH_OBJECT
     * @param newAuth      TPM2B_AUTH
     */
    public record In(int objectHandle, int parentHandle, byte[] newAuth) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] newAuth = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        return new In(arguments.handle(0), arguments.handle(1), newAuth);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmState state = context.state();
        LoadedObject object = state.objects().object(in.objectHandle());
        if (object == null) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 1));
        }
        int nameAlg = object.publicArea().nameAlg();
        byte[] newAuth = nameAlg == TpmAlgId.NULL ? adjustToAnySize(in.newAuth())
                : CreatePrimary.adjustAuthSize(in.newAuth(), nameAlg);
        LoadedObject parent = state.objects().object(in.parentHandle());
        if (nameAlg == TpmAlgId.NULL || parent == null
                || !Arrays.equals(object.qualifiedName(),
                Load.qualifiedName(parent.qualifiedName(), nameAlg, object.name()))) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 2));
        }
        TpmtSensitive sensitive = new TpmtSensitive(object.publicArea().type(), newAuth, object.seedValue(),
                object.sensitive());
        byte[] outPrivate;
        if (parent.isDerivationParent()) {
            outPrivate = PrivateProtection.wrapUnderDerivationParent(sensitive, object.name(), parent);
        } else {
            PrivateProtection.selfTest(state, parent);
            outPrivate = PrivateProtection.wrap(sensitive, object.name(), parent, context.random());
        }
        return writer -> writer.writeSized(outPrivate);
    }

    /** AdjustAuthSize without a nameAlg: any size up to sizeof(TPMU_HA), padded to it. */
    private static byte[] adjustToAnySize(byte[] newAuth) {
        return Arrays.copyOf(newAuth, Hashes.MAX_DIGEST_SIZE);
    }
}
