package org.swtpmjava.tpm.tpm2.command.capability;

import java.util.Map;
import org.swtpmjava.tpm.tpm2.state.PersistentData;

/** The capability providers of TPM2_GetCapability by TPM_CAP. */
public final class Capabilities {
    private Capabilities() {
    }

    public static Map<Integer, CapabilityProvider> providers() {
        return Map.ofEntries(
                Map.entry(GetCapability.CAP_ALGS, new AlgorithmList()),
                Map.entry(GetCapability.CAP_HANDLES, new HandleList()),
                Map.entry(GetCapability.CAP_COMMANDS, new CommandList()),
                Map.entry(GetCapability.CAP_PP_COMMANDS, new CommandCodeList(PersistentData::ppCommands)),
                Map.entry(GetCapability.CAP_AUDIT_COMMANDS, new CommandCodeList(PersistentData::auditCommands)),
                Map.entry(GetCapability.CAP_PCRS, new PcrAllocationList()),
                Map.entry(GetCapability.CAP_TPM_PROPERTIES, new TpmProperties()),
                Map.entry(GetCapability.CAP_PCR_PROPERTIES, new PcrPropertyList()),
                Map.entry(GetCapability.CAP_ECC_CURVES, new EccCurveList()),
                Map.entry(GetCapability.CAP_AUTH_POLICIES, new AuthPolicyList()),
                Map.entry(GetCapability.CAP_ACT, new ActList()));
    }
}
