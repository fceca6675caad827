package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.List;
import org.swtpmjava.tpm.tpm2.state.UnmodeledState;

/**
 * The handles of the NV indices and persistent objects carried from a libtpms state, in
 * ascending order as NvCapGetIndex / NvCapGetPersistent insert-sort them (TPM_CAP_HANDLES).
 */
public final class CarriedNvHandles {
    private CarriedNvHandles() {
    }

    /** NV index handles (type 0x01). */
    public static List<Long> nvIndices(UnmodeledState carried) {
        return handles(carried, true);
    }

    /** Persistent object handles (type 0x81). */
    public static List<Long> persistentObjects(UnmodeledState carried) {
        return handles(carried, false);
    }

    private static List<Long> handles(UnmodeledState carried, boolean nvIndices) {
        if (carried.userNvram() == null) {
            return List.of();
        }
        try {
            return UserNvramSection.parse(new NvMarshalReader(carried.userNvram())).entries().stream()
                    .filter(entry -> entry.isNvIndex() == nvIndices)
                    .map(entry -> Integer.toUnsignedLong(entry.handle())).sorted().toList();
        } catch (LibtpmsFormatException e) {
            throw new IllegalStateException("carried NV content no longer parses: " + e.getMessage(), e);
        }
    }
}
