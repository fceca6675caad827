package org.swtpmjava.tpm.tpm2.session;

import java.security.MessageDigest;
import org.swtpmjava.tpm.tpm2.exec.AuthRole;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.HierarchyAuth;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.PcrAttributes;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * The policy side of CheckAuthSession (Part 1 §19.7.2; reference SessionProcess.c
 * IsAuthPolicyAvailable, CheckPolicyAuthSession) for the entities and policy assertions this
 * engine has. Failures are bare codes; the caller adds the session number.
 */
final class PolicyAuthorization {
    private PolicyAuthorization() {
    }

    /**
     * IsAuthPolicyAvailable: a hierarchy with a policy, a PCR of a policy group or a key object
     * with an authPolicy; never a sequence object.
     */
    static boolean isAuthPolicyAvailable(int handle, TpmState state) {
        if (TpmHandles.type(handle) == TpmHandles.HT_TRANSIENT) {
            LoadedObject object = state.objects().object(handle);
            return object != null && !object.publicOnly() && object.publicArea().authPolicy().length != 0;
        }
        if (TpmHandles.type(handle) == TpmHandles.HT_PCR) {
            return PcrAttributes.inPolicyGroup(handle);
        }
        if (TpmHandles.type(handle) != TpmHandles.HT_PERMANENT) {
            return false;
        }
        return authPolicy(handle, state).length != 0;
    }

    /** CheckPolicyAuthSession: PCR counter, policy digest and algorithm, command code, locality. */
    static void check(AuthSession session, int handle, int commandCode, AuthRole role, int locality, TpmState state) {
        if (session.pcrCounter() != 0 && session.pcrCounter() != state.resetData().pcrCounter()) {
            throw new TpmRcException(TpmRc.PCR_CHANGED);
        }
        if (!MessageDigest.isEqual(session.policyDigest(), authPolicy(handle, state))) {
            throw new TpmRcException(TpmRc.POLICY_FAIL);
        }
        if (policyAlg(handle, state) != session.authHashAlg()) {
            throw new TpmRcException(TpmRc.POLICY_FAIL);
        }
        if (session.commandCode() != 0) {
            if (session.commandCode() != commandCode) {
                throw new TpmRcException(TpmRc.POLICY_CC);
            }
        } else if (role == AuthRole.ADMIN || role == AuthRole.DUP) {
            throw new TpmRcException(TpmRc.POLICY_FAIL);
        }
        checkLocality(session.commandLocality(), locality);
    }

    private static void checkLocality(int sessionLocality, int locality) {
        if (sessionLocality == 0) {
            return;
        }
        if (locality < 5) {
            if ((sessionLocality & (1 << locality)) == 0 || sessionLocality > 31) {
                throw new TpmRcException(TpmRc.LOCALITY);
            }
        } else if (locality > 31) {
            if (sessionLocality != locality) {
                throw new TpmRcException(TpmRc.LOCALITY);
            }
        } else {
            throw new TpmRcException(TpmRc.LOCALITY);
        }
    }

    /** EntityGetAuthPolicy: the digest (empty for none; PCR policies cannot be set yet). */
    private static byte[] authPolicy(int handle, TpmState state) {
        LoadedObject object = state.objects().object(handle);
        if (TpmHandles.type(handle) == TpmHandles.HT_TRANSIENT && object != null) {
            return object.publicArea().authPolicy();
        }
        HierarchyAuth hierarchy = hierarchy(handle, state);
        if (hierarchy != null) {
            return hierarchy.policy();
        }
        return handle == TpmHandles.RH_PLATFORM ? state.clearData().platformPolicy() : new byte[0];
    }

    private static int policyAlg(int handle, TpmState state) {
        LoadedObject object = state.objects().object(handle);
        if (TpmHandles.type(handle) == TpmHandles.HT_TRANSIENT && object != null) {
            return object.publicArea().nameAlg();
        }
        HierarchyAuth hierarchy = hierarchy(handle, state);
        if (hierarchy != null) {
            return hierarchy.policyAlg();
        }
        return handle == TpmHandles.RH_PLATFORM ? state.clearData().platformAlg() : TpmAlgId.NULL;
    }

    private static HierarchyAuth hierarchy(int handle, TpmState state) {
        switch (handle) {
            case TpmHandles.RH_OWNER:
                return state.persistent().owner();
            case TpmHandles.RH_ENDORSEMENT:
                return state.persistent().endorsement();
            case TpmHandles.RH_LOCKOUT:
                return state.persistent().lockout();
            default:
                return null;
        }
    }
}
