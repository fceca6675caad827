package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMT_SYM_DEF_OBJECT (Part 2 §11.1.7): the symmetric algorithm of a key or a storage parent,
 * with the choices libtpms 0.9 builds: TPMI_ALG_SYM_OBJECT is AES, TDES or Camellia (SM4 is
 * compiled out), else TPM_RC_SYMMETRIC; key sizes AES 128/256, Camellia 128/256, TDES 128/192
 * (AES-192 and Camellia-192 arrive with later state format levels), else TPM_RC_VALUE;
 * TPMI_ALG_SYM_MODE is CTR, OFB, CBC, CFB, ECB or CMAC, or TPM_ALG_NULL, else TPM_RC_MODE.
 *
 * @param algorithm TPMI_ALG_SYM_OBJECT, TPM_ALG_NULL when there is none
 * @param keyBits   0 for TPM_ALG_NULL
 * @param mode      TPMI_ALG_SYM_MODE+, TPM_ALG_NULL for TPM_ALG_NULL
 */
public record TpmtSymDefObject(int algorithm, int keyBits, int mode) {
    public static final TpmtSymDefObject NULL = new TpmtSymDefObject(TpmAlgId.NULL, 0, TpmAlgId.NULL);

    /** Reads the three fields; {@code allowNull} is the "+" of the containing structure. */
    public static TpmtSymDefObject unmarshal(TpmReader reader, boolean allowNull) {
        int algorithm = reader.readU16();
        switch (algorithm) {
            case TpmAlgId.AES:
            case TpmAlgId.CAMELLIA:
            case TpmAlgId.TDES:
                break;
            case TpmAlgId.NULL:
                if (allowNull) {
                    return NULL;
                }
                throw new TpmRcException(TpmRc.SYMMETRIC);
            default:
                throw new TpmRcException(TpmRc.SYMMETRIC);
        }
        int keyBits = reader.readU16();
        if (!isKeySize(algorithm, keyBits)) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return new TpmtSymDefObject(algorithm, keyBits, unmarshalMode(reader));
    }

    /** The key sizes libtpms 0.9 accepts for a block cipher of TPMT_SYM_DEF(_OBJECT). */
    public static boolean isKeySize(int algorithm, int keyBits) {
        if (algorithm == TpmAlgId.TDES) {
            return keyBits == 128 || keyBits == 192;
        }
        return keyBits == 128 || keyBits == 256;
    }

    /** TPMI_ALG_SYM_MODE+ (Part 2 §9.35): the mode union of a block cipher, else TPM_RC_MODE. */
    public static int unmarshalMode(TpmReader reader) {
        int mode = reader.readU16();
        switch (mode) {
            case TpmAlgId.CTR:
            case TpmAlgId.OFB:
            case TpmAlgId.CBC:
            case TpmAlgId.CFB:
            case TpmAlgId.ECB:
            case TpmAlgId.CMAC:
            case TpmAlgId.NULL:
                return mode;
            default:
                throw new TpmRcException(TpmRc.MODE);
        }
    }

    public void marshal(TpmWriter writer) {
        writer.writeU16(algorithm);
        if (algorithm != TpmAlgId.NULL) {
            writer.writeU16(keyBits).writeU16(mode);
        }
    }
}
