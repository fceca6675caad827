package org.swtpmjava.tpm.tpm2.session;

import org.swtpmjava.tpm.tpm2.exec.AuthRole;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;

/**
 * The object cases of the reference's IsPolicySessionRequired and IsAuthValueAvailable (Part 1
 * §19.7): without a policy session, the ADMIN role of an object with adminWithPolicy and the DUP
 * role are TPM_RC_AUTH_TYPE, the USER role of an object without userWithAuth and any role of a
 * public-only object are TPM_RC_AUTH_UNAVAILABLE.
 */
final class ObjectAuthRules {
    private ObjectAuthRules() {
    }

    static boolean requiresPolicy(int handle, AuthRole role, TpmState state) {
        LoadedObject object = object(handle, state);
        if (object == null) {
            return false;
        }
        return role == AuthRole.DUP || role == AuthRole.ADMIN && object.has(TpmaObject.ADMIN_WITH_POLICY);
    }

    static boolean authValueUnavailable(int handle, AuthRole role, TpmState state) {
        LoadedObject object = object(handle, state);
        // an object loaded without its sensitive area (LoadExternal) has no authValue
        return object != null
                && (object.publicOnly() || role == AuthRole.USER && !object.has(TpmaObject.USER_WITH_AUTH));
    }

    private static LoadedObject object(int handle, TpmState state) {
        return TpmHandles.type(handle) == TpmHandles.HT_TRANSIENT ? state.objects().object(handle) : null;
    }
}
