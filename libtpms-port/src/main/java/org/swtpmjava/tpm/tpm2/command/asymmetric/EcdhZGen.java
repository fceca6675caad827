package org.swtpmjava.tpm.tpm2.command.asymmetric;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.swtpmjava.tpm.tpm2.crypto.EccPoints;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;

/**
 * TPM2_ECDH_ZGen (Part 3 §14.5): Z = [d]P for the private key d of a loaded unrestricted ECC
 * decryption key whose scheme is ECDH or TPM_ALG_NULL (else TPM_RC_SCHEME on the handle). A point
 * off the key's curve is TPM_RC_ECC_POINT on inPoint.
 */
public final class EcdhZGen implements TpmCommand<EcdhZGen.In> {

    /**
     * @param keyHandle TPMI_DH_OBJECT
     * @param inPoint   TPM2B_ECC_POINT
     */
    public record In(int keyHandle, EccPointParameter inPoint) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.parameters().next(EccPointParameter::unmarshal));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        LoadedObject key = context.state().objects().object(in.keyHandle());
        if (!EccKey.isEcc(key)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.KEY, 1));
        }
        if (key.has(TpmaObject.RESTRICTED)
                || !key.has(TpmaObject.DECRYPT)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 1));
        }
        int scheme = EccKey.parameters(key).scheme().scheme();
        if (scheme != TpmAlgId.ECDH && scheme != TpmAlgId.NULL) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.SCHEME, 1));
        }
        ECDomainParameters domain = EccKey.domain(key);
        context.state().selfTests().test(TpmAlgId.ECDH);
        EccPointParameter point = in.inPoint();
        if (!EccPoints.isOnCurve(domain, point.x(), point.y())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.ECC_POINT, 1));
        }
        ECPoint z = EccPoints.multiply(EccPoints.point(domain, point.x(), point.y()),
                new BigInteger(1, key.sensitive()));
        if (z == null) {
            throw new TpmRcException(TpmRc.NO_RESULT);
        }
        EccPointParameter outPoint = EccPointParameter.of(EccPoints.encode(domain, z));
        return outPoint::marshal;
    }
}
