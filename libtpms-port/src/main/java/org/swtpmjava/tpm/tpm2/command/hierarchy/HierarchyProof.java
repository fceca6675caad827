package org.swtpmjava.tpm.tpm2.command.hierarchy;

import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;

/** HierarchyGetProof: the HMAC key of a hierarchy's tickets (nullProof for TPM_RH_NULL and anything else). */
public final class HierarchyProof {
    private HierarchyProof() {
    }

    public static byte[] of(TpmState state, int hierarchy) {
        switch (hierarchy) {
            case TpmHandles.RH_PLATFORM:
                return state.persistent().proofs().platform();
            case TpmHandles.RH_ENDORSEMENT:
                return state.persistent().proofs().endorsement();
            case TpmHandles.RH_OWNER:
                return state.persistent().proofs().storage();
            default:
                return state.resetData().nullProof();
        }
    }
}
