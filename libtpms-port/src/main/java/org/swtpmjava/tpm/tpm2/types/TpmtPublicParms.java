package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMT_PUBLIC_PARMS (Part 2 §12.2.3.8): TPMI_ALG_PUBLIC (KEYEDHASH, SYMCIPHER, RSA, ECC; any
 * other value TPM_RC_TYPE) and the parameters it selects. TPMT_PUBLIC's type and parameters
 * fields are read the same way.
 */
public record TpmtPublicParms(TpmuPublicParms parameters) {

    public static TpmtPublicParms unmarshal(TpmReader reader) {
        int type = reader.readU16();
        return new TpmtPublicParms(unmarshalParameters(reader, type));
    }

    /** TPMU_PUBLIC_PARMS for an already read TPMI_ALG_PUBLIC. */
    public static TpmuPublicParms unmarshalParameters(TpmReader reader, int type) {
        switch (type) {
            case TpmAlgId.KEYEDHASH:
                return TpmsKeyedHashParms.unmarshal(reader);
            case TpmAlgId.SYMCIPHER:
                return TpmsSymCipherParms.unmarshal(reader);
            case TpmAlgId.RSA:
                return TpmsRsaParms.unmarshal(reader);
            case TpmAlgId.ECC:
                return TpmsEccParms.unmarshal(reader);
            default:
                throw new TpmRcException(TpmRc.TYPE);
        }
    }

    public int type() {
        return parameters.type();
    }

    public void marshal(TpmWriter writer) {
        writer.writeU16(parameters.type());
        parameters.marshal(writer);
    }
}
