package org.swtpmjava.tpm.tpm2.command.object;

import org.swtpmjava.tpm.tpm2.command.hierarchy.HierarchyProof;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyPcr;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.Hmacs;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmlPcrSelection;

/**
 * TPMS_CREATION_DATA (Part 2 §15.1) of an object created under a hierarchy, its creationHash and
 * the TPMT_TK_CREATION ticket (reference FillInCreationData, TicketComputeCreation).
 *
 * @param creationData the marshalled TPMS_CREATION_DATA
 * @param creationHash H_nameAlg(creationData)
 */
record CreationData(byte[] creationData, byte[] creationHash) {
    /** TPM_ST_CREATION. */
    private static final int ST_CREATION = 0x8021;

    /**
     * For a hierarchy as parent: parentNameAlg TPM_ALG_NULL, parent Name and QN both the handle.
     * The PCR selection is filtered to the allocated PCRs before it is hashed and echoed.
     */
    static CreationData forHierarchy(TpmState state, int hierarchy, int nameAlg, TpmlPcrSelection creationPcr,
                                     byte[] outsideInfo, int locality) {
        byte[] parentName = new TpmWriter(4).writeU32(hierarchy).toByteArray();
        return fill(state, nameAlg, creationPcr, outsideInfo, locality, TpmAlgId.NULL, parentName, parentName);
    }

    /** For a parent object: its nameAlg, Name and qualified Name (FillInCreationData). */
    static CreationData forParent(TpmState state, LoadedObject parent, int nameAlg, TpmlPcrSelection creationPcr,
                                  byte[] outsideInfo, int locality) {
        return fill(state, nameAlg, creationPcr, outsideInfo, locality, parent.publicArea().nameAlg(), parent.name(),
                parent.qualifiedName());
    }

    private static CreationData fill(TpmState state, int nameAlg, TpmlPcrSelection creationPcr, byte[] outsideInfo,
                                     int locality, int parentNameAlg, byte[] parentName, byte[] parentQualifiedName) {
        TpmlPcrSelection selection = PolicyPcr.filter(creationPcr, state.pcrs().allocation());
        byte[] pcrDigest = PolicyPcr.currentDigest(nameAlg, selection, state.pcrs());
        TpmWriter writer = new TpmWriter(512);
        selection.marshal(writer);
        writer.writeSized(pcrDigest).writeU8(localityAttributes(locality)).writeU16(parentNameAlg)
                .writeSized(parentName).writeSized(parentQualifiedName).writeSized(outsideInfo);
        byte[] data = writer.toByteArray();
        return new CreationData(data, Hashes.digest(nameAlg, data));
    }

    /** LocalityGetAttributes: TPM_LOC_ZERO..FOUR as bits, an extended locality as itself. */
    private static int localityAttributes(int locality) {
        return locality < 5 ? 1 << locality : locality;
    }

    /**
     * TicketComputeCreation: TPM_ST_CREATION, hierarchy, HMAC-SHA512(proof, TPM_ST_CREATION ||
     * name || creationHash), the proof being the hierarchy's (nullProof for TPM_RH_NULL).
     */
    void marshalTicket(TpmWriter writer, TpmState state, int hierarchy, byte[] name) {
        byte[] tag = new TpmWriter(2).writeU16(ST_CREATION).toByteArray();
        byte[] hmac = Hmacs.hmac(TpmAlgId.SHA512, HierarchyProof.of(state, hierarchy), tag, name, creationHash);
        writer.writeU16(ST_CREATION).writeU32(hierarchy).writeSized(hmac);
    }

    @Override
    public byte[] creationData() {
        return creationData.clone();
    }

    @Override
    public byte[] creationHash() {
        return creationHash.clone();
    }
}
