package org.swtpmjava.tpm.tpm2.types;

/** Handle types and reserved handles (Part 2, Tables 26-28) and the reference's handle ranges. */
public final class TpmHandles {
    public static final int HT_PCR = 0x00;
    public static final int HT_NV_INDEX = 0x01;
    public static final int HT_HMAC_SESSION = 0x02;
    public static final int HT_POLICY_SESSION = 0x03;
    public static final int HT_PERMANENT = 0x40;
    public static final int HT_TRANSIENT = 0x80;
    public static final int HT_PERSISTENT = 0x81;

    public static final int RH_OWNER = 0x40000001;
    public static final int RH_NULL = 0x40000007;
    public static final int RS_PW = 0x40000009;
    public static final int RH_LOCKOUT = 0x4000000A;
    public static final int RH_ENDORSEMENT = 0x4000000B;
    public static final int RH_PLATFORM = 0x4000000C;
    public static final int RH_PLATFORM_NV = 0x4000000D;
    /** The reference's marker for "no handle" (TPM_RH_UNASSIGNED). */
    public static final int RH_UNASSIGNED = 0x40000008;

    /** MAX_ACTIVE_SESSIONS of libtpms: session handles are type << 24 | 0..63. */
    public static final int MAX_ACTIVE_SESSIONS = 64;

    /**
     * Persistent handles (Part 2 §7.5): the owner's from PERSISTENT_FIRST, the platform's from
     * PLATFORM_PERSISTENT (the reference's split of the range) to PERSISTENT_LAST.
     */
    public static final int PERSISTENT_FIRST = 0x81000000;
    public static final int PLATFORM_PERSISTENT = 0x81800000;
    public static final int PERSISTENT_LAST = 0x81FFFFFF;

    private TpmHandles() {
    }

    /** NvIsPlatformPersistentHandle: PLATFORM_PERSISTENT..PERSISTENT_LAST. */
    public static boolean isPlatformPersistent(int handle) {
        return Integer.compareUnsigned(handle, PLATFORM_PERSISTENT) >= 0
                && Integer.compareUnsigned(handle, PERSISTENT_LAST) <= 0;
    }

    /** The handle type: the most significant octet. */
    public static int type(int handle) {
        return handle >>> 24;
    }

    /** True for an HMAC or policy session handle inside the implemented range. */
    public static boolean isSessionHandle(int handle) {
        int type = type(handle);
        int index = handle & 0x00FFFFFF;
        return (type == HT_HMAC_SESSION || type == HT_POLICY_SESSION) && index < MAX_ACTIVE_SESSIONS;
    }
}
