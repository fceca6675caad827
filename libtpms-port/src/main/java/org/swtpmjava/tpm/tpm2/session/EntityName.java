package org.swtpmjava.tpm.tpm2.session;

import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import java.nio.ByteBuffer;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;

/**
 * The Name of an entity (Part 1 §16, reference Entity.c EntityGetName) for the entities this
 * engine has: permanent handles, PCRs and sessions are named by their handle; loaded objects by
 * nameAlg || H(public area); sequence objects (nameAlg TPM_ALG_NULL) have the empty Name.
 */
public final class EntityName {
    /**
     * sizeof(TPMU_NAME) in libtpms: TPMT_HA (66 bytes) in a union with a TPM_HANDLE, padded to 68
     * (the bind values in libtpms' volatile blobs have 68 bytes, libtpms.md §4.10 item 9).
     */
    static final int BIND_VALUE_SIZE = 68;
    /** The same size bounds a TPM2B_NAME parameter (TPM_RC_SIZE above it). */
    public static final int MAX_NAME_SIZE = BIND_VALUE_SIZE;

    private EntityName() {
    }

    public static byte[] of(int handle, TpmState state) {
        if (TpmHandles.type(handle) == TpmHandles.HT_TRANSIENT) {
            LoadedObject object = state.objects().object(handle);
            return object == null ? new byte[0] : object.name();
        }
        if (TpmHandles.type(handle) == TpmHandles.HT_NV_INDEX) {
            NvIndices.Index index = NvAuthRules.index(handle, state);
            if (index != null) {
                return index.publicArea().name();
            }
        }
        return ByteBuffer.allocate(4).putInt(handle).array();
    }

    /**
     * SessionComputeBoundEntity: the Name, zero-padded to sizeof(TPMU_NAME), with the authValue
     * (trailing zeros removed) XORed into its last bytes. Compared to recognise the bind entity
     * when the session authorizes something (Part 1 §19.6.10).
     */
    public static byte[] bindValue(int handle, TpmState state) {
        byte[] value = new byte[BIND_VALUE_SIZE];
        byte[] name = of(handle, state);
        System.arraycopy(name, 0, value, 0, name.length);
        byte[] auth = EntityAuth.authValue(handle, state);
        int start = BIND_VALUE_SIZE - auth.length;
        for (int i = 0; i < auth.length; i++) {
            value[start + i] ^= auth[i];
        }
        return value;
    }
}
