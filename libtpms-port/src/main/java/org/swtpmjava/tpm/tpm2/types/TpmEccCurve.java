package org.swtpmjava.tpm.tpm2.types;

import java.util.List;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/**
 * TPM_ECC_CURVE values (Part 2 §6.4) and TPMI_ECC_CURVE (§11.2.5.5): the curves libtpms 0.9
 * builds (TPM_CAP_ECC_CURVES lists the same eight); any other value is TPM_RC_CURVE.
 */
public final class TpmEccCurve {
    public static final int NIST_P192 = 0x0001;
    public static final int NIST_P224 = 0x0002;
    public static final int NIST_P256 = 0x0003;
    public static final int NIST_P384 = 0x0004;
    public static final int NIST_P521 = 0x0005;
    public static final int BN_P256 = 0x0010;
    public static final int BN_P638 = 0x0011;
    public static final int SM2_P256 = 0x0020;

    /** In TPM_ECC_CURVE order. */
    public static final List<Integer> IMPLEMENTED =
            List.of(NIST_P192, NIST_P224, NIST_P256, NIST_P384, NIST_P521, BN_P256, BN_P638, SM2_P256);

    private TpmEccCurve() {
    }

    public static int unmarshal(TpmReader reader) {
        int curve = reader.readU16();
        if (!IMPLEMENTED.contains(curve)) {
            throw new TpmRcException(TpmRc.CURVE);
        }
        return curve;
    }
}
