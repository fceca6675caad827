package org.swtpmjava.tpm.tpm2.command.object;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmiAlgHash;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmtPublicParms;
import org.swtpmjava.tpm.tpm2.types.TpmuPublicId;
import org.swtpmjava.tpm.tpm2.types.TpmuPublicParms;

/**
 * The TPM2B_TEMPLATE of TPM2_CreateLoaded (Part 3 §12.9) read as libtpms' UnmarshalToPublic does:
 * a TPMT_PUBLIC up to its parameters, then for a derivation parent a TPMS_DERIVE (label and
 * context, each a TPM2B_LABEL of at most 32 bytes) in place of the unique field, else the unique
 * field; the template must be used up (TPM_RC_SIZE). Codes are bare.
 *
 * @param publicArea the public area (a derived object's unique field is empty until it is created)
 * @param label      TPMS_DERIVE.label of a derivation template, else empty
 * @param context    TPMS_DERIVE.context of a derivation template, else empty
 */
record CreateLoadedTemplate(TpmtPublic publicArea, byte[] label, byte[] context) {
    /** sizeof(TPMT_PUBLIC) of libtpms 0.9 on x86-64: the largest TPM2B_TEMPLATE. */
    static final int MAX_TEMPLATE = 484;
    /** LABEL_MAX_BUFFER: MIN(32, MAX(MAX_ECC_KEY_BYTES, MAX_DIGEST_SIZE)). */
    static final int LABEL_MAX_BUFFER = 32;

    CreateLoadedTemplate {
        label = label.clone();
        context = context.clone();
    }

    @Override
    public byte[] label() {
        return label.clone();
    }

    @Override
    public byte[] context() {
        return context.clone();
    }

    static CreateLoadedTemplate parse(byte[] template, boolean derivation) {
        TpmReader reader = new TpmReader(template);
        int type = reader.readU16();
        if (type != TpmAlgId.KEYEDHASH && type != TpmAlgId.SYMCIPHER && type != TpmAlgId.RSA
                && type != TpmAlgId.ECC) {
            throw new TpmRcException(TpmRc.TYPE);
        }
        int nameAlg = TpmiAlgHash.unmarshal(reader, false);
        int attributes = TpmaObject.unmarshal(reader);
        byte[] authPolicy = reader.readSized(Hashes.MAX_DIGEST_SIZE);
        TpmuPublicParms parameters = TpmtPublicParms.unmarshalParameters(reader, type);
        byte[] label = new byte[0];
        byte[] context = new byte[0];
        TpmuPublicId unique;
        if (derivation) {
            label = reader.readSized(LABEL_MAX_BUFFER);
            context = reader.readSized(LABEL_MAX_BUFFER);
            unique = type == TpmAlgId.ECC ? TpmuPublicId.point(new byte[0], new byte[0])
                    : TpmuPublicId.single(new byte[0]);
        } else {
            unique = TpmuPublicId.unmarshal(reader, type);
        }
        if (reader.hasRemaining()) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        return new CreateLoadedTemplate(new TpmtPublic(type, nameAlg, attributes, authPolicy, parameters, unique),
                label, context);
    }

    /**
     * SetLabelAndContext: a TPMS_DERIVE in inSensitive.data (when there is data; bytes after it
     * are ignored) supplies the label and the context where the template's are empty.
     */
    CreateLoadedTemplate withSensitiveDerive(byte[] sensitiveData) {
        if (sensitiveData.length == 0) {
            return this;
        }
        TpmReader reader = new TpmReader(sensitiveData);
        byte[] sensitiveLabel = reader.readSized(LABEL_MAX_BUFFER);
        byte[] sensitiveContext = reader.readSized(LABEL_MAX_BUFFER);
        return new CreateLoadedTemplate(publicArea, label.length == 0 ? sensitiveLabel : label,
                context.length == 0 ? sensitiveContext : context);
    }
}
