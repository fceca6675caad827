package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMS_RSA_PARMS (Part 2 §12.2.3.5). TPMI_RSA_KEY_BITS is 1024, 2048 or 3072 in libtpms 0.9
 * (4096 needs a later state format level), else TPM_RC_VALUE. The exponent is a plain UINT32
 * when unmarshalled; whether it is usable is decided only when a key is created.
 *
 * @param symmetric TPMT_SYM_DEF_OBJECT+
 * @param scheme    TPMT_RSA_SCHEME+
 * @param keyBits   TPMI_RSA_KEY_BITS
 * @param exponent  0 means 2^16 + 1
 */
public record TpmsRsaParms(TpmtSymDefObject symmetric, TpmtAsymScheme scheme, int keyBits, int exponent)
        implements TpmuPublicParms {

    public static TpmsRsaParms unmarshal(TpmReader reader) {
        TpmtSymDefObject symmetric = TpmtSymDefObject.unmarshal(reader, true);
        TpmtAsymScheme scheme = TpmtAsymScheme.unmarshalRsa(reader, true);
        int keyBits = reader.readU16();
        if (keyBits != 1024 && keyBits != 2048 && keyBits != 3072) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return new TpmsRsaParms(symmetric, scheme, keyBits, reader.readU32());
    }

    @Override
    public int type() {
        return TpmAlgId.RSA;
    }

    @Override
    public void marshal(TpmWriter writer) {
        symmetric.marshal(writer);
        scheme.marshal(writer);
        writer.writeU16(keyBits).writeU32(exponent);
    }
}
