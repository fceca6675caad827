package org.swtpmjava.tpm.tpm2.command.asymmetric;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
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

/**
 * TPM2_ECDH_KeyGen (Part 3 §14.4): an ephemeral key pair (d, Q = [d]G) on the curve of a loaded
 * ECC key (any attributes, no authorization) and Z = [d]Q_key; d is discarded. libtpms draws d
 * from OpenSSL's generator (CryptEccNewKeyPair without a DRBG state), so the outputs are random
 * here too (a SecureRandom); a public key not on its curve is TPM_RC_KEY.
 */
public final class EcdhKeyGen implements TpmCommand<Integer> {
    private final SecureRandom random = new SecureRandom();

    @Override
    public Integer unmarshal(CommandArguments arguments) {
        return arguments.handle(0);
    }

    @Override
    public CommandOutput execute(Integer keyHandle, CommandContext context) {
        LoadedObject key = context.state().objects().object(keyHandle);
        if (!EccKey.isEcc(key)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.KEY, 1));
        }
        ECDomainParameters domain = EccKey.domain(key);
        context.state().selfTests().test(TpmAlgId.ECDH);
        byte[] qx = key.publicArea().unique().first();
        byte[] qy = key.publicArea().unique().second();
        if (!EccPoints.isOnCurve(domain, qx, qy)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.KEY, 1));
        }
        ECPoint keyPoint = EccPoints.point(domain, qx, qy);
        while (true) {
            BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, domain.getN().subtract(BigInteger.ONE),
                    random);
            ECPoint z = EccPoints.multiply(keyPoint, d);
            if (z == null) {
                continue;
            }
            EccPointParameter zPoint = EccPointParameter.of(EccPoints.encode(domain, z));
            EccPointParameter pubPoint = EccPointParameter.of(EccPoints.encode(domain,
                    EccPoints.multiplyBase(domain, d)));
            return writer -> {
                zPoint.marshal(writer);
                pubPoint.marshal(writer);
            };
        }
    }
}
