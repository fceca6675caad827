package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/**
 * TPMT_SIG_SCHEME (Part 2 §11.2.1.5): TPMI_ALG_SIG_SCHEME (HMAC, RSASSA, RSAPSS, ECDSA, ECDAA,
 * SM2, EC-Schnorr; TPM_ALG_NULL where allowed; else TPM_RC_SCHEME) and its details: a hash (no
 * NULL), ECDAA also a count.
 *
 * @param scheme  the selector
 * @param hashAlg TPM_ALG_NULL for TPM_ALG_NULL
 * @param count   ECDAA's count, else 0
 */
public record TpmtSigScheme(int scheme, int hashAlg, int count) {
    public static final TpmtSigScheme NULL = new TpmtSigScheme(TpmAlgId.NULL, TpmAlgId.NULL, 0);

    public static TpmtSigScheme unmarshal(TpmReader reader, boolean allowNull) {
        int scheme = unmarshalSelector(reader, allowNull);
        if (scheme == TpmAlgId.NULL) {
            return NULL;
        }
        int hashAlg = TpmiAlgHash.unmarshal(reader, false);
        return new TpmtSigScheme(scheme, hashAlg, scheme == TpmAlgId.ECDAA ? reader.readU16() : 0);
    }

    /** TPMI_ALG_SIG_SCHEME. */
    static int unmarshalSelector(TpmReader reader, boolean allowNull) {
        int scheme = reader.readU16();
        switch (scheme) {
            case TpmAlgId.HMAC:
            case TpmAlgId.RSASSA:
            case TpmAlgId.RSAPSS:
            case TpmAlgId.ECDSA:
            case TpmAlgId.ECDAA:
            case TpmAlgId.SM2:
            case TpmAlgId.ECSCHNORR:
                return scheme;
            case TpmAlgId.NULL:
                if (allowNull) {
                    return scheme;
                }
                throw new TpmRcException(TpmRc.SCHEME);
            default:
                throw new TpmRcException(TpmRc.SCHEME);
        }
    }
}
