package org.swtpmjava.tpm.tpm2.exec;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.TransientObjects;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * One handle of a command's handle area: the interface type it is unmarshalled as (the
 * reference's TPMI_* handle unmarshallers, ParseHandleBuffer) and the authorization role it
 * needs. The type check looks at the handle value only; whether the entity is loaded or enabled
 * is checked afterwards for all handles by their handle type ({@link EntityLoadStatus},
 * EntityGetLoadStatus), as the reference's ExecuteCommand does. Type checks throw bare codes;
 * the executor adds the handle number.
 *
 * @param role      the authorization role (Part 1 §19.7); NONE for a handle without authorization
 * @param unmarshal the type check of the handle value (TPM_RC_VALUE for a value outside the type)
 */
public record HandleSpec(AuthRole role, TypeCheck unmarshal) {

    /** The TPMI_* unmarshaller's range check of one handle value. */
    @FunctionalInterface
    public interface TypeCheck {
        void check(int handle);
    }

    /** TPMI_DH_PCR (Part 2 §9.6): PCR 0..IMPLEMENTATION_PCR-1, TPM_RH_NULL only if allowed. */
    public static HandleSpec pcr(AuthRole role, boolean allowNull) {
        return new HandleSpec(role, handle -> require(isPcr(handle) || allowNull && handle == TpmHandles.RH_NULL));
    }

    /**
     * TPMI_RH_HIERARCHY_AUTH (Part 2 §9.14): lockout, owner, endorsement, platform; a disabled
     * hierarchy is TPM_RC_HIERARCHY (load status).
     */
    public static HandleSpec hierarchyAuth(AuthRole role) {
        return new HandleSpec(role, handle -> require(handle == TpmHandles.RH_LOCKOUT || isHierarchy(handle)));
    }

    /**
     * TPMI_RH_HIERARCHY (Part 2 §9.13): owner, endorsement or platform; a disabled one is
     * TPM_RC_HIERARCHY (load status).
     */
    public static HandleSpec hierarchy(AuthRole role) {
        return new HandleSpec(role, handle -> require(isHierarchy(handle)));
    }

    /** TPMI_RH_HIERARCHY+ (Part 2 §9.13, allowNull): as {@link #hierarchy}, or TPM_RH_NULL. */
    public static HandleSpec hierarchyOrNull(AuthRole role) {
        return new HandleSpec(role, handle -> require(isHierarchy(handle) || handle == TpmHandles.RH_NULL));
    }

    /**
     * TPMI_RH_CLEAR (Part 2 §9.18): lockout or platform, else TPM_RC_VALUE; a disabled platform
     * hierarchy is TPM_RC_HIERARCHY (load status).
     */
    public static HandleSpec clear(AuthRole role) {
        return new HandleSpec(role,
                handle -> require(handle == TpmHandles.RH_LOCKOUT || handle == TpmHandles.RH_PLATFORM));
    }

    /**
     * TPMI_RH_PLATFORM (Part 2 §9.20): TPM_RH_PLATFORM only, else TPM_RC_VALUE; TPM_RC_HIERARCHY
     * if disabled (load status).
     */
    public static HandleSpec platform(AuthRole role) {
        return new HandleSpec(role, handle -> require(handle == TpmHandles.RH_PLATFORM));
    }

    /**
     * TPMI_RH_ENDORSEMENT (Part 2 §9.16): TPM_RH_ENDORSEMENT only, else TPM_RC_VALUE;
     * TPM_RC_HIERARCHY if disabled (load status).
     */
    public static HandleSpec endorsement(AuthRole role) {
        return new HandleSpec(role, handle -> require(handle == TpmHandles.RH_ENDORSEMENT));
    }

    /** TPMI_RH_LOCKOUT (Part 2 §9.23): TPM_RH_LOCKOUT only, else TPM_RC_VALUE. */
    public static HandleSpec lockout(AuthRole role) {
        return new HandleSpec(role, handle -> require(handle == TpmHandles.RH_LOCKOUT));
    }

    /**
     * TPMI_RH_PROVISION (Part 2 §9.15): owner or platform, else TPM_RC_VALUE; a disabled one is
     * TPM_RC_HIERARCHY (load status).
     */
    public static HandleSpec provision(AuthRole role) {
        return new HandleSpec(role,
                handle -> require(handle == TpmHandles.RH_OWNER || handle == TpmHandles.RH_PLATFORM));
    }

    /**
     * TPMI_DH_OBJECT (Part 2 §9.3): a transient handle up to TRANSIENT_LAST or a persistent
     * handle, else TPM_RC_VALUE. Load status: an empty transient slot is TPM_RC_REFERENCE_H0
     * (numbered by the executor); a persistent object is loaded into a transient slot
     * ({@link PersistentObjectLoader}).
     */
    public static HandleSpec object(AuthRole role) {
        return new HandleSpec(role, handle -> require(isObject(handle)));
    }

    /**
     * TPMI_DH_CONTEXT (Part 2 §9.11): a transient handle up to TRANSIENT_LAST, or an HMAC or
     * policy session handle (index below MAX_ACTIVE_SESSIONS), else TPM_RC_VALUE. Load status: an
     * empty transient slot or a session that is not loaded is TPM_RC_REFERENCE_H0, a session of
     * the other kind (HMAC or policy) than the handle's type TPM_RC_HANDLE.
     */
    public static HandleSpec context(AuthRole role) {
        return new HandleSpec(role, handle -> require(isTransient(handle) || TpmHandles.isSessionHandle(handle)));
    }

