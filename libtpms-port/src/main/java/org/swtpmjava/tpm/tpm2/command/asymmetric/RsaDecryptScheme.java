package org.swtpmjava.tpm.tpm2.command.asymmetric;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmiAlgHash;
import org.swtpmjava.tpm.tpm2.types.TpmsRsaParms;
import org.swtpmjava.tpm.tpm2.types.TpmtAsymScheme;

/**
 * TPMT_RSA_DECRYPT+ (Part 2 §11.2.4.5) and the choice between it and the key's scheme (the
 * reference's CryptRsaSelectScheme) for TPM2_RSA_Encrypt and TPM2_RSA_Decrypt: a scheme other
 * than RSAES, OAEP or TPM_ALG_NULL is TPM_RC_VALUE when read; a key without a scheme takes the
 * caller's (TPM_ALG_NULL meaning raw RSA), a key with one takes the caller's TPM_ALG_NULL as its
 * own, and otherwise both must name the same scheme and hash (else null: TPM_RC_SCHEME).
 */
final class RsaDecryptScheme {
    private RsaDecryptScheme() {
    }

    static TpmtAsymScheme unmarshal(TpmReader reader) {
        int scheme = reader.readU16();
        switch (scheme) {
            case TpmAlgId.NULL:
                return TpmtAsymScheme.NULL;
            case TpmAlgId.RSAES:
                return new TpmtAsymScheme(scheme, TpmAlgId.NULL, 0);
            case TpmAlgId.OAEP:
                return new TpmtAsymScheme(scheme, TpmiAlgHash.unmarshal(reader, false), 0);
            default:
                throw new TpmRcException(TpmRc.VALUE);
        }
    }

    static TpmtAsymScheme select(LoadedObject key, TpmtAsymScheme requested) {
        TpmtAsymScheme own = ((TpmsRsaParms) key.publicArea().parameters()).scheme();
        if (own.scheme() == TpmAlgId.NULL) {
            return requested;
        }
        if (requested.scheme() == TpmAlgId.NULL) {
            return own;
        }
        return own.scheme() == requested.scheme() && own.hashAlg() == requested.hashAlg() ? requested : null;
    }

    /** IsLabelProperlyFormatted: an empty label, or one whose last octet is 0. */
    static boolean isLabelWellFormed(byte[] label) {
        return label.length == 0 || label[label.length - 1] == 0;
    }
}
