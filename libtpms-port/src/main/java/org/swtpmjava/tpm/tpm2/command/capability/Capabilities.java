package org.swtpmjava.tpm.tpm2.command.capability;

import java.util.Map;
import org.swtpmjava.tpm.tpm2.state.PersistentData;

/** The capability providers of TPM2_GetCapability by TPM_CAP (TPM_CAP_COMMANDS comes with the full command set). */
public final class Capabilities {
    private Capabilities() {
    }

    public static Map<Integer, CapabilityProvider> providers() {
        return Map.of(
                GetCapability.CAP_ALGS, new AlgorithmList(),
                GetCapability.CAP_HANDLES, new HandleList(),
                GetCapability.CAP_PP_COMMANDS, new CommandCodeList(PersistentData::ppCommands),
                GetCapability.CAP_AUDIT_COMMANDS, new CommandCodeList(PersistentData::auditCommands),
                GetCapability.CAP_PCRS, new PcrAllocationList(),
                GetCapability.CAP_TPM_PROPERTIES, new TpmProperties(),
                GetCapability.CAP_PCR_PROPERTIES, new PcrPropertyList(),
                GetCapability.CAP_ECC_CURVES, new EccCurveList(),
                GetCapability.CAP_AUTH_POLICIES, new AuthPolicyList(),
                GetCapability.CAP_ACT, new ActList());
    }
}
