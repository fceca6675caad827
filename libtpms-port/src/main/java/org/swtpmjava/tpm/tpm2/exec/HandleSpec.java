package org.swtpmjava.tpm.tpm2.exec;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * One handle of a command's handle area: the interface type it is unmarshalled as (the
 * reference's TPMI_* handle unmarshallers, then EntityGetLoadStatus) and the authorization role
 * it needs. Checks throw bare codes; the executor adds the handle number.
 *
 * @param role  the authorization role (Part 1 §19.7); NONE for a handle without authorization
 * @param check the type and load-status check of the handle value
 */
public record HandleSpec(AuthRole role, Check check) {

    /** Validates one handle value against the current state. */
    @FunctionalInterface
    public interface Check {
        void check(int handle, TpmState state);
    }

    /** TPMI_DH_PCR (Part 2 §9.6): PCR 0..IMPLEMENTATION_PCR-1, TPM_RH_NULL only if allowed. */
    public static HandleSpec pcr(AuthRole role, boolean allowNull) {
        return new HandleSpec(role, (handle, state) -> {
            boolean isPcr = Integer.compareUnsigned(handle, PcrAllocation.PCR_COUNT) < 0;
            if (!isPcr && !(allowNull && handle == TpmHandles.RH_NULL)) {
                throw new TpmRcException(TpmRc.VALUE);
            }
        });
    }

    /**
     * TPMI_RH_HIERARCHY_AUTH (Part 2 §9.14): lockout, owner, endorsement, platform; a disabled
     * hierarchy is TPM_RC_HIERARCHY (EntityGetLoadStatus).
     */
    public static HandleSpec hierarchyAuth(AuthRole role) {
        return new HandleSpec(role, (handle, state) -> {
            switch (handle) {
                case TpmHandles.RH_LOCKOUT:
                    return;
                case TpmHandles.RH_OWNER:
                    requireEnabled(state.clearData().shEnable());
                    return;
                case TpmHandles.RH_ENDORSEMENT:
                    requireEnabled(state.clearData().ehEnable());
                    return;
                case TpmHandles.RH_PLATFORM:
                    requireEnabled(state.flags().phEnable());
                    return;
                default:
                    throw new TpmRcException(TpmRc.VALUE);
            }
        });
    }

    private static void requireEnabled(boolean enabled) {
        if (!enabled) {
            throw new TpmRcException(TpmRc.HIERARCHY);
        }
    }
}
