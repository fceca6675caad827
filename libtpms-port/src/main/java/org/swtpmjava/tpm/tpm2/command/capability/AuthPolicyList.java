package org.swtpmjava.tpm.tpm2.command.capability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.HierarchyAuth;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.StateClearData;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM_CAP_AUTH_POLICIES (reference PermanentHandleGetPolicy): the policy of each permanent
 * handle that has one (owner, lockout, endorsement, platform) as TPMS_TAGGED_POLICY.
 */
final class AuthPolicyList implements CapabilityProvider {
    /** MAX_CAP_DATA / sizeof(TPMS_TAGGED_POLICY) = 1016 / 72. */
    private static final int MAX_TAGGED_POLICIES = MAX_CAP_DATA / 72;

    private record Policy(int handle, int hashAlg, byte[] digest) {
    }

    @Override
    public CapabilityList read(long property, long count, CommandContext context) {
        if ((property >>> 24) != TpmHandles.HT_PERMANENT) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 2));
        }
        PersistentData persistent = context.state().persistent();
        StateClearData clear = context.state().clearData();
        List<Policy> policies = new ArrayList<>();
        for (long handle : HandleList.PERMANENT) {
            if (handle < property) {
                continue;
            }
            switch ((int) handle) {
                case TpmHandles.RH_OWNER -> policies.add(of(handle, persistent.owner()));
                case TpmHandles.RH_LOCKOUT -> policies.add(of(handle, persistent.lockout()));
                case TpmHandles.RH_ENDORSEMENT -> policies.add(of(handle, persistent.endorsement()));
                case TpmHandles.RH_PLATFORM -> policies.add(
                        new Policy((int) handle, clear.platformAlg(), clear.platformPolicy()));
                default -> { }
            }
        }
        Page<Policy> page = Page.of(policies, count, MAX_TAGGED_POLICIES);
        return new CapabilityList(page.more(), writer -> {
            writer.writeU32(page.items().size());
            for (Policy policy : page.items()) {
                // TPMT_HA: the digest has the size of its algorithm (none for TPM_ALG_NULL).
                byte[] digest = Arrays.copyOf(policy.digest(), Hashes.digestSize(policy.hashAlg()));
                writer.writeU32(policy.handle()).writeU16(policy.hashAlg()).writeBytes(digest);
            }
        });
    }

    private static Policy of(long handle, HierarchyAuth auth) {
        return new Policy((int) handle, auth.policyAlg(), auth.policy());
    }
}
