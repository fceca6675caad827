package org.swtpmjava.tpm.tpm2.command.policy;

import java.security.MessageDigest;
import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.command.nv.NvAccess;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.session.EntityName;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmiAlgHash;

/**
 * TPM2_PolicyAuthorizeNV (Part 3 §23.22): the policy digest must be the TPMT_HA stored at the
 * start of an NV index (read with authHandle's authorization). A real session reads the index
 * after NvReadAccessChecks as TPMT_HA from at most sizeof(TPMT_HA) bytes (unnumbered
 * TPM_RC_HASH / TPM_RC_INSUFFICIENT as the unmarshaller answers), needs the session's hash
 * (TPM_RC_HASH) and digest (TPM_RC_VALUE); then the digest is reset and extended with the
 * index's Name.
 */
public final class PolicyAuthorizeNv implements TpmCommand<PolicyAuthorizeNv.In> {
    private static final int CODE = 0x192;
    /** sizeof(TPMT_HA): the hash algorithm and the largest digest. */
    private static final int TPMT_HA_SIZE = 2 + Hashes.MAX_DIGEST_SIZE;

    public record In(int authHandle, int nvIndex, int policySession) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.handle(1), arguments.handle(2));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AuthSession session = context.state().session(in.policySession());
        if (!session.isTrial()) {
            NvIndices.Index index = NvAccess.index(context, in.nvIndex());
            NvAccess.checkRead(in.authHandle(), index);
            byte[] stored = Arrays.copyOf(index.data(), Math.min(index.publicArea().dataSize(), TPMT_HA_SIZE));
            TpmReader reader = new TpmReader(stored);
            int hashAlg = TpmiAlgHash.unmarshal(reader, false);
            byte[] digest = reader.readBytes(Hashes.digestSize(hashAlg));
            if (hashAlg != session.authHashAlg()) {
                throw new TpmRcException(TpmRc.HASH);
            }
            if (!MessageDigest.isEqual(digest, session.policyDigest())) {
                throw new TpmRcException(TpmRc.VALUE);
            }
        }
        session.setPolicyDigest(new byte[Hashes.digestSize(session.authHashAlg())]);
        PolicyDigest.extend(session, CODE, EntityName.of(in.nvIndex(), context.state()));
        return CommandOutput.NONE;
    }
}
