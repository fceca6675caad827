package org.swtpmjava.tpm.tpm2.command.duplication;

import org.swtpmjava.tpm.tpm2.command.object.KeyValidation;
import org.swtpmjava.tpm.tpm2.command.object.PrivateProtection;
import org.swtpmjava.tpm.tpm2.crypto.SecretSharing;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmtSensitive;
import org.swtpmjava.tpm.tpm2.types.TpmtSymDefObject;

/**
 * TPM2_Import (Part 3 §13.3): a duplication blob made private under a storage parent, in the
 * reference's order: a fixedTPM or fixedParent object is TPM_RC_ATTRIBUTES (parameter 2), a
 * parent that is not a storage parent TPM_RC_TYPE (handle 1); the inner key must have the
 * inner algorithm's size, or be empty without one (TPM_RC_SIZE, parameter 1; encryptedDuplication
 * without an inner wrap is TPM_RC_ATTRIBUTES there); a seed is decrypted with the label
 * "DUPLICATE" (a symmetric parent cannot: TPM_RC_TYPE, handle 1; its codes on parameter 4;
 * encryptedDuplication without one is TPM_RC_ATTRIBUTES, parameter 4); the blob is unwrapped
 * ({@link DuplicationBlob}, codes on parameter 3). Under a fixedTPM parent the object is
 * validated as a load would ({@link KeyValidation}). The result is protected as TPM2_Create
 * protects a private area, its IV from the TPM's generator.
 */
public final class Import implements TpmCommand<Import.In> {
    /** sizeof(TPMU_NAME): a TPMT_HA (66 bytes) in a union with a TPM_HANDLE, padded to 68 in libtpms' C layout. */
    static final int MAX_NAME = 68;

    /**
     * @param parentHandle  TPMI_DH_OBJECT
     * @param encryptionKey TPM2B_DATA
     * @param objectPublic  TPM2B_PUBLIC
     * @param duplicate     TPM2B_PRIVATE
     * @param inSymSeed     TPM2B_ENCRYPTED_SECRET
     * @param symmetricAlg  TPMT_SYM_DEF_OBJECT+
     */
    public record In(int parentHandle, byte[] encryptionKey, TpmtPublic objectPublic, byte[] duplicate,
                     byte[] inSymSeed, TpmtSymDefObject symmetricAlg) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] key = arguments.parameters().next(reader -> reader.readSized(Duplicate.MAX_DATA));
        TpmtPublic objectPublic = arguments.parameters().next(reader -> TpmtPublic.unmarshalSized(reader, false));
        byte[] duplicate = arguments.parameters().next(reader -> reader.readSized(PrivateProtection.MAX_PRIVATE));
        byte[] seed = arguments.parameters().next(reader -> reader.readSized(SecretSharing.MAX_ENCRYPTED_SECRET));
        TpmtSymDefObject symmetric = arguments.parameters().next(reader -> TpmtSymDefObject.unmarshal(reader, true));
        return new In(arguments.handle(0), key, objectPublic, duplicate, seed, symmetric);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmtPublic objectPublic = in.objectPublic();
        if (objectPublic.has(TpmaObject.FIXED_TPM) || objectPublic.has(TpmaObject.FIXED_PARENT)) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.ATTRIBUTES, 2));
        }
        LoadedObject parent = context.state().objects().object(in.parentHandle());
        if (parent == null || !parent.isStorageParent()) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 1));
        }
        TpmtSymDefObject inner = in.symmetricAlg();
        boolean encryptedDuplication = objectPublic.has(TpmaObject.ENCRYPTED_DUPLICATION);
        if (inner.algorithm() != TpmAlgId.NULL) {
            if (in.encryptionKey().length != (inner.keyBits() + 7) / 8) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
            }
        } else {
            if (in.encryptionKey().length != 0) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 1));
            }
            if (encryptedDuplication) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.ATTRIBUTES, 1));
            }
        }
        byte[] seed = new byte[0];
        if (in.inSymSeed().length != 0) {
            if (parent.publicArea().type() == TpmAlgId.SYMCIPHER) {
                throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 1));
            }
            try {
                seed = SecretSharing.decrypt(parent.publicArea(), parent.sensitive(), SecretSharing.DUPLICATE,
                        in.inSymSeed());
            } catch (TpmRcException e) {
                throw new TpmRcException(ResponseCodes.parameter(e.responseCode(), 4));
            }
        } else if (encryptedDuplication) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.ATTRIBUTES, 4));
        }
        byte[] name = objectPublic.name();
        TpmtSensitive sensitive;
        try {
            sensitive = DuplicationBlob.unwrap(in.duplicate(), name, objectPublic.nameAlg(), parent.publicArea(), seed,
                    inner, in.encryptionKey());
        } catch (TpmRcException e) {
            throw new TpmRcException(ResponseCodes.parameter(e.responseCode(), 3));
        }
        if (parent.has(TpmaObject.FIXED_TPM)) {
            validateAsLoad(objectPublic, sensitive);
        }
        PrivateProtection.selfTest(context.state(), parent);
        byte[] outPrivate = PrivateProtection.wrap(DuplicationBlob.padAuth(sensitive, objectPublic.nameAlg()), name,
                parent, context.random());
        return writer -> writer.writeSized(outPrivate);
    }

    /** ObjectLoad(NULL, NULL, ...): the checks of a load without a slot to load into. */
    private static void validateAsLoad(TpmtPublic objectPublic, TpmtSensitive sensitive) {
        KeyValidation.objectLoad(KeyValidation.Use.CHECK_ONLY, null, objectPublic, sensitive, 2, 3);
    }
}
