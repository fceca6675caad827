package org.swtpmjava.tpm.tpm2.command.policy;

import java.security.MessageDigest;
import org.swtpmjava.tpm.tpm2.command.hash.HashCheckTicket;
import org.swtpmjava.tpm.tpm2.command.hierarchy.HierarchyProof;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.Hmacs;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.session.EntityName;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_PolicyAuthorize (Part 3 §23.16): replaces an approved policy by H(keySign's Name, policyRef).
 * keySign's nameAlg (its first two bytes) must be an implemented hash (TPM_RC_HASH) and the Name
 * that hash's size (TPM_RC_SIZE), both parameter 3, in a trial session too. A real session's digest
 * must be approvedPolicy (TPM_RC_VALUE, parameter 1) and checkTicket the TPM_ST_VERIFIED ticket
 * VerifySignature gave for aHash = H_nameAlg(approvedPolicy || policyRef) and keySign (TPM_RC_VALUE,
 * parameter 4). The digest restarts from zero and is extended as PolicyContextUpdate does.
 */
public final class PolicyAuthorize implements TpmCommand<PolicyAuthorize.In> {
    private static final int CODE = 0x16A;
    private static final int ST_VERIFIED = 0x8022;

    /** TPMT_TK_VERIFIED. */
    record VerifiedTicket(int hierarchy, byte[] digest) {
        VerifiedTicket {
            digest = digest.clone();
        }

        @Override
        public byte[] digest() {
            return digest.clone();
        }

        /** TPMT_TK_VERIFIED_Unmarshal: a tag other than TPM_ST_VERIFIED is TPM_RC_TAG. */
        static VerifiedTicket unmarshal(TpmReader reader) {
            if (reader.readU16() != ST_VERIFIED) {
                throw new TpmRcException(TpmRc.TAG);
            }
            int hierarchy = HashCheckTicket.readHierarchy(reader);
            return new VerifiedTicket(hierarchy, reader.readSized(Hashes.MAX_DIGEST_SIZE));
        }
    }

    /**
     * @param policySession  TPMI_SH_POLICY
     * @param approvedPolicy TPM2B_DIGEST
     * @param policyRef      TPM2B_NONCE
     * @param keySign        TPM2B_NAME
     * @param checkTicket    TPMT_TK_VERIFIED
     */
    public record In(int policySession, byte[] approvedPolicy, byte[] policyRef, byte[] keySign,
                     VerifiedTicket checkTicket) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] approved = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        byte[] policyRef = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        byte[] keySign = arguments.parameters().next(reader -> reader.readSized(EntityName.MAX_NAME_SIZE));
        VerifiedTicket ticket = arguments.parameters().next(VerifiedTicket::unmarshal);
        return new In(arguments.handle(0), approved, policyRef, keySign, ticket);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        TpmState state = context.state();
        AuthSession session = state.session(in.policySession());
        byte[] keySign = in.keySign();
        // libtpms reads the algorithm from the Name's buffer whatever its size: for a Name shorter
        // than two bytes it reads stale bytes (TPM_RC_HASH or TPM_RC_SIZE depending on them); the
        // engine answers TPM_RC_HASH.
        int hashAlg = keySign.length >= 2 ? ((keySign[0] & 0xFF) << 8) | (keySign[1] & 0xFF) : TpmAlgId.NULL;
        if (!Hashes.isImplemented(hashAlg)) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.HASH, 3));
        }
        if (Hashes.digestSize(hashAlg) != keySign.length - 2) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, 3));
        }
        if (!session.isTrial()) {
            if (!MessageDigest.isEqual(session.policyDigest(), in.approvedPolicy())) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 1));
            }
            byte[] aHash = Hashes.digest(hashAlg, in.approvedPolicy(), in.policyRef());
            byte[] tag = new TpmWriter(2).writeU16(ST_VERIFIED).toByteArray();
            byte[] expected = Hmacs.hmac(TpmAlgId.SHA512, HierarchyProof.of(state, in.checkTicket().hierarchy()),
                    tag, aHash, keySign);
            if (!MessageDigest.isEqual(expected, in.checkTicket().digest())) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 4));
            }
        }
        AuthorizationAssertion.clearDigest(session);
        AuthorizationAssertion.update(session, CODE, keySign, in.policyRef(), null, 0);
        return CommandOutput.NONE;
    }
}
