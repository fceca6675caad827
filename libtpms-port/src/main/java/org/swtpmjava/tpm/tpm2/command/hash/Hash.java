package org.swtpmjava.tpm.tpm2.command.hash;

import java.util.Arrays;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.HierarchyProofs;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_Hash (Part 3 §15.4): outHash = H(data) and a TPMT_TK_HASHCHECK ticket. The ticket is the
 * null ticket for TPM_RH_NULL and for data starting with TPM_GENERATED_VALUE (TicketIsSafe);
 * otherwise HMAC-SHA512 (CONTEXT_INTEGRITY_HASH_ALG) keyed with the hierarchy's proof over
 * TPM_ST_HASHCHECK || hashAlg || outHash (TicketComputeHashCheck).
 */
public final class Hash implements TpmCommand<Hash.In> {
    /** MAX_DIGEST_BUFFER: the maximum of TPM2B_MAX_BUFFER. */
    private static final int MAX_BUFFER = 1024;
    private static final int ST_HASHCHECK = 0x8024;
    private static final byte[] TPM_GENERATED = {(byte) 0xFF, 'T', 'C', 'G'};

    /**
     * @param data      TPM2B_MAX_BUFFER
     * @param hashAlg   TPMI_ALG_HASH (no NULL)
     * @param hierarchy TPMI_RH_HIERARCHY+
     */
    public record In(byte[] data, int hashAlg, int hierarchy) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] data = arguments.parameters().next(reader -> reader.readSized(MAX_BUFFER));
        int hashAlg = arguments.parameters().next(Hash::readHashAlg);
        int hierarchy = arguments.parameters().next(Hash::readHierarchy);
        return new In(data, hashAlg, hierarchy);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        context.state().selfTests().test(in.hashAlg());
        byte[] outHash = Hashes.digest(in.hashAlg(), in.data());
        boolean unsafe = in.data().length >= TPM_GENERATED.length
                && Arrays.equals(in.data(), 0, TPM_GENERATED.length, TPM_GENERATED, 0, TPM_GENERATED.length);
        int ticketHierarchy = TpmHandles.RH_NULL;
        byte[] ticket = new byte[0];
        if (in.hierarchy() != TpmHandles.RH_NULL && !unsafe) {
            context.state().selfTests().test(TpmAlgId.SHA512);
            ticketHierarchy = in.hierarchy();
            ticket = hashCheck(proof(context.state().persistent().proofs(), in.hierarchy()), in.hashAlg(), outHash);
        }
        int hierarchy = ticketHierarchy;
        byte[] digest = ticket;
        return writer -> writer.writeSized(outHash).writeU16(ST_HASHCHECK).writeU32(hierarchy).writeSized(digest);
    }

    private static byte[] hashCheck(byte[] proof, int hashAlg, byte[] outHash) {
        byte[] message = new TpmWriter(8 + outHash.length).writeU16(ST_HASHCHECK).writeU16(hashAlg)
                .writeBytes(outHash).toByteArray();
        HMac hmac = new HMac(Hashes.newDigest(TpmAlgId.SHA512));
        hmac.init(new KeyParameter(proof));
        hmac.update(message, 0, message.length);
        byte[] out = new byte[hmac.getMacSize()];
        hmac.doFinal(out, 0);
        return out;
    }

    /** HierarchyGetProof. */
    private static byte[] proof(HierarchyProofs proofs, int hierarchy) {
        return switch (hierarchy) {
            case TpmHandles.RH_PLATFORM -> proofs.platform();
            case TpmHandles.RH_ENDORSEMENT -> proofs.endorsement();
            default -> proofs.storage();
        };
    }

    /** TPMI_ALG_HASH without TPM_ALG_NULL: TPM_RC_HASH. */
    private static int readHashAlg(TpmReader reader) {
        int alg = reader.readU16();
        if (!Hashes.isImplemented(alg)) {
            throw new TpmRcException(TpmRc.HASH);
        }
        return alg;
    }

    /** TPMI_RH_HIERARCHY+: owner, endorsement, platform or TPM_RH_NULL, else TPM_RC_VALUE. */
    private static int readHierarchy(TpmReader reader) {
        int hierarchy = reader.readU32();
        if (hierarchy != TpmHandles.RH_OWNER && hierarchy != TpmHandles.RH_ENDORSEMENT
                && hierarchy != TpmHandles.RH_PLATFORM && hierarchy != TpmHandles.RH_NULL) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return hierarchy;
    }
}
