package org.swtpmjava.tpm.tpm2.command.policy;

import java.nio.ByteBuffer;
import org.swtpmjava.tpm.tpm2.command.hash.HashCheckTicket;
import org.swtpmjava.tpm.tpm2.command.hierarchy.HierarchyProof;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.Hmacs;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPMT_TK_AUTH (Part 2 §10.7.5): the ticket PolicySigned (TPM_ST_AUTH_SIGNED) and PolicySecret
 * (TPM_ST_AUTH_SECRET) return for a negative expiration and PolicyTicket takes back. Its digest
 * is TicketComputeAuth's HMAC-SHA512 keyed with the hierarchy's proof over the tag, cpHashA,
 * policyRef, the entity's Name and the 64-bit timeout, then (only with a timeout) the time epoch
 * and, for a ticket that expires on TPM Reset, totalResetCount.
 *
 * @param tag       TPM_ST_AUTH_SIGNED or TPM_ST_AUTH_SECRET
 * @param hierarchy TPMI_RH_HIERARCHY+
 * @param digest    the HMAC, empty in a null ticket
 */
record AuthTicket(int tag, int hierarchy, byte[] digest) {
    static final int ST_AUTH_SECRET = 0x8023;
    static final int ST_AUTH_SIGNED = 0x8025;
    /** The flag this implementation keeps in the timeout's top bit: the ticket expires on TPM Reset. */
    static final long EXPIRES_ON_RESET = 0x8000000000000000L;

    AuthTicket {
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    static AuthTicket nullTicket(int tag) {
        return new AuthTicket(tag, TpmHandles.RH_NULL, new byte[0]);
    }

    /** TicketComputeAuth. */
    static AuthTicket compute(TpmState state, int tag, int hierarchy, long timeout, boolean expiresOnReset,
                              byte[] cpHashA, byte[] policyRef, byte[] entityName) {
        TpmWriter message = new TpmWriter(256).writeU16(tag).writeBytes(cpHashA).writeBytes(policyRef)
                .writeBytes(entityName).writeU64(timeout);
        if (timeout != 0) {
            message.writeU32(state.persistent().timeEpoch());
            if (expiresOnReset) {
                message.writeU64(state.persistent().totalResetCount());
            }
        }
        byte[] hmac = Hmacs.hmac(TpmAlgId.SHA512, HierarchyProof.of(state, hierarchy), message.toByteArray());
        return new AuthTicket(tag, hierarchy, hmac);
    }

    /** TPMT_TK_AUTH_Unmarshal: another tag is TPM_RC_TAG, the hierarchy TPMI_RH_HIERARCHY+. */
    static AuthTicket unmarshal(TpmReader reader) {
        int tag = reader.readU16();
        if (tag != ST_AUTH_SIGNED && tag != ST_AUTH_SECRET) {
            throw new TpmRcException(TpmRc.TAG);
        }
        int hierarchy = HashCheckTicket.readHierarchy(reader);
        return new AuthTicket(tag, hierarchy, reader.readSized(Hashes.MAX_DIGEST_SIZE));
    }

    void marshal(TpmWriter writer) {
        writer.writeU16(tag).writeU32(hierarchy).writeSized(digest);
    }

    /** TPM2B_TIMEOUT of the response: the timeout with the expires-on-reset flag, as 8 big-endian bytes. */
    static byte[] timeoutBuffer(long timeout, boolean expiresOnReset) {
        return ByteBuffer.allocate(8).putLong(expiresOnReset ? timeout | EXPIRES_ON_RESET : timeout).array();
    }
}
