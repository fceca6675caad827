package org.swtpmjava.tpm.tpm2.state.libtpms;

import org.swtpmjava.tpm.tpm2.state.HierarchyAuth;
import org.swtpmjava.tpm.tpm2.state.HierarchyProofs;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.PrimarySeeds;

/**
 * PERSISTENT_DATA (libtpms.md §4.4), versions 2 to 5. 0.9 writes version 4 (min 4): the
 * compressed command bit arrays, then a block with the allocation in effect in RAM and a nested
 * block with the three seed compatibility levels. Version 5 differs only in the bit arrays.
 */
final class PersistentDataSection {
    static final int MAGIC = 0x12213443;
    /** The newest version this reader knows (HEAD's, for SFL >= 3). */
    static final int NEWEST_VERSION = 5;
    /** What 0.9 writes. */
    static final int VERSION_0_9 = 4;
    /** TPM2B_DIGEST, TPM2B_AUTH, seeds and proofs: sizeof(TPMU_HA) = PRIMARY_SEED_SIZE = PROOF_SIZE = 64. */
    static final int MAX_VALUE = 64;
    /** NUM_POLICY_PCR_GROUP. */
    private static final int POLICY_GROUPS = 1;
    private static final int PCR_POLICY_MAGIC = 0x176BE626;
    private static final int PCR_POLICY_VERSION = 2;
    /** SEED_COMPAT_LEVEL_LAST of 0.9. */
    private static final int COMPAT_LEVEL_LAST = PrimarySeeds.COMPAT_LEVEL_LAST;
    /** sizeof(UINT32): timeEpoch without CLOCK_STOPS. */
    private static final int TIME_EPOCH_SIZE = 4;

    /** The section's content: the persistent data and the allocation that was in effect in RAM. */
    record Content(PersistentData data, PcrAllocation ramAllocation, int version) {
    }

    private PersistentDataSection() {
    }

