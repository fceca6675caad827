package org.swtpmjava.tpm.tpm2.session;

import org.swtpmjava.tpm.tpm2.state.libtpms.NvIndices;
import org.swtpmjava.tpm.tpm2.types.TpmsNvPublic;
import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.PcrAttributes;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;

/**
 * The authValue of an entity and its dictionary-attack status (reference Entity.c
 * EntityGetAuthValue, DA.c IsDAExempted), for the entities this engine has: PCRs and the
 * permanent hierarchy handles, TPM_RH_NULL (empty authValue) and sequence objects.
 */
public final class EntityAuth {
    private EntityAuth() {
    }

    /** The entity's authValue with trailing zeros removed. */
    public static byte[] authValue(int handle, TpmState state) {
        byte[] value;
        if (TpmHandles.type(handle) == TpmHandles.HT_PCR) {
            // PCRs 20-22 share the authorization group's value; every other PCR has none.
            value = PcrAttributes.inPolicyGroup(handle) ? state.clearData().pcrAuthValue() : new byte[0];
        } else if (TpmHandles.type(handle) == TpmHandles.HT_TRANSIENT) {
            value = state.objects().get(handle).authValue();
        } else if (TpmHandles.type(handle) == TpmHandles.HT_NV_INDEX) {
            // an index just removed by NV_UndefineSpaceSpecial: SessionRemoveAssociationToHandle
            NvIndices.Index index = NvAuthRules.index(handle, state);
            value = index == null ? new byte[0] : index.authValue();
        } else {
            value = switch (handle) {
                case TpmHandles.RH_OWNER -> state.persistent().owner().authValue();
                case TpmHandles.RH_ENDORSEMENT -> state.persistent().endorsement().authValue();
                case TpmHandles.RH_LOCKOUT -> state.persistent().lockout().authValue();
                case TpmHandles.RH_PLATFORM -> state.clearData().platformAuth();
                case TpmHandles.RH_NULL -> new byte[0];
                default -> throw new IllegalArgumentException(String.format("no authValue for 0x%08x", handle));
            };
        }
        return removeTrailingZeros(value);
    }

    /**
     * PCRs, sequence objects (noDA), objects with noDA and every permanent handle but
     * TPM_RH_LOCKOUT are exempt from DA protection.
     */
    public static boolean isDaExempt(int handle, TpmState state) {
        if (TpmHandles.type(handle) == TpmHandles.HT_TRANSIENT) {
            LoadedObject object = state.objects().object(handle);
            return object == null || object.isDaExempt();
        }
        if (TpmHandles.type(handle) == TpmHandles.HT_NV_INDEX) {
            NvIndices.Index index = NvAuthRules.index(handle, state);
            return index == null || index.publicArea().has(TpmsNvPublic.NO_DA);
        }
        return handle != TpmHandles.RH_LOCKOUT;
    }

    /** MemoryRemoveTrailingZeros. */
    public static byte[] removeTrailingZeros(byte[] value) {
        int length = value.length;
        while (length > 0 && value[length - 1] == 0) {
            length--;
        }
        return Arrays.copyOf(value, length);
    }
}
