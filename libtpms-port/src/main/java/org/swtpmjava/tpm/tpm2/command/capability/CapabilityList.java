package org.swtpmjava.tpm.tpm2.command.capability;

import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * The answer of one capability: moreData and the TPMU_CAPABILITIES list that follows the
 * capability selector in the response.
 */
public record CapabilityList(boolean moreData, ListWriter list) {

    /** Writes the list (count and entries). */
    @FunctionalInterface
    public interface ListWriter {
        void write(TpmWriter writer);
    }
}
