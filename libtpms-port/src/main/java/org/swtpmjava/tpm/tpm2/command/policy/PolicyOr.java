package org.swtpmjava.tpm.tpm2.command.policy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_PolicyOR (Part 3 §23.6): the current digest must be one of the 2-8 digests of pHashList
 * (any digest in a trial session), else TPM_RC_VALUE (parameter 1); the digest becomes
 * H(zero digest || TPM_CC_PolicyOR || all digests of the list), their sizes not included.
 */
public final class PolicyOr implements TpmCommand<PolicyOr.In> {
    private static final int CODE = 0x171;

    /**
     * @param policySession TPMI_SH_POLICY
     * @param hashList      TPML_DIGEST
     */
    public record In(int policySession, List<byte[]> hashList) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.parameters().next(PolicyOr::readDigestList));
    }

    /** TPML_DIGEST as libtpms reads it: fewer than 2 or more than 8 digests are TPM_RC_SIZE. */
    static List<byte[]> readDigestList(TpmReader reader) {
        int count = reader.readU32();
        if (Integer.compareUnsigned(count, 2) < 0 || Integer.compareUnsigned(count, 8) > 0) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        List<byte[]> digests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            digests.add(reader.readSized(Hashes.MAX_DIGEST_SIZE));
        }
        return digests;
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AuthSession session = context.state().session(in.policySession());
        byte[] current = session.policyDigest();
        boolean match = session.isTrial();
        for (byte[] digest : in.hashList()) {
            match |= MessageDigest.isEqual(digest, current);
        }
        if (!match) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
        }
        byte[][] parts = new byte[in.hashList().size() + 2][];
        parts[0] = new byte[Hashes.digestSize(session.authHashAlg())];
        parts[1] = ByteBuffer.allocate(4).putInt(CODE).array();
        for (int i = 0; i < in.hashList().size(); i++) {
            parts[i + 2] = in.hashList().get(i);
        }
        session.setPolicyDigest(Hashes.digest(session.authHashAlg(), parts));
        return CommandOutput.NONE;
    }
}
