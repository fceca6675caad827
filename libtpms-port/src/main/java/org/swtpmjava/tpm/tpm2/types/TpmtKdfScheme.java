package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMT_KDF_SCHEME (Part 2 §11.2.3.3): TPMI_ALG_KDF is MGF1, KDF1_SP800_56A, KDF2 or
 * KDF1_SP800_108 (TPM_ALG_NULL where allowed), else TPM_RC_KDF; each scheme carries a hash
 * (TPMS_SCHEME_HASH, no NULL: TPM_RC_HASH).
 *
 * @param scheme  TPMI_ALG_KDF
 * @param hashAlg TPM_ALG_NULL when the scheme is TPM_ALG_NULL
 */
public record TpmtKdfScheme(int scheme, int hashAlg) {
    public static final TpmtKdfScheme NULL = new TpmtKdfScheme(TpmAlgId.NULL, TpmAlgId.NULL);

    public static TpmtKdfScheme unmarshal(TpmReader reader, boolean allowNull) {
        int scheme = unmarshalKdf(reader, allowNull);
        if (scheme == TpmAlgId.NULL) {
            return NULL;
        }
        return new TpmtKdfScheme(scheme, TpmiAlgHash.unmarshal(reader, false));
    }

    /** TPMI_ALG_KDF (Part 2 §9.32). */
    static int unmarshalKdf(TpmReader reader, boolean allowNull) {
        int kdf = reader.readU16();
        switch (kdf) {
            case TpmAlgId.MGF1:
            case TpmAlgId.KDF1_SP800_56A:
            case TpmAlgId.KDF2:
            case TpmAlgId.KDF1_SP800_108:
                return kdf;
            case TpmAlgId.NULL:
                if (allowNull) {
                    return kdf;
                }
                throw new TpmRcException(TpmRc.KDF);
            default:
                throw new TpmRcException(TpmRc.KDF);
        }
    }

    public void marshal(TpmWriter writer) {
        writer.writeU16(scheme);
        if (scheme != TpmAlgId.NULL) {
            writer.writeU16(hashAlg);
        }
    }
}
