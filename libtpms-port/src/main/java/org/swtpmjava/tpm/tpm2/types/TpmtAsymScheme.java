package org.swtpmjava.tpm.tpm2.types;

import java.util.Set;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMT_RSA_SCHEME (Part 2 §11.2.4.2) and TPMT_ECC_SCHEME (§11.2.5.6): a scheme selector and the
 * TPMU_ASYM_SCHEME member it selects. Every scheme but RSAES carries a hash (no NULL:
 * TPM_RC_HASH); ECDAA also a u16 count. An RSA scheme that libtpms does not list is
 * TPM_RC_VALUE, an ECC scheme TPM_RC_SCHEME (the reference unmarshallers' codes).
 *
 * @param scheme  the selector, TPM_ALG_NULL for none
 * @param hashAlg TPM_ALG_NULL for none and RSAES
 * @param count   ECDAA's count, else 0
 */
public record TpmtAsymScheme(int scheme, int hashAlg, int count) {
    public static final TpmtAsymScheme NULL = new TpmtAsymScheme(TpmAlgId.NULL, TpmAlgId.NULL, 0);

    /** TPMI_ALG_RSA_SCHEME. */
    private static final Set<Integer> RSA_SCHEMES =
            Set.of(TpmAlgId.RSASSA, TpmAlgId.RSAPSS, TpmAlgId.RSAES, TpmAlgId.OAEP);
    /** TPMI_ALG_ECC_SCHEME. */
    private static final Set<Integer> ECC_SCHEMES = Set.of(TpmAlgId.ECDSA, TpmAlgId.ECDAA, TpmAlgId.SM2,
            TpmAlgId.ECSCHNORR, TpmAlgId.ECDH, TpmAlgId.ECMQV);

    public static TpmtAsymScheme unmarshalRsa(TpmReader reader, boolean allowNull) {
        return unmarshal(reader, allowNull, RSA_SCHEMES, TpmRc.VALUE);
    }

    public static TpmtAsymScheme unmarshalEcc(TpmReader reader, boolean allowNull) {
        return unmarshal(reader, allowNull, ECC_SCHEMES, TpmRc.SCHEME);
    }

    private static TpmtAsymScheme unmarshal(TpmReader reader, boolean allowNull, Set<Integer> schemes, int badScheme) {
        int scheme = reader.readU16();
        if (scheme == TpmAlgId.NULL && allowNull) {
            return NULL;
        }
        if (!schemes.contains(scheme)) {
            throw new TpmRcException(badScheme);
        }
        if (scheme == TpmAlgId.RSAES) {
            return new TpmtAsymScheme(scheme, TpmAlgId.NULL, 0);
        }
        int hashAlg = TpmiAlgHash.unmarshal(reader, false);
        int count = scheme == TpmAlgId.ECDAA ? reader.readU16() : 0;
        return new TpmtAsymScheme(scheme, hashAlg, count);
    }

    public void marshal(TpmWriter writer) {
        writer.writeU16(scheme);
        if (scheme == TpmAlgId.NULL || scheme == TpmAlgId.RSAES) {
            return;
        }
        writer.writeU16(hashAlg);
        if (scheme == TpmAlgId.ECDAA) {
            writer.writeU16(count);
        }
    }
}
