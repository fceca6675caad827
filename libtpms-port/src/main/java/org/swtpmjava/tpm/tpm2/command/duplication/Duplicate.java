package org.swtpmjava.tpm.tpm2.command.duplication;

import java.security.SecureRandom;
import org.swtpmjava.tpm.tpm2.crypto.SecretSharing;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmtSensitive;
import org.swtpmjava.tpm.tpm2.types.TpmtSymDefObject;

/**
 * TPM2_Duplicate (Part 3 §13.1): the sensitive area of a loaded object (DUP role, so a policy
 * session with PolicyCommandCode(TPM2_Duplicate)) as a duplication blob for a new parent, in the
 * reference's order: fixedParent is TPM_RC_ATTRIBUTES and a NULL nameAlg TPM_RC_TYPE (handle 1),
 * a new parent that is not an RSA or ECC storage key TPM_RC_TYPE (handle 2); encryptedDuplication
 * demands an inner wrap (TPM_RC_SYMMETRIC, parameter 2) and a new parent (TPM_RC_HIERARCHY,
 * handle 2); the caller's inner key must be empty without an inner wrap, else empty or of the
 * algorithm's size (TPM_RC_SIZE, parameter 1). With a new parent, a seed is shared under
 * "DUPLICATE" ({@link SecretSharing}) before the TPM draws the inner key it returns.
 */
public final class Duplicate implements TpmCommand<Duplicate.In> {
    /** sizeof(TPMT_HA): the largest TPM2B_DATA. */
    static final int MAX_DATA = 66;

    private final SecureRandom platformRandom = new SecureRandom();

    /**
     * @param objectHandle    TPMI_DH_OBJECT
     * @param newParentHandle TPMI_DH_OBJECT+
     * @param encryptionKeyIn TPM2B_DATA
     * @param symmetricAlg    TPMT_SYM_DEF_OBJECT+
     */
    public record In(int objectHandle, int newParentHandle, byte[] encryptionKeyIn, TpmtSymDefObject symmetricAlg) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] key = arguments.parameters().next(reader -> reader.readSized(MAX_DATA));
        TpmtSymDefObject symmetric = arguments.parameters().next(reader -> TpmtSymDefObject.unmarshal(reader, true));
        return new In(arguments.handle(0), arguments.handle(1), key, symmetric);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        LoadedObject object = context.state().objects().object(in.objectHandle());
        if (object != null && object.has(TpmaObject.FIXED_PARENT)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 1));
        }
        if (object == null || object.publicArea().nameAlg() == TpmAlgId.NULL) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 1));
        }
        boolean toNull = in.newParentHandle() == TpmHandles.RH_NULL;
        LoadedObject newParent = toNull ? null : context.state().objects().object(in.newParentHandle());
        if (!toNull && !isStorage(newParent)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 2));
        }
        TpmtSymDefObject inner = in.symmetricAlg();
        if (object.has(TpmaObject.ENCRYPTED_DUPLICATION)) {
            if (inner.algorithm() == TpmAlgId.NULL) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.SYMMETRIC, 2));
            }
            if (toNull) {
                throw new TpmRcException(ResponseCodes.handle(TpmRc.HIERARCHY, 2));
            }
        }
        int innerKeyBytes = (inner.keyBits() + 7) / 8;
        byte[] keyIn = in.encryptionKeyIn();
        if (inner.algorithm() == TpmAlgId.NULL ? keyIn.length != 0
                : keyIn.length != 0 && keyIn.length != innerKeyBytes) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
        }
        byte[] seed = new byte[0];
        byte[] outSymSeed = new byte[0];
        TpmtPublic parentArea = toNull ? null : newParent.publicArea();
        if (!toNull) {
            SecretSharing.SharedSecret shared = SecretSharing.encrypt(parentArea, SecretSharing.DUPLICATE,
                    context.random(), platformRandom);
            seed = shared.seed();
            outSymSeed = shared.encryptedSecret();
        }
        byte[] innerKey = keyIn;
        byte[] keyOut = new byte[0];
        if (inner.algorithm() != TpmAlgId.NULL && keyIn.length == 0) {
            innerKey = context.random().generate(innerKeyBytes);
            keyOut = innerKey;
        }
        TpmtSensitive sensitive = new TpmtSensitive(object.publicArea().type(), object.authValue(),
                object.seedValue(), object.sensitive());
        byte[] duplicate = DuplicationBlob.wrap(sensitive, object.name(), object.publicArea().nameAlg(), parentArea,
                seed, inner, innerKey);
        byte[] encryptionKeyOut = keyOut;
        byte[] symSeed = outSymSeed;
        return writer -> writer.writeSized(encryptionKeyOut).writeSized(duplicate).writeSized(symSeed);
    }

    /** ObjectIsStorage: a restricted decryption RSA or ECC key that does not sign. */
    static boolean isStorage(LoadedObject object) {
        if (object == null) {
            return false;
        }
        int type = object.publicArea().type();
        return object.has(TpmaObject.RESTRICTED) && object.has(TpmaObject.DECRYPT) && !object.has(TpmaObject.SIGN)
                && (type == TpmAlgId.RSA || type == TpmAlgId.ECC);
    }
}
