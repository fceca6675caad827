package org.swtpmjava.tpm.tpm2.state;

/** phProof, shProof and ehProof (PROOF_SIZE 64 bytes each). */
public record HierarchyProofs(byte[] platform, byte[] storage, byte[] endorsement) {
    public HierarchyProofs {
        platform = platform.clone();
        storage = storage.clone();
        endorsement = endorsement.clone();
    }

    @Override
    public byte[] platform() {
        return platform.clone();
    }

    @Override
    public byte[] storage() {
        return storage.clone();
    }

    @Override
    public byte[] endorsement() {
        return endorsement.clone();
    }
}
