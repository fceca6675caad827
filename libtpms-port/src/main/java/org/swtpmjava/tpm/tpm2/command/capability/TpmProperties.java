package org.swtpmjava.tpm.tpm2.command.capability;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.PersistentData;

/**
 * TPM_CAP_TPM_PROPERTIES (Part 3 §30.2, reference PropertyCap.c): the fixed group from PT_FIXED
 * (0x100) and the variable group from PT_VAR (0x200). A list never crosses a group; at most
 * MAX_TPM_PROPERTIES (127) entries.
 */
public final class TpmProperties implements CapabilityProvider {
    static final long PT_GROUP = 0x100;
    static final long PT_FIXED = 0x100;
    static final long PT_VAR = 0x200;
    /** MAX_CAP_DATA / sizeof(TPMS_TAGGED_PROPERTY). */
    static final int MAX_TPM_PROPERTIES = MAX_CAP_DATA / 8;

    /** One property: its TPM_PT and how to compute its value. */
    private record Property(int id, ToIntFunction<CommandContext> value) {
    }

    private final List<Property> properties;

    public TpmProperties() {
        List<Property> list = new ArrayList<>();
        FixedProperties.addTo((id, value) -> list.add(new Property(id, value)));
        VariableProperties.addTo((id, value) -> list.add(new Property(id, value)));
        properties = List.copyOf(list);
    }

    /** Receives property definitions. */
    @FunctionalInterface
    interface Sink {
        void add(int id, ToIntFunction<CommandContext> value);
    }

    @Override
    public CapabilityList read(long property, long count, CommandContext context) {
        long limit = Math.min(count, MAX_TPM_PROPERTIES);
        long start = Math.max(property, PT_FIXED);
        List<long[]> found = new ArrayList<>();
        boolean more = false;
        if (start < PT_VAR + PT_GROUP) {
            long groupEnd = (start / PT_GROUP) * PT_GROUP + PT_GROUP;
            for (Property candidate : properties) {
                long id = Integer.toUnsignedLong(candidate.id());
                if (id < start || id >= groupEnd) {
                    continue;
                }
                if (found.size() >= limit) {
                    more = true;
                    break;
                }
                found.add(new long[] {id, Integer.toUnsignedLong(candidate.value().applyAsInt(context))});
            }
        }
        return new CapabilityList(more, writer -> writeTagged(writer, found));
    }

    private static void writeTagged(TpmWriter writer, List<long[]> entries) {
        writer.writeU32(entries.size());
        for (long[] entry : entries) {
            writer.writeU32(entry[0]).writeU32(entry[1]);
        }
    }

    /** TPMA_PERMANENT (Part 2, Table 38) from PERSISTENT_DATA. */
    static int permanentAttributes(PersistentData persistent) {
        int value = 0;
        value |= persistent.owner().hasAuthValue() ? 1 : 0;
        value |= persistent.endorsement().hasAuthValue() ? 1 << 1 : 0;
        value |= persistent.lockout().hasAuthValue() ? 1 << 2 : 0;
        value |= persistent.disableClear() ? 1 << 8 : 0;
        value |= Integer.compareUnsigned(persistent.failedTries(), persistent.maxTries()) >= 0 ? 1 << 9 : 0;
        return value | 1 << 10; // tpmGeneratedEPS: the EPS always comes from the TPM's DRBG
    }
}