    /** TPMI_DH_OBJECT+ (allowNull): TPM_RH_NULL, else as {@link #object}. */
    public static HandleSpec objectOrNull(AuthRole role) {
        return new HandleSpec(role, handle -> require(isObject(handle) || handle == TpmHandles.RH_NULL));
    }

    /**
     * TPMI_DH_PARENT+ (Part 2 §9.5, allowNull): a transient or persistent object as {@link #object},
     * owner, endorsement or platform (load status: TPM_RC_HIERARCHY if disabled) or TPM_RH_NULL,
     * else TPM_RC_VALUE.
     */
    public static HandleSpec parentOrNull(AuthRole role) {
        return new HandleSpec(role,
                handle -> require(isObject(handle) || isHierarchy(handle) || handle == TpmHandles.RH_NULL));
    }

    /**
     * TPMI_DH_ENTITY+ (Part 2 §9.4, allowNull): a hierarchy or lockout, a transient, persistent or
     * NV handle, a PCR, TPM_RH_AUTH_00..FF or TPM_RH_NULL, else TPM_RC_VALUE. Load status: a
     * disabled hierarchy is TPM_RC_HIERARCHY, an empty transient slot TPM_RC_REFERENCE_H0, a
     * persistent object as {@link #object}, an NV handle as {@link #nvIndex} and a vendor
     * authorization handle (TPM_RH_AUTH_xx) TPM_RC_VALUE.
     */
    public static HandleSpec entityOrNull(AuthRole role) {
        return new HandleSpec(role, handle -> require(isEntity(handle) || handle == TpmHandles.RH_NULL));
    }

    /** TPMI_DH_ENTITY (Part 2 §9.4) without TPM_RH_NULL (TPM_RC_VALUE), else as {@link #entityOrNull}. */
    public static HandleSpec entity(AuthRole role) {
        return new HandleSpec(role, handle -> require(isEntity(handle)));
    }

    /**
     * TPMI_SH_HMAC (Part 2 §9.8): an HMAC session handle in the implemented range, else
     * TPM_RC_VALUE. Load status: not loaded is TPM_RC_REFERENCE_H0, a policy session at that
     * handle index TPM_RC_HANDLE.
     */
    public static HandleSpec hmacSession(AuthRole role) {
        return new HandleSpec(role, handle -> require(TpmHandles.isSessionHandle(handle)
                && TpmHandles.type(handle) == TpmHandles.HT_HMAC_SESSION));
    }

    /**
     * TPMI_SH_POLICY (Part 2 §9.9): a policy session handle in the implemented range, else
     * TPM_RC_VALUE. Load status: not loaded is TPM_RC_REFERENCE_H0, an HMAC session at that
     * handle index TPM_RC_HANDLE.
     */
    public static HandleSpec policySession(AuthRole role) {
        return new HandleSpec(role, handle -> require(TpmHandles.isSessionHandle(handle)
                && TpmHandles.type(handle) == TpmHandles.HT_POLICY_SESSION));
    }

    /**
     * TPMI_RH_NV_INDEX (Part 2 §9.21): a handle of type TPM_HT_NV_INDEX, else TPM_RC_VALUE. Load
     * status (NvIndexIsAccessible): an undefined index is TPM_RC_HANDLE, and so is an
     * owner-created index while shEnable is CLEAR or a platform-created one while phEnableNV is
     * CLEAR.
     */
    public static HandleSpec nvIndex(AuthRole role) {
        return new HandleSpec(role, handle -> require(isNvIndex(handle)));
    }

    /**
     * TPMI_RH_NV_AUTH (Part 2 §9.22): owner, platform or an NV index, else TPM_RC_VALUE. Load
     * status: TPM_RC_HIERARCHY for a disabled hierarchy, an NV index as {@link #nvIndex}.
     */
    public static HandleSpec nvAuth(AuthRole role) {
        return new HandleSpec(role, handle -> require(handle == TpmHandles.RH_OWNER
                || handle == TpmHandles.RH_PLATFORM || isNvIndex(handle)));
    }

    private static boolean isPcr(int handle) {
        return Integer.compareUnsigned(handle, PcrAllocation.PCR_COUNT) < 0;
    }

    /** Owner, endorsement or platform. */
    private static boolean isHierarchy(int handle) {
        return handle == TpmHandles.RH_OWNER || handle == TpmHandles.RH_ENDORSEMENT
                || handle == TpmHandles.RH_PLATFORM;
    }

    /** TRANSIENT_FIRST..TRANSIENT_LAST (one handle per transient slot). */
    private static boolean isTransient(int handle) {
        return TpmHandles.type(handle) == TpmHandles.HT_TRANSIENT && (handle & 0xFFFFFF) < TransientObjects.SLOTS;
    }

    private static boolean isObject(int handle) {
        return isTransient(handle) || TpmHandles.type(handle) == TpmHandles.HT_PERSISTENT;
    }

    private static boolean isNvIndex(int handle) {
        return TpmHandles.type(handle) == TpmHandles.HT_NV_INDEX;
    }

    /** TPMI_DH_ENTITY without TPM_RH_NULL. */
    private static boolean isEntity(int handle) {
        return isHierarchy(handle) || handle == TpmHandles.RH_LOCKOUT || isObject(handle) || isNvIndex(handle)
                || isPcr(handle) || EntityLoadStatus.isVendorAuthorization(handle);
    }

    private static void require(boolean inType) {
        if (!inType) {
            throw new TpmRcException(TpmRc.VALUE);
        }
    }
}
