package org.swtpmjava.tpm.tpm2.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.util.encoders.Hex;
import org.swtpmjava.tpm.tpm2.types.TpmEccCurve;

/**
 * Domain parameters of the TPM curves (TPM_ECC_CURVE ids) from Bouncy Castle's named curves;
 * the Barreto-Naehrig curves BN P-256 and BN P-638 (ISO/IEC 15946-5, TCG Algorithm Registry) are
 * not among them and are built here from their published parameters (a = 0; b = 3, G = (1, 2)
 * and b = 257, G = (p - 1, 16)).
 */
public final class EccCurves {
    private static final ECDomainParameters BN_P256 = barretoNaehrig(
            "FFFFFFFFFFFCF0CD46E5F25EEE71A49F0CDC65FB12980A82D3292DDBAED33013",
            "FFFFFFFFFFFCF0CD46E5F25EEE71A49E0CDC65FB1299921AF62D536CD10B500D", 3, BigInteger.ONE,
            BigInteger.TWO);
    private static final String BN_P638_PRIME = "23FFFFFDC000000D7FFFFFB8000001D3FFFFF942D000165E3FFF94870000D52F"
            + "FFFDD0E00008DE55C00086520021E55BFFFFF51FFFF4EB800000004C80015ACD"
            + "FFFFFFFFFFFFECE00000000000000067";
    private static final ECDomainParameters BN_P638 = barretoNaehrig(BN_P638_PRIME,
            "23FFFFFDC000000D7FFFFFB8000001D3FFFFF942D000165E3FFF94870000D52F"
                    + "FFFDD0E00008DE55600086550021E555FFFFF54FFFF4EAC000000049800154D9"
                    + "FFFFFFFFFFFFEDA00000000000000061",
            0x101, new BigInteger(1, Hex.decode(BN_P638_PRIME)).subtract(BigInteger.ONE), BigInteger.valueOf(16));

    private EccCurves() {
    }

    /** The domain parameters, or null for a curve this engine cannot compute with. */
    public static ECDomainParameters of(int curveId) {
        switch (curveId) {
            case TpmEccCurve.NIST_P192:
                return nist("P-192");
            case TpmEccCurve.NIST_P224:
                return nist("P-224");
            case TpmEccCurve.NIST_P256:
                return nist("P-256");
            case TpmEccCurve.NIST_P384:
                return nist("P-384");
            case TpmEccCurve.NIST_P521:
                return nist("P-521");
            case TpmEccCurve.BN_P256:
                return BN_P256;
            case TpmEccCurve.BN_P638:
                return BN_P638;
            case TpmEccCurve.SM2_P256:
                X9ECParameters sm2 = GMNamedCurves.getByName("sm2p256v1");
                return new ECDomainParameters(sm2.getCurve(), sm2.getG(), sm2.getN(), sm2.getH());
            default:
                return null;
        }
    }

    /** The byte size of the order, which is also the size of each coordinate in a TPMS_ECC_POINT. */
    public static int orderBytes(ECDomainParameters domain) {
        return (domain.getN().bitLength() + 7) / 8;
    }

    private static ECDomainParameters nist(String name) {
        X9ECParameters parameters = NISTNamedCurves.getByName(name);
        return new ECDomainParameters(parameters.getCurve(), parameters.getG(), parameters.getN(), parameters.getH());
    }

    /** A curve y^2 = x^3 + b over F_p of prime order n (cofactor 1) with generator (gx, gy). */
    private static ECDomainParameters barretoNaehrig(String prime, String order, int b, BigInteger gx, BigInteger gy) {
        BigInteger p = new BigInteger(1, Hex.decode(prime));
        BigInteger n = new BigInteger(1, Hex.decode(order));
        ECCurve curve = new ECCurve.Fp(p, BigInteger.ZERO, BigInteger.valueOf(b), n, BigInteger.ONE);
        return new ECDomainParameters(curve, curve.createPoint(gx, gy), n, BigInteger.ONE);
    }
}
