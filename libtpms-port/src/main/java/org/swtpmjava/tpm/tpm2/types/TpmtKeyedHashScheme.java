package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMT_KEYEDHASH_SCHEME (Part 2 §11.1.23): TPMI_ALG_KEYEDHASH_SCHEME is HMAC or XOR
 * (TPM_ALG_NULL where allowed), else TPM_RC_VALUE. HMAC carries a hash (no NULL); XOR carries
 * a hash (no NULL) and a TPMI_ALG_KDF+ (TPMS_SCHEME_XOR, §11.1.21).
 *
 * @param scheme  HMAC, XOR or TPM_ALG_NULL
 * @param hashAlg TPM_ALG_NULL for TPM_ALG_NULL
 * @param kdf     XOR only; TPM_ALG_NULL otherwise
 */
public record TpmtKeyedHashScheme(int scheme, int hashAlg, int kdf) {
    public static final TpmtKeyedHashScheme NULL =
            new TpmtKeyedHashScheme(TpmAlgId.NULL, TpmAlgId.NULL, TpmAlgId.NULL);

    public static TpmtKeyedHashScheme unmarshal(TpmReader reader, boolean allowNull) {
        int scheme = reader.readU16();
        switch (scheme) {
            case TpmAlgId.HMAC:
                return new TpmtKeyedHashScheme(scheme, TpmiAlgHash.unmarshal(reader, false), TpmAlgId.NULL);
            case TpmAlgId.XOR:
                int hashAlg = TpmiAlgHash.unmarshal(reader, false);
                return new TpmtKeyedHashScheme(scheme, hashAlg, TpmtKdfScheme.unmarshalKdf(reader, true));
            case TpmAlgId.NULL:
                if (allowNull) {
                    return NULL;
                }
                throw new TpmRcException(TpmRc.VALUE);
            default:
                throw new TpmRcException(TpmRc.VALUE);
        }
    }

    public void marshal(TpmWriter writer) {
        writer.writeU16(scheme);
        if (scheme == TpmAlgId.HMAC) {
            writer.writeU16(hashAlg);
        } else if (scheme == TpmAlgId.XOR) {
            writer.writeU16(hashAlg).writeU16(kdf);
        }
    }
}