    static Content read(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(MAGIC, NEWEST_VERSION, "PERSISTENT_DATA");
        PersistentData p = new PersistentData();
        p.setDisableClear(r.bool());
        int ownerAlg = r.u16();
        int endorsementAlg = r.u16();
        int lockoutAlg = r.u16();
        byte[] ownerPolicy = r.tpm2b(MAX_VALUE, "ownerPolicy");
        byte[] endorsementPolicy = r.tpm2b(MAX_VALUE, "endorsementPolicy");
        byte[] lockoutPolicy = r.tpm2b(MAX_VALUE, "lockoutPolicy");
        p.setOwner(new HierarchyAuth(ownerAlg, ownerPolicy, r.tpm2b(MAX_VALUE, "ownerAuth")));
        p.setEndorsement(new HierarchyAuth(endorsementAlg, endorsementPolicy, r.tpm2b(MAX_VALUE, "endorsementAuth")));
        p.setLockout(new HierarchyAuth(lockoutAlg, lockoutPolicy, r.tpm2b(MAX_VALUE, "lockoutAuth")));
        byte[] eps = r.tpm2b(MAX_VALUE, "EPSeed");
        byte[] sps = r.tpm2b(MAX_VALUE, "SPSeed");
        byte[] pps = r.tpm2b(MAX_VALUE, "PPSeed");
        p.setProofs(new HierarchyProofs(r.tpm2b(MAX_VALUE, "phProof"), r.tpm2b(MAX_VALUE, "shProof"),
                r.tpm2b(MAX_VALUE, "ehProof")));
        p.setTotalResetCount(r.u64());
        p.setResetCount(r.u32());
        if (r.block(true, "PCR_POLICY")) {
            p.setPcrPolicy(readPcrPolicy(r));
        }
        PcrAllocation allocated = PcrSelectionCodec.read(r);
        p.setPcrAllocated(allocated);
        p.setPpCommands(CommandBitArray.decode(r.bytes(r.u16()), version));
        p.setFailedTries(r.u32());
        p.setMaxTries(r.u32());
        p.setRecoveryTime(r.u32());
        p.setLockoutRecovery(r.u32());
        p.setLockoutAuthEnabled(r.bool());
        p.setOrderlyState(r.u16());
        p.setAuditCommands(CommandBitArray.decode(r.bytes(r.u16()), version));
        p.setAuditHashAlg(r.u16());
        p.setAuditCounter(r.u64());
        p.setAlgorithmSet(r.u32());
        p.setFirmwareV1(r.u32());
        p.setFirmwareV2(r.u32());
        int clockSize = r.u8();
        if (clockSize != TIME_EPOCH_SIZE) {
            throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "timeEpoch of " + clockSize + " bytes");
        }
        p.setTimeEpoch(r.u32());
        // Readers of version <= 3 data default the compat levels to SEED_COMPAT_LEVEL_ORIGINAL (0).
        int[] compat = new int[3];
        PcrAllocation ramAllocation = allocated;
        if (version >= 2 && r.block(version >= 3, "PERSISTENT_DATA version 3 or later")) {
            ramAllocation = PcrSelectionCodec.read(r);
            if (r.block(version >= 4, "PERSISTENT_DATA version 4 or later")) {
                for (int i = 0; i < compat.length; i++) {
                    compat[i] = readCompatLevel(r, "primary seed");
                }
                r.block(false, "PERSISTENT_DATA version 5 or later");
            }
        }
        p.setSeeds(new PrimarySeeds(eps, sps, pps, compat[0], compat[1], compat[2]));
        return new Content(p, ramAllocation, version);
    }

    /**
     * Writes {@code version} 4 (0.9) or 5; {@code ramAllocation} is the allocation in effect
     * (gp.pcrAllocated), {@code p.pcrAllocated()} the one stored for the next reset.
     */
    static void write(NvMarshalWriter w, PersistentData p, PcrAllocation ramAllocation, int version) {
        w.header(version, MAGIC, version);
        w.bool(p.disableClear());
        w.u16(p.owner().policyAlg()).u16(p.endorsement().policyAlg()).u16(p.lockout().policyAlg());
        w.tpm2b(p.owner().policy()).tpm2b(p.endorsement().policy()).tpm2b(p.lockout().policy());
        w.tpm2b(p.owner().authValue()).tpm2b(p.endorsement().authValue()).tpm2b(p.lockout().authValue());
        PrimarySeeds seeds = p.seeds();
        w.tpm2b(seeds.endorsement()).tpm2b(seeds.storage()).tpm2b(seeds.platform());
        HierarchyProofs proofs = p.proofs();
        w.tpm2b(proofs.platform()).tpm2b(proofs.storage()).tpm2b(proofs.endorsement());
        w.u64(p.totalResetCount()).u32(p.resetCount());
        w.openBlock(true);
        writePcrPolicy(w, p.pcrPolicy());
        w.closeBlock();
        PcrSelectionCodec.write(w, p.pcrAllocated());
        byte[] pp = version >= 5 ? CommandBitArray.encodeByCode(p.ppCommands())
                : CommandBitArray.encodeCompressed(p.ppCommands());
        w.u16(pp.length).bytes(pp);
        w.u32(p.failedTries()).u32(p.maxTries()).u32(p.recoveryTime()).u32(p.lockoutRecovery());
        w.bool(p.lockoutAuthEnabled()).u16(p.orderlyState());
        byte[] audit = version >= 5 ? CommandBitArray.encodeByCode(p.auditCommands())
                : CommandBitArray.encodeCompressed(p.auditCommands());
        w.u16(audit.length).bytes(audit);
        w.u16(p.auditHashAlg()).u64(p.auditCounter());
        w.u32(p.algorithmSet()).u32(p.firmwareV1()).u32(p.firmwareV2());
        w.u8(TIME_EPOCH_SIZE).u32(p.timeEpoch());
        w.openBlock(true);
        PcrSelectionCodec.write(w, ramAllocation);
        w.openBlock(true);
        w.u8(seeds.endorsementCompat()).u8(seeds.storageCompat()).u8(seeds.platformCompat());
        w.emptyFutureBlock();
        w.closeBlock();
        w.closeBlock();
    }

    /** SEED_COMPAT_LEVEL_Unmarshal: a level above the newest this TPM knows is TPM_RC_BAD_VERSION. */
    static int readCompatLevel(NvMarshalReader r, String what) throws LibtpmsFormatException {
        int level = r.u8();
        if (level > COMPAT_LEVEL_LAST) {
            throw new LibtpmsFormatException(LibtpmsRc.BAD_VERSION, what + " compat level " + level);
        }
        return level;
    }

    /** PCR_POLICY: one entry per policy group (hash alg as a plain TPM_ALG_ID, TPM2B_DIGEST). */
    private static PersistentData.PcrPolicy readPcrPolicy(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(PCR_POLICY_MAGIC, PCR_POLICY_VERSION, "PCR_POLICY");
        int count = r.u16();
        if (count != POLICY_GROUPS) {
            throw new LibtpmsFormatException(LibtpmsRc.SIZE, "PCR_POLICY with " + count + " groups");
        }
        PersistentData.PcrPolicy policy = new PersistentData.PcrPolicy(r.u16(), r.tpm2b(MAX_VALUE, "PCR policy"));
        if (version >= 2) {
            r.block(false, "PCR_POLICY future versions");
        }
        return policy;
    }

    private static void writePcrPolicy(NvMarshalWriter w, PersistentData.PcrPolicy policy) {
        w.header(PCR_POLICY_VERSION, PCR_POLICY_MAGIC, 1).u16(POLICY_GROUPS);
        w.u16(policy.hashAlg()).tpm2b(policy.policy());
        w.emptyFutureBlock();
    }
}
