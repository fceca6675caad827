package org.swtpmjava.tpm.tpm2.exec;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

/**
 * EntityGetLoadStatus (reference Entity.c): whether the entity a handle names is present, decided
 * by the handle's type alone, after every handle of the handle area has passed its type check
 * ({@link HandleSpec}). Throws bare codes; the executor adds the handle number.
 */
final class EntityLoadStatus {
    /** TPM_RH_AUTH_00..TPM_RH_AUTH_FF: vendor authorization values, none implemented. */
    private static final int RH_AUTH_00 = 0x40000010;
    private static final int RH_AUTH_FF = 0x4000010F;

    private EntityLoadStatus() {
    }

    /** TPM_RH_AUTH_00..TPM_RH_AUTH_FF, which TPMI_DH_ENTITY accepts and no entity stands behind. */
    static boolean isVendorAuthorization(int handle) {
        return Integer.compareUnsigned(handle, RH_AUTH_00) >= 0 && Integer.compareUnsigned(handle, RH_AUTH_FF) <= 0;
    }

    /**
     * Checks one handle and returns the handle the command works with: a persistent object's
     * copy is loaded into a transient slot (ObjectLoadEvict) and that slot's handle returned.
     * A disabled owner, endorsement or platform hierarchy is TPM_RC_HIERARCHY (lockout, TPM_RH_NULL
     * and PCRs are always present, other permanent handles TPM_RC_VALUE); an empty transient slot
     * or a session that is not loaded TPM_RC_REFERENCE_H0; a session of the other kind than the
     * handle's type TPM_RC_HANDLE; an NV index as NvIndexIsAccessible. A handle type no TPMI_*
     * check lets through is an internal fault (failure mode, as the reference's FAIL).
     */
    static int check(int handle, int commandCode, CommandContext context) {
        TpmState state = context.state();
        switch (TpmHandles.type(handle)) {
            case TpmHandles.HT_PERMANENT -> checkPermanent(handle, state);
            case TpmHandles.HT_TRANSIENT -> {
                if (!state.objects().isPresent(handle)) {
                    throw new TpmRcException(TpmRc.REFERENCE_H0);
                }
            }
            case TpmHandles.HT_PERSISTENT -> {
                return PersistentObjectLoader.load(handle, commandCode, context);
            }
            case TpmHandles.HT_HMAC_SESSION, TpmHandles.HT_POLICY_SESSION -> {
                AuthSession session = state.session(handle);
                if (session == null) {
                    throw new TpmRcException(TpmRc.REFERENCE_H0);
                }
                boolean policyHandle = TpmHandles.type(handle) == TpmHandles.HT_POLICY_SESSION;
                if (session.isPolicy() != policyHandle) {
                    throw new TpmRcException(TpmRc.HANDLE);
                }
            }
            case TpmHandles.HT_NV_INDEX -> checkNvAccessible(handle, state);
            case TpmHandles.HT_PCR -> {
                // a PCR handle that passed its type check names an implemented PCR
            }
            default -> throw new IllegalStateException("handle type passed no TPMI_* check: " + handle);
        }
        return handle;
    }

    private static void checkPermanent(int handle, TpmState state) {
        switch (handle) {
            case TpmHandles.RH_OWNER -> requireEnabled(state.clearData().shEnable());
            case TpmHandles.RH_ENDORSEMENT -> requireEnabled(state.clearData().ehEnable());
            case TpmHandles.RH_PLATFORM -> requireEnabled(state.flags().phEnable());
            case TpmHandles.RH_NULL, TpmHandles.RS_PW, TpmHandles.RH_LOCKOUT -> {
                // always present
            }
            default -> throw new TpmRcException(TpmRc.VALUE);
        }
    }

    /** NvIndexIsAccessible. */
    private static void checkNvAccessible(int handle, TpmState state) {
        NvIndices.Index index = NvIndices.find(state, handle);
        if (index == null) {
            throw new TpmRcException(TpmRc.HANDLE);
        }
        boolean platformCreated = index.publicArea().has(TpmsNvPublic.PLATFORMCREATE);
        if (platformCreated ? !state.clearData().phEnableNv() : !state.clearData().shEnable()) {
            throw new TpmRcException(TpmRc.HANDLE);
        }
    }

    private static void requireEnabled(boolean enabled) {
        if (!enabled) {
            throw new TpmRcException(TpmRc.HIERARCHY);
        }
    }
}
