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
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmEccCurve;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_EC_Ephemeral (Part 3 §19.3): Q = [r]G for the commit value r of the current commit count
 * (no key Name in its derivation), then commits that count and returns its low 16 bits, for a
 * later TPM2_ZGen_2Phase. r comes from commitNonce, so with the same TPM Reset state the output
 * equals libtpms'.
 */
public final class EcEphemeral implements TpmCommand<Integer> {

    @Override
    public Integer unmarshal(CommandArguments arguments) {
        return arguments.parameters().next(TpmEccCurve::unmarshal);
    }

    @Override
    public CommandOutput execute(Integer curveId, CommandContext context) {
        ECDomainParameters domain = EccCurves.of(curveId);
        while (true) {
            BigInteger r = EcdaaCommits.currentR(context.state(), domain, new byte[0]);
            if (r == null) {
                throw new TpmRcException(TpmRc.NO_RESULT);
            }
            context.state().selfTests().test(TpmAlgId.ECDH);
            ECPoint q = EccPoints.multiplyBase(domain, r);
            // the count is committed even for a point at infinity, so that r is skipped
            int counter = EcdaaCommits.commit(context.state());
            if (q != null) {
                EccPointParameter point = EccPointParameter.of(EccPoints.encode(domain, q));
                return writer -> {
                    point.marshal(writer);
                    writer.writeU16(counter);
                };
            }
        }
    }
}
