package org.swtpmjava.tpm.tpm2.state;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * The reference's PERSISTENT_DATA ({@code gp}): values kept in NV and written back whenever they
 * change (libtpms.md §4.4). Field order follows the reference structure.
 */
public final class PersistentData {
    private boolean disableClear;
    private HierarchyAuth owner = HierarchyAuth.empty();
    private HierarchyAuth endorsement = HierarchyAuth.empty();
    private HierarchyAuth lockout = HierarchyAuth.empty();
    private PrimarySeeds seeds;
    private HierarchyProofs proofs;
    private long totalResetCount;
    private int resetCount;
    private PcrPolicy pcrPolicy = PcrPolicy.none();
    private PcrAllocation pcrAllocated = PcrAllocation.allBanks();
    private final SortedSet<Integer> ppCommands = new TreeSet<>();
    private int failedTries;
    private int maxTries;
    private int recoveryTime;
    private int lockoutRecovery;
    private boolean lockoutAuthEnabled;
    private int orderlyState;
    private final SortedSet<Integer> auditCommands = new TreeSet<>();
    private int auditHashAlg;
    private long auditCounter;
    private int algorithmSet;
    private int firmwareV1;
    private int firmwareV2;
    private int timeEpoch;

    /** The policy of the single PCR policy group (NUM_POLICY_PCR_GROUP 1). */
    public record PcrPolicy(int hashAlg, byte[] policy) {
        public PcrPolicy {
            policy = policy.clone();
        }

        public static PcrPolicy none() {
            return new PcrPolicy(TpmAlgId.NULL, new byte[0]);
        }

        /**
         * PCRGetAuthPolicy != TPM_ALG_NULL for a PCR of the policy group: authorizing that PCR
         * then needs a policy session (reference IsPolicySessionRequired).
         */
        public boolean governs(int pcr) {
            return hashAlg != TpmAlgId.NULL && PcrAttributes.inPolicyGroup(pcr);
        }

        @Override
        public byte[] policy() {
            return policy.clone();
        }
    }

    /** DAPreInstall_Init defaults. */
    private static final int MAX_TRIES = 3;
    private static final int RECOVERY_TIME = 1000;
    private static final int LOCKOUT_RECOVERY = 1000;

    /** DAPreInstall_Init: the manufacturing defaults of the DA parameters (also TPM2_Clear). */
    public void preInstallDictionaryAttack() {
        failedTries = 0;
        maxTries = MAX_TRIES;
        recoveryTime = RECOVERY_TIME;
        lockoutRecovery = LOCKOUT_RECOVERY;
        lockoutAuthEnabled = true;
    }

    public boolean disableClear() { return disableClear; }
    public void setDisableClear(boolean value) { disableClear = value; }

    public HierarchyAuth owner() { return owner; }
    public void setOwner(HierarchyAuth value) { owner = value; }

    public HierarchyAuth endorsement() { return endorsement; }
    public void setEndorsement(HierarchyAuth value) { endorsement = value; }

    public HierarchyAuth lockout() { return lockout; }
    public void setLockout(HierarchyAuth value) { lockout = value; }

    public PrimarySeeds seeds() { return seeds; }
    public void setSeeds(PrimarySeeds value) { seeds = value; }

    public HierarchyProofs proofs() { return proofs; }
    public void setProofs(HierarchyProofs value) { proofs = value; }

    public long totalResetCount() { return totalResetCount; }
    public void setTotalResetCount(long value) { totalResetCount = value; }

    public int resetCount() { return resetCount; }
    public void setResetCount(int value) { resetCount = value; }

    public PcrPolicy pcrPolicy() { return pcrPolicy; }
    public void setPcrPolicy(PcrPolicy value) { pcrPolicy = value; }

    /** The allocation stored in NV (PCR_Allocate changes it; it takes effect at the next reset). */
    public PcrAllocation pcrAllocated() { return pcrAllocated; }
    public void setPcrAllocated(PcrAllocation value) { pcrAllocated = value; }

    /** Commands that need physical presence (ppList), as command codes. */
    public SortedSet<Integer> ppCommands() { return Collections.unmodifiableSortedSet(ppCommands); }
    public void setPpCommands(Iterable<Integer> codes) { replace(ppCommands, codes); }

    public int failedTries() { return failedTries; }
    public void setFailedTries(int value) { failedTries = value; }

    public int maxTries() { return maxTries; }
    public void setMaxTries(int value) { maxTries = value; }

    /** Seconds for one failedTries decrement (DA self-healing). */
    public int recoveryTime() { return recoveryTime; }
    public void setRecoveryTime(int value) { recoveryTime = value; }

    /** Seconds lockoutAuth stays blocked after a failure. */
    public int lockoutRecovery() { return lockoutRecovery; }
    public void setLockoutRecovery(int value) { lockoutRecovery = value; }

    public boolean lockoutAuthEnabled() { return lockoutAuthEnabled; }
    public void setLockoutAuthEnabled(boolean value) { lockoutAuthEnabled = value; }

    /** TPM_SU of the last Shutdown plus flags, or SU_NONE_VALUE / SU_DA_USED_VALUE (TpmSu). */
    public int orderlyState() { return orderlyState; }
    public void setOrderlyState(int value) { orderlyState = value; }

    /** Commands whose audit flag is set, as command codes. */
    public SortedSet<Integer> auditCommands() { return Collections.unmodifiableSortedSet(auditCommands); }
    /** True if {@code commandCode} is in the audited list (checked for every command). */
    public boolean isAudited(int commandCode) { return auditCommands.contains(commandCode); }
    public void setAuditCommands(Iterable<Integer> codes) { replace(auditCommands, codes); }

    public int auditHashAlg() { return auditHashAlg; }
    public void setAuditHashAlg(int value) { auditHashAlg = value; }

    public long auditCounter() { return auditCounter; }
    public void setAuditCounter(long value) { auditCounter = value; }

    public int algorithmSet() { return algorithmSet; }
    public void setAlgorithmSet(int value) { algorithmSet = value; }

    /** TPM_PT_FIRMWARE_VERSION_1, fixed at manufacture in libtpms 0.9/0.10. */
    public int firmwareV1() { return firmwareV1; }
    public void setFirmwareV1(int value) { firmwareV1 = value; }

    public int firmwareV2() { return firmwareV2; }
    public void setFirmwareV2(int value) { firmwareV2 = value; }

    public int timeEpoch() { return timeEpoch; }
    public void setTimeEpoch(int value) { timeEpoch = value; }

    private static void replace(SortedSet<Integer> target, Iterable<Integer> codes) {
        target.clear();
        codes.forEach(target::add);
    }
}
