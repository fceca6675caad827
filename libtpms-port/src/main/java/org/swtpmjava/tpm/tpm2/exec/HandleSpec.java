package org.swtpmjava.tpm.tpm2.exec;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.AuthSession;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.TransientObjects;
import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;

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

    /** TPMI_RH_HIERARCHY (Part 2 §9.13): owner, endorsement or platform, if enabled. */
    public static HandleSpec hierarchy(AuthRole role) {
        HandleSpec any = hierarchyAuth(role);
        return new HandleSpec(role, (handle, state) -> {
            if (handle == TpmHandles.RH_LOCKOUT) {
                throw new TpmRcException(TpmRc.VALUE);
            }
            any.check().check(handle, state);
        });
    }

    /** TPMI_RH_HIERARCHY+ (Part 2 §9.13, allowNull): as {@link #hierarchy}, or TPM_RH_NULL. */
    public static HandleSpec hierarchyOrNull(AuthRole role) {
        HandleSpec any = hierarchy(role);
        return new HandleSpec(role, (handle, state) -> {
            if (handle != TpmHandles.RH_NULL) {
                any.check().check(handle, state);
            }
        });
    }

    /** TPMI_RH_CLEAR (Part 2 §9.18): lockout or platform (if enabled), else TPM_RC_VALUE. */
    public static HandleSpec clear(AuthRole role) {
        HandleSpec any = hierarchyAuth(role);
        return new HandleSpec(role, (handle, state) -> {
            if (handle != TpmHandles.RH_LOCKOUT && handle != TpmHandles.RH_PLATFORM) {
                throw new TpmRcException(TpmRc.VALUE);
            }
            any.check().check(handle, state);
        });
    }

    /** TPMI_RH_PLATFORM (Part 2 §9.20): TPM_RH_PLATFORM only (if enabled), else TPM_RC_VALUE. */
    public static HandleSpec platform(AuthRole role) {
        return new HandleSpec(role, (handle, state) -> {
            if (handle != TpmHandles.RH_PLATFORM) {
                throw new TpmRcException(TpmRc.VALUE);
            }
            requireEnabled(state.flags().phEnable());
        });
    }

    /** TPMI_RH_LOCKOUT (Part 2 §9.23): TPM_RH_LOCKOUT only, else TPM_RC_VALUE. */
    public static HandleSpec lockout(AuthRole role) {
        return new HandleSpec(role, (handle, state) -> {
            if (handle != TpmHandles.RH_LOCKOUT) {
                throw new TpmRcException(TpmRc.VALUE);
            }
        });
    }

    /** TPMI_RH_PROVISION (Part 2 §9.15): owner or platform, if enabled (TPM_RC_HIERARCHY). */
    public static HandleSpec provision(AuthRole role) {
        return new HandleSpec(role, (handle, state) -> {
            if (handle == TpmHandles.RH_OWNER) {
                requireEnabled(state.clearData().shEnable());
            } else if (handle == TpmHandles.RH_PLATFORM) {
                requireEnabled(state.flags().phEnable());
            } else {
                throw new TpmRcException(TpmRc.VALUE);
            }
        });
    }

    /**
     * TPMI_DH_OBJECT (Part 2 §9.3): a transient handle up to TRANSIENT_LAST or a persistent
     * handle, else TPM_RC_VALUE; a transient slot that is empty is TPM_RC_REFERENCE_H0 (numbered by the executor). A
     * persistent handle passes: the executor loads the object ({@link PersistentObjectLoader}).
     */
    public static HandleSpec object(AuthRole role) {
        return new HandleSpec(role, (handle, state) -> {
            int type = TpmHandles.type(handle);
            if (type == TpmHandles.HT_TRANSIENT && (handle & 0xFFFFFF) < TransientObjects.SLOTS) {
                if (!state.objects().isPresent(handle)) {
                    throw new TpmRcException(TpmRc.REFERENCE_H0);
                }
            } else if (type != TpmHandles.HT_PERSISTENT) {
                throw new TpmRcException(TpmRc.VALUE);
            }
        });
    }

    /**
     * TPMI_DH_CONTEXT (Part 2 §9.11): a transient object as {@link #object}, or an HMAC or policy
     * session handle (index below MAX_ACTIVE_SESSIONS) whose session is loaded, else
     * TPM_RC_REFERENCE_H0, and of the handle's type (HMAC or policy), else TPM_RC_HANDLE; any
     * other handle is TPM_RC_VALUE.
     */
    public static HandleSpec context(AuthRole role) {
        HandleSpec objects = object(role);
        return new HandleSpec(role, (handle, state) -> {
            if (TpmHandles.isSessionHandle(handle)) {
                AuthSession session = state.session(handle);
                if (session == null) {
                    throw new TpmRcException(TpmRc.REFERENCE_H0);
                }
                // EntityGetLoadStatus: the handle's type must be the session's
                boolean policyHandle = TpmHandles.type(handle) == TpmHandles.HT_POLICY_SESSION;
                if (session.isPolicy() != policyHandle) {
                    throw new TpmRcException(TpmRc.HANDLE);
                }
            } else if (TpmHandles.type(handle) == TpmHandles.HT_TRANSIENT) {
                objects.check().check(handle, state);
            } else {
                throw new TpmRcException(TpmRc.VALUE);
            }
        });
    }

    /** TPMI_DH_OBJECT+ (allowNull): TPM_RH_NULL, else as {@link #object}. */
    public static HandleSpec objectOrNull(AuthRole role) {
        HandleSpec any = object(role);
        return new HandleSpec(role, (handle, state) -> {
            if (handle != TpmHandles.RH_NULL) {
                any.check().check(handle, state);
            }
        });
    }

    /**
     * TPMI_DH_PARENT+ (Part 2 §9.5, allowNull): a transient or persistent object as {@link #object},
     * owner, endorsement or platform (TPM_RC_HIERARCHY if disabled) or TPM_RH_NULL, else
     * TPM_RC_VALUE.
     */
    public static HandleSpec parentOrNull(AuthRole role) {
        HandleSpec hierarchies = hierarchyOrNull(role);
        HandleSpec objects = object(role);
        return new HandleSpec(role, (handle, state) -> {
            int type = TpmHandles.type(handle);
            if (type == TpmHandles.HT_TRANSIENT || type == TpmHandles.HT_PERSISTENT) {
                objects.check().check(handle, state);
            } else {
                hierarchies.check().check(handle, state);
            }
        });
    }

    /**
     * TPMI_DH_ENTITY+ (Part 2 §9.4, allowNull): a hierarchy, a transient, persistent or NV
     * handle, a PCR, TPM_RH_AUTH_00..FF or TPM_RH_NULL, else TPM_RC_VALUE; then
     * EntityGetLoadStatus: a disabled hierarchy is TPM_RC_HIERARCHY, an empty transient slot
     * TPM_RC_REFERENCE_H0, a persistent object as {@link #object}, an NV handle as
     * {@link #nvIndex} and a vendor authorization handle TPM_RC_VALUE.
     */
    public static HandleSpec entityOrNull(AuthRole role) {
        HandleSpec hierarchies = hierarchyAuth(role);
        HandleSpec objects = object(role);
        return new HandleSpec(role, (handle, state) -> {
            int type = TpmHandles.type(handle);
            if (handle == TpmHandles.RH_NULL
                    || Integer.compareUnsigned(handle, PcrAllocation.PCR_COUNT) < 0) {
                return;
            }
            if (handle == TpmHandles.RH_OWNER || handle == TpmHandles.RH_ENDORSEMENT
                    || handle == TpmHandles.RH_PLATFORM || handle == TpmHandles.RH_LOCKOUT) {
                hierarchies.check().check(handle, state);
            } else if (type == TpmHandles.HT_TRANSIENT || type == TpmHandles.HT_PERSISTENT) {
                objects.check().check(handle, state);
            } else if (type == TpmHandles.HT_NV_INDEX) {
                checkNvAccessible(handle, state);
            } else {
                // TPM_RH_AUTH_00..FF pass the unmarshaller but are not loaded: also TPM_RC_VALUE.
                throw new TpmRcException(TpmRc.VALUE);
            }
        });
    }

    /** TPMI_DH_ENTITY (Part 2 §9.4) without TPM_RH_NULL (TPM_RC_VALUE), else as {@link #entityOrNull}. */
    public static HandleSpec entity(AuthRole role) {
        HandleSpec any = entityOrNull(role);
        return new HandleSpec(role, (handle, state) -> {
            if (handle == TpmHandles.RH_NULL) {
                throw new TpmRcException(TpmRc.VALUE);
            }
            any.check().check(handle, state);
        });
    }

    /**
     * TPMI_SH_HMAC (Part 2 §9.8): an HMAC session handle in the implemented range, else
     * TPM_RC_VALUE; then EntityGetLoadStatus: not loaded is TPM_RC_REFERENCE_H0, a policy session
     * at that handle index TPM_RC_HANDLE.
     */
    public static HandleSpec hmacSession(AuthRole role) {
        return new HandleSpec(role, (handle, state) -> {
            if (TpmHandles.type(handle) != TpmHandles.HT_HMAC_SESSION || !TpmHandles.isSessionHandle(handle)) {
                throw new TpmRcException(TpmRc.VALUE);
            }
            AuthSession session = state.session(handle);
            if (session == null) {
                throw new TpmRcException(TpmRc.REFERENCE_H0);
            }
            if (session.isPolicy()) {
                throw new TpmRcException(TpmRc.HANDLE);
            }
        });
    }

    /**
     * TPMI_SH_POLICY (Part 2 §9.9): a policy session handle in the implemented range, else
     * TPM_RC_VALUE; then EntityGetLoadStatus: not loaded is TPM_RC_REFERENCE_H0, an HMAC session
     * at that handle index TPM_RC_HANDLE.
     */
    public static HandleSpec policySession(AuthRole role) {
        return new HandleSpec(role, (handle, state) -> {
            if (TpmHandles.type(handle) != TpmHandles.HT_POLICY_SESSION || !TpmHandles.isSessionHandle(handle)) {
                throw new TpmRcException(TpmRc.VALUE);
            }
            AuthSession session = state.session(handle);
            if (session == null) {
                throw new TpmRcException(TpmRc.REFERENCE_H0);
            }
            if (!session.isPolicy()) {
                throw new TpmRcException(TpmRc.HANDLE);
            }
        });
    }

    /**
     * TPMI_RH_NV_INDEX (Part 2 §9.21): a handle of type TPM_HT_NV_INDEX, else TPM_RC_VALUE; then
     * NvIndexIsAccessible: an undefined index is TPM_RC_HANDLE, and so is an owner-created index
     * while shEnable is CLEAR or a platform-created one while phEnableNV is CLEAR.
     */
    public static HandleSpec nvIndex(AuthRole role) {
        return new HandleSpec(role, (handle, state) -> {
            if (TpmHandles.type(handle) != TpmHandles.HT_NV_INDEX) {
                throw new TpmRcException(TpmRc.VALUE);
            }
            checkNvAccessible(handle, state);
        });
    }

    /**
     * TPMI_RH_NV_AUTH (Part 2 §9.22): owner or platform (TPM_RC_HIERARCHY if disabled) or an NV
     * index as {@link #nvIndex}, else TPM_RC_VALUE.
     */
    public static HandleSpec nvAuth(AuthRole role) {
        HandleSpec hierarchies = provision(role);
        return new HandleSpec(role, (handle, state) -> {
            if (TpmHandles.type(handle) == TpmHandles.HT_NV_INDEX) {
                checkNvAccessible(handle, state);
            } else {
                hierarchies.check().check(handle, state);
            }
        });
    }

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
