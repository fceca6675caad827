package org.swtpmjava.tpm.tpm2.command.asymmetric;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.swtpmjava.tpm.tpm2.crypto.EccPoints;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsSensitiveCreate;
import org.swtpmjava.tpm.tpm2.types.TpmuPublicId;

/**
 * TPM2_Commit (Part 3 §19.2), the first phase of an ECDAA signature: for a loaded ECC key whose
 * scheme is ECDAA (else TPM_RC_SCHEME on the handle), with r the commit value of the current count
 * and the key's Name, E = [r]P1 when P1 is given (a TPM2B_ECC_POINT of more than two empty
 * coordinates), E = [r]G when neither P1 nor s2 is; with s2 and y2, P2 = (H_nameAlg(s2) mod p, y2)
 * and K = [d]P2, L = [r]P2. s2 without y2 or y2 without s2 is TPM_RC_SIZE on y2; P2 or P1 off the
 * curve is TPM_RC_ECC_POINT on s2 or P1. On success the count is committed and its low 16 bits
 * returned; TPM2_Sign with the ECDAA scheme and that count then uses r once.
 */
public final class Commit implements TpmCommand<Commit.In> {
    /** An "empty" TPMS_ECC_POINT: two zero-sized coordinates. */
    private static final int EMPTY_POINT_SIZE = 4;

    /**
     * @param signHandle TPMI_DH_OBJECT
     * @param p1         TPM2B_ECC_POINT
     * @param s2         TPM2B_SENSITIVE_DATA
     * @param y2         TPM2B_ECC_PARAMETER
     */
    public record In(int signHandle, EccPointParameter p1, byte[] s2, byte[] y2) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        EccPointParameter p1 = arguments.parameters().next(EccPointParameter::unmarshal);
        byte[] s2 = arguments.parameters().next(reader -> reader.readSized(TpmsSensitiveCreate.MAX_DATA));
        byte[] y2 = arguments.parameters().next(reader -> reader.readSized(TpmuPublicId.MAX_ECC_KEY_BYTES));
        return new In(arguments.handle(0), p1, s2, y2);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        LoadedObject key = context.state().objects().object(in.signHandle());
        if (!EccKey.isEcc(key)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.KEY, 1));
        }
        if (EccKey.parameters(key).scheme().scheme() != TpmAlgId.ECDAA) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.SCHEME, 1));
        }
        if ((in.s2().length == 0) != (in.y2().length == 0)) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 3));
        }
        ECDomainParameters domain = EccKey.domain(key);
        BigInteger r = EcdaaCommits.currentR(context.state(), domain, key.name());
        if (r == null) {
            throw new TpmRcException(TpmRc.NO_RESULT);
        }
        ECPoint p2 = null;
        if (in.s2().length != 0) {
            BigInteger prime = EccPoints.prime(domain);
            byte[] x2 = EccPoints.fixed(EccPoints.minimal(prime).length,
                    new BigInteger(1, Hashes.digest(key.publicArea().nameAlg(), in.s2())).mod(prime));
            if (!EccPoints.isOnCurve(domain, x2, in.y2())) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.ECC_POINT, 2));
            }
            p2 = EccPoints.point(domain, x2, in.y2());
        }
        ECPoint p1 = null;
        if (in.p1().encodedSize() > EMPTY_POINT_SIZE) {
            if (!EccPoints.isOnCurve(domain, in.p1().x(), in.p1().y())) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.ECC_POINT, 1));
            }
            p1 = EccPoints.point(domain, in.p1().x(), in.p1().y());
        }
        context.state().selfTests().test(TpmAlgId.ECDH);
        EccPointParameter k = EccPointParameter.EMPTY;
        EccPointParameter l = EccPointParameter.EMPTY;
        EccPointParameter e = EccPointParameter.EMPTY;
        if (p2 != null) {
            k = encoded(domain, EccPoints.multiply(p2, new BigInteger(1, key.sensitive())));
            l = encoded(domain, EccPoints.multiply(p2, r));
        }
        if (p1 != null || p2 == null) {
            e = encoded(domain, EccPoints.multiply(p1 != null ? p1 : domain.getG(), r));
        }
        int counter = EcdaaCommits.commit(context.state());
        EccPointParameter outK = k;
        EccPointParameter outL = l;
        EccPointParameter outE = e;
        return writer -> {
            outK.marshal(writer);
            outL.marshal(writer);
            outE.marshal(writer);
            writer.writeU16(counter);
        };
    }

    private static EccPointParameter encoded(ECDomainParameters domain, ECPoint point) {
        if (point == null) {
            throw new TpmRcException(TpmRc.NO_RESULT);
        }
        return EccPointParameter.of(EccPoints.encode(domain, point));
    }
}
