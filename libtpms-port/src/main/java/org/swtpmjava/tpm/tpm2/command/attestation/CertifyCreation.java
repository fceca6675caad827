package org.swtpmjava.tpm.tpm2.command.attestation;

import java.security.MessageDigest;
import java.security.SecureRandom;
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
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmtSigScheme;

/**
 * TPM2_CertifyCreation (Part 3 §18.3): TPMS_CREATION_INFO for an object whose creation ticket
 * (TicketComputeCreation: HMAC-SHA512 with the ticket hierarchy's proof over TPM_ST_CREATION ||
 * Name || creationHash) the TPM recomputes; a mismatch is TPM_RC_TICKET.
 */
public final class CertifyCreation implements TpmCommand<CertifyCreation.In> {
    /** TPM_ST_ATTEST_CREATION. */
    private static final int ST_ATTEST_CREATION = 0x801A;
    /** TPM_ST_CREATION. */
    private static final int ST_CREATION = 0x8021;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param signHandle        TPMI_DH_OBJECT+
     * @param objectHandle      TPMI_DH_OBJECT
     * @param qualifyingData    TPM2B_DATA
     * @param creationHash      TPM2B_DIGEST
     * @param inScheme          TPMT_SIG_SCHEME+
     * @param ticketHierarchy   TPMT_TK_CREATION.hierarchy
     * @param ticketDigest      TPMT_TK_CREATION.digest
     */
    public record In(int signHandle, int objectHandle, byte[] qualifyingData, byte[] creationHash,
                     TpmtSigScheme inScheme, int ticketHierarchy, byte[] ticketDigest) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] data = arguments.parameters().next(AttestParameters::readData);
        byte[] creationHash = arguments.parameters().next(reader -> reader.readSized(Hashes.MAX_DIGEST_SIZE));
        TpmtSigScheme scheme = arguments.parameters().next(reader -> TpmtSigScheme.unmarshal(reader, true));
        Object[] ticket = arguments.parameters().next(CertifyCreation::readCreationTicket);
        return new In(arguments.handle(0), arguments.handle(1), data, creationHash, scheme, (Integer) ticket[0],
                (byte[]) ticket[1]);
    }

    /** TPMT_TK_CREATION: a tag other than TPM_ST_CREATION is TPM_RC_TAG; TPMI_RH_HIERARCHY+; TPM2B_DIGEST. */
    private static Object[] readCreationTicket(TpmReader reader) {
        if (reader.readU16() != ST_CREATION) {
            throw new TpmRcException(TpmRc.TAG);
        }
        int hierarchy = HashCheckTicket.readHierarchy(reader);
        return new Object[] {hierarchy, reader.readSized(Hashes.MAX_DIGEST_SIZE)};
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AttestSigner signer = AttestSigner.select(context, in.signHandle(), in.inScheme(), 1, 3);
        byte[] name = Certify.nameOf(context.state().objects().object(in.objectHandle()));
        byte[] tag = new TpmWriter(2).writeU16(ST_CREATION).toByteArray();
        byte[] expected = Hmacs.hmac(TpmAlgId.SHA512, HierarchyProof.of(context.state(), in.ticketHierarchy()), tag,
                name, in.creationHash());
        if (!MessageDigest.isEqual(expected, in.ticketDigest())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.TICKET, 4));
        }
        TpmsAttest attest = TpmsAttest.fill(context, signer, in.qualifyingData());
        byte[] info = new TpmWriter(140).writeSized(name).writeSized(in.creationHash()).toByteArray();
        return attest.sign(context, random, ST_ATTEST_CREATION, info);
    }
}
