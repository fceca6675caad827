package org.swtpmjava.tpm.tpm2.command.capability;

import org.swtpmjava.tpm.tpm2.exec.CommandContext;

/** One TPM_CAP value of TPM2_GetCapability. */
@FunctionalInterface
public interface CapabilityProvider {
    /** MAX_CAP_DATA: MAX_CAP_BUFFER (1024) minus the capability selector and the list count. */
    int MAX_CAP_DATA = 1024 - 4 - 4;

    /**
     * The list starting at {@code property} with at most {@code count} entries; a failure is a
     * TpmRcException already numbered with its parameter.
     */
    CapabilityList read(long property, long count, CommandContext context);
}
