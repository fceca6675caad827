package org.swtpmjava.tpm.tpm2.command.asymmetric;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.swtpmjava.tpm.tpm2.crypto.EccPoints;
import org.swtpmjava.tpm.tpm2.crypto.TwoPhaseKeyExchange;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ParameterReader;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;

/**
 * TPM2_ZGen_2Phase (Part 3 §14.7): a two-phase key exchange with keyA, an unrestricted ECC
 * decryption key (else TPM_RC_KEY / TPM_RC_ATTRIBUTES on the handle), and the ephemeral key r
 * that TPM2_EC_Ephemeral committed under {@code counter}. The scheme is the key's, or the caller's
 * if the key has none (a different or no scheme: TPM_RC_SCHEME on inScheme); both of party B's
 * points must be on keyA's curve (TPM_RC_ECC_POINT on inQsB, then inQeB); the counter must name
 * a live commitment (TPM_RC_VALUE on counter), which a success ends. The exchange itself is
 * {@link TwoPhaseKeyExchange}, with libtpms 0.9.2's results and failures.
 */
public final class ZGen2Phase implements TpmCommand<ZGen2Phase.In> {
    private static final int IN_QS_B = 1;
    private static final int IN_QE_B = 2;
    private static final int IN_SCHEME = 3;
    private static final int COUNTER = 4;

    /**
     * @param keyA     TPMI_DH_OBJECT
     * @param inQsB    TPM2B_ECC_POINT
     * @param inQeB    TPM2B_ECC_POINT
     * @param inScheme TPMI_ECC_KEY_EXCHANGE (ECDH, ECMQV or SM2; TPM_ALG_NULL is not allowed)
     * @param counter  UINT16
     */
    public record In(int keyA, EccPointParameter inQsB, EccPointParameter inQeB, int inScheme, int counter) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        ParameterReader parameters = arguments.parameters();
        return new In(arguments.handle(0), parameters.next(EccPointParameter::unmarshal),
                parameters.next(EccPointParameter::unmarshal), parameters.next(ZGen2Phase::keyExchangeScheme),
                parameters.next(TpmReader::readU16));
    }

    /** TPMI_ECC_KEY_EXCHANGE_Unmarshal without allowNull. */
    private static int keyExchangeScheme(TpmReader reader) {
        int scheme = reader.readU16();
        if (scheme != TpmAlgId.ECDH && scheme != TpmAlgId.ECMQV && scheme != TpmAlgId.SM2) {
            throw new TpmRcException(TpmRc.SCHEME);
        }
        return scheme;
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        LoadedObject key = context.state().objects().object(in.keyA());
        if (!EccKey.isEcc(key)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.KEY, 1));
        }
        if (key.has(TpmaObject.RESTRICTED) || !key.has(TpmaObject.DECRYPT)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 1));
        }
        int scheme = EccKey.parameters(key).scheme().scheme();
        if (scheme == TpmAlgId.NULL) {
            scheme = in.inScheme();
        } else if (scheme != in.inScheme()) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SCHEME, IN_SCHEME));
        }
        ECDomainParameters domain = EccKey.domain(key);
        EccPointParameter qsB = in.inQsB();
        EccPointParameter qeB = in.inQeB();
        if (!EccPoints.isOnCurve(domain, qsB.x(), qsB.y())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.ECC_POINT, IN_QS_B));
        }
        if (!EccPoints.isOnCurve(domain, qeB.x(), qeB.y())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.ECC_POINT, IN_QE_B));
        }
        // CryptGenerateR without a Name, as EC_Ephemeral derived it
        BigInteger r = EcdaaCommits.committedR(context.state(), in.counter(), domain, new byte[0]);
        if (r == null) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, COUNTER));
        }
        TwoPhaseKeyExchange.Result result = exchange(context, scheme, domain, key, qsB, qeB, r);
        if (result == null) {
            throw new TpmRcException(TpmRc.NO_RESULT);
        }
        EcdaaCommits.end(context.state(), in.counter());
        EccPointParameter outZ1 = EccPointParameter.of(EccPoints.encode(domain, result.z1()));
        EccPointParameter outZ2 = result.z2() == null ? EccPointParameter.EMPTY
                : EccPointParameter.of(EccPoints.encode(domain, result.z2()));
        return writer -> {
            outZ1.marshal(writer);
            outZ2.marshal(writer);
        };
    }

    private static TwoPhaseKeyExchange.Result exchange(CommandContext context, int scheme, ECDomainParameters domain,
                                                      LoadedObject key, EccPointParameter qsB, EccPointParameter qeB,
                                                      BigInteger r) {
        BigInteger dsA = new BigInteger(1, key.sensitive());
        if (scheme == TpmAlgId.SM2) {
            return TwoPhaseKeyExchange.sm2(domain, EccPoints.point(domain, qsB.x(), qsB.y()),
                    EccPoints.point(domain, qeB.x(), qeB.y()), new BigInteger(1, qeB.x()), dsA, r);
        }
        // ECDH and ECMQV multiply with BnPointMult, which runs the ECDH self-test
        context.state().selfTests().test(TpmAlgId.ECDH);
        if (scheme == TpmAlgId.ECMQV) {
            return TwoPhaseKeyExchange.ecmqv();
        }
        return TwoPhaseKeyExchange.ecdh(EccPoints.point(domain, qsB.x(), qsB.y()),
                EccPoints.point(domain, qeB.x(), qeB.y()), dsA, r);
    }
}
