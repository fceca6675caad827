package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMS_ECC_PARMS (Part 2 §12.2.3.6). Only the unmarshallers' checks apply here; whether a
 * scheme suits the key's use (sign/decrypt) or a KDF is allowed is checked when a key is
 * created (PublicAttributesValidation), not by TPM2_TestParms in libtpms 0.9.
 *
 * @param symmetric TPMT_SYM_DEF_OBJECT+
 * @param scheme    TPMT_ECC_SCHEME+
 * @param curveId   TPMI_ECC_CURVE
 * @param kdf       TPMT_KDF_SCHEME+
 */
public record TpmsEccParms(TpmtSymDefObject symmetric, TpmtAsymScheme scheme, int curveId, TpmtKdfScheme kdf)
        implements TpmuPublicParms {

    public static TpmsEccParms unmarshal(TpmReader reader) {
        TpmtSymDefObject symmetric = TpmtSymDefObject.unmarshal(reader, true);
        TpmtAsymScheme scheme = TpmtAsymScheme.unmarshalEcc(reader, true);
        int curveId = TpmEccCurve.unmarshal(reader);
        return new TpmsEccParms(symmetric, scheme, curveId, TpmtKdfScheme.unmarshal(reader, true));
    }

    @Override
    public int type() {
        return TpmAlgId.ECC;
    }

    @Override
    public void marshal(TpmWriter writer) {
        symmetric.marshal(writer);
        scheme.marshal(writer);
        writer.writeU16(curveId);
        kdf.marshal(writer);
    }
}
