package org.swtpmjava.tpm.tpm2.command.asymmetric;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.swtpmjava.tpm.tpm2.crypto.EccCurves;
import org.swtpmjava.tpm.tpm2.crypto.EccPoints;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmEccCurve;

/**
 * TPM2_ECC_Parameters (Part 3 §14.7): TPMS_ALGORITHM_DETAIL_ECC of an implemented curve (any
 * other is TPM_RC_CURVE when read). As libtpms' CryptEccGetParameters fills it: keySize in bits;
 * the KDF of its curve table (KDF1_SP800_56A with SHA-256, -256, -256, -384, -512 for NIST
 * P-192 ... P-521, SM3-256 for SM2 P-256, none for the BN curves) and no sign scheme; p in as few
 * octets as it needs; a, b, gX and gY padded to p's length (a zero a as the single octet 0); n and
 * h in as few octets as they need.
 */
public final class EccParameters implements TpmCommand<Integer> {

    @Override
    public Integer unmarshal(CommandArguments arguments) {
        return arguments.parameters().next(TpmEccCurve::unmarshal);
    }

    @Override
    public CommandOutput execute(Integer curveId, CommandContext context) {
        ECDomainParameters domain = EccCurves.of(curveId);
        return writer -> {
            writer.writeU16(curveId).writeU16(keyBits(curveId));
            writeKdf(writer, curveId);
            writer.writeU16(TpmAlgId.NULL);
            BigInteger p = EccPoints.prime(domain);
            byte[] prime = EccPoints.minimal(p);
            ECPoint g = domain.getG().normalize();
            writer.writeSized(prime);
            writer.writeSized(EccPoints.fixed(prime.length, domain.getCurve().getA().toBigInteger()));
            writer.writeSized(EccPoints.fixed(prime.length, domain.getCurve().getB().toBigInteger()));
            writer.writeSized(EccPoints.fixed(prime.length, g.getAffineXCoord().toBigInteger()));
            writer.writeSized(EccPoints.fixed(prime.length, g.getAffineYCoord().toBigInteger()));
            writer.writeSized(EccPoints.minimal(domain.getN()));
            writer.writeSized(EccPoints.minimal(domain.getH()));
        };
    }

    private static int keyBits(int curveId) {
        switch (curveId) {
            case TpmEccCurve.NIST_P192:
                return 192;
            case TpmEccCurve.NIST_P224:
                return 224;
            case TpmEccCurve.NIST_P384:
                return 384;
            case TpmEccCurve.NIST_P521:
                return 521;
            case TpmEccCurve.BN_P638:
                return 638;
            default:
                return 256;
        }
    }

    /** TPMT_KDF_SCHEME of the curve table. */
    private static void writeKdf(TpmWriter writer, int curveId) {
        int hash;
        switch (curveId) {
            case TpmEccCurve.BN_P256:
            case TpmEccCurve.BN_P638:
                writer.writeU16(TpmAlgId.NULL);
                return;
            case TpmEccCurve.NIST_P384:
                hash = TpmAlgId.SHA384;
                break;
            case TpmEccCurve.NIST_P521:
                hash = TpmAlgId.SHA512;
                break;
            case TpmEccCurve.SM2_P256:
                hash = TpmAlgId.SM3_256;
                break;
            default:
                hash = TpmAlgId.SHA256;
                break;
        }
        writer.writeU16(TpmAlgId.KDF1_SP800_56A).writeU16(hash);
    }
}
