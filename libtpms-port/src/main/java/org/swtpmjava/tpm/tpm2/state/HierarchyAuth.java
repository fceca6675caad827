package org.swtpmjava.tpm.tpm2.state;

import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/** One hierarchy's authorization: policy hash algorithm, policy digest and authValue. */
public record HierarchyAuth(int policyAlg, byte[] policy, byte[] authValue) {
    public HierarchyAuth {
        policy = policy.clone();
        authValue = authValue.clone();
    }

    /** The state after manufacture and TPM2_Clear: no policy, empty authValue. */
    public static HierarchyAuth empty() {
        return new HierarchyAuth(TpmAlgId.NULL, new byte[0], new byte[0]);
    }

    @Override
    public byte[] policy() {
        return policy.clone();
    }

    @Override
    public byte[] authValue() {
        return authValue.clone();
    }

    public boolean hasAuthValue() {
        return authValue.length != 0;
    }
}
