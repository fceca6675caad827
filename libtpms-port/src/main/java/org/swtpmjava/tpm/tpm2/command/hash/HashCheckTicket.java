package org.swtpmjava.tpm.tpm2.command.hash;

import java.util.Arrays;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.HierarchyProofs;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmiAlgHash;

/**
 * TPMT_TK_HASHCHECK (Part 2 §10.7.3) as TPM2_Hash and TPM2_SequenceComplete produce it, and the
 * parameter types both read. The ticket is HMAC-SHA512 (CONTEXT_INTEGRITY_HASH_ALG) keyed with
 * the hierarchy's proof over TPM_ST_HASHCHECK || hashAlg || digest (TicketComputeHashCheck).
 */
public final class HashCheckTicket {
    /** MAX_DIGEST_BUFFER: the maximum of TPM2B_MAX_BUFFER. */
    public static final int MAX_BUFFER = 1024;
    private static final int ST_HASHCHECK = 0x8024;
    private static final byte[] TPM_GENERATED = {(byte) 0xFF, 'T', 'C', 'G'};

    private HashCheckTicket() {
    }

    /** True if {@code data} starts with TPM_GENERATED_VALUE (so a ticket would be unsafe). */
    public static boolean startsWithGenerated(byte[] data) {
        return data.length >= TPM_GENERATED.length
                && Arrays.equals(data, 0, TPM_GENERATED.length, TPM_GENERATED, 0, TPM_GENERATED.length);
    }

    /**
     * The ticket for {@code hierarchy}, or the null ticket if it is TPM_RH_NULL or unsafe;
     * computed now, marshalled by the returned output.
     */
    public static CommandOutput of(CommandContext context, int hierarchy, int hashAlg, byte[] digest, boolean safe) {
        if (hierarchy == TpmHandles.RH_NULL || !safe) {
            return writer -> writer.writeU16(ST_HASHCHECK).writeU32(TpmHandles.RH_NULL).writeU16(0);
        }
        context.state().selfTests().test(TpmAlgId.SHA512);
        byte[] message = new TpmWriter(8 + digest.length).writeU16(ST_HASHCHECK).writeU16(hashAlg)
                .writeBytes(digest).toByteArray();
        HMac hmac = new HMac(Hashes.newDigest(TpmAlgId.SHA512));
        hmac.init(new KeyParameter(proof(context.state().persistent().proofs(), hierarchy)));
        hmac.update(message, 0, message.length);
        byte[] out = new byte[hmac.getMacSize()];
        hmac.doFinal(out, 0);
        return writer -> writer.writeU16(ST_HASHCHECK).writeU32(hierarchy).writeSized(out);
    }

    /** HierarchyGetProof. */
    private static byte[] proof(HierarchyProofs proofs, int hierarchy) {
        return switch (hierarchy) {
            case TpmHandles.RH_PLATFORM -> proofs.platform();
            case TpmHandles.RH_ENDORSEMENT -> proofs.endorsement();
            default -> proofs.storage();
        };
    }

    /** TPMI_ALG_HASH, with TPM_ALG_NULL only if {@code allowNull}: else TPM_RC_HASH. */
    public static int readHashAlg(TpmReader reader, boolean allowNull) {
        return TpmiAlgHash.unmarshal(reader, allowNull);
    }

    /** TPMI_RH_HIERARCHY+: owner, endorsement, platform or TPM_RH_NULL, else TPM_RC_VALUE. */
    public static int readHierarchy(TpmReader reader) {
        int hierarchy = reader.readU32();
        if (hierarchy != TpmHandles.RH_OWNER && hierarchy != TpmHandles.RH_ENDORSEMENT
                && hierarchy != TpmHandles.RH_PLATFORM && hierarchy != TpmHandles.RH_NULL) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return hierarchy;
    }
}
