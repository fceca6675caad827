package org.swtpmjava.tpm.tpm2;

import java.util.List;
import org.swtpmjava.tpm.EntropySource;
import org.swtpmjava.tpm.tpm2.crypto.CtrDrbg;
import org.swtpmjava.tpm.tpm2.crypto.TpmRandom;
import org.swtpmjava.tpm.tpm2.platform.EmulatedLibtpms;
import org.swtpmjava.tpm.tpm2.state.HierarchyAuth;
import org.swtpmjava.tpm.tpm2.state.HierarchyProofs;
import org.swtpmjava.tpm.tpm2.state.NvImage;
import org.swtpmjava.tpm.tpm2.state.OrderlyData;
import org.swtpmjava.tpm.tpm2.state.PcrAllocation;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.PrimarySeeds;
import org.swtpmjava.tpm.tpm2.state.StateClearData;
import org.swtpmjava.tpm.tpm2.state.StateResetData;
import org.swtpmjava.tpm.tpm2.state.codec.PermanentStateCodec.PermanentState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmCc;
import org.swtpmjava.tpm.tpm2.types.TpmSu;

/**
 * Makes a new TPM the way the reference's TPM_Manufacture does (Manufacture.c): DRBG
 * instantiated from 48 entropy bytes, a commit nonce drawn (and discarded, but it advances the
 * DRBG), then the three primary seeds and three proofs, default DA parameters, PP and audit
 * lists, orderly state CLEAR and the compiled firmware version.
 */
final class Manufacturer {
    /** PRIMARY_SEED_SIZE = PROOF_SIZE = sizeof(TPMU_HA) = 64. */
    private static final int SECRET_SIZE = 64;

    private Manufacturer() {
    }

    static PermanentState manufacture(EntropySource entropy, EmulatedLibtpms version) {
        OrderlyData orderly = new OrderlyData(CtrDrbg.uninstantiated());
        TpmRandom random = new TpmRandom(entropy, orderly.drbg());
        random.startup();
        random.generate(SECRET_SIZE); // CryptStartup(SU_RESET) draws gr.commitNonce
        PersistentData persistent = new PersistentData();
        persistent.setDisableClear(false);
        byte[] endorsementSeed = random.generate(SECRET_SIZE);
        byte[] storageSeed = random.generate(SECRET_SIZE);
        byte[] platformSeed = random.generate(SECRET_SIZE);
        persistent.setSeeds(new PrimarySeeds(endorsementSeed, storageSeed, platformSeed,
                PrimarySeeds.COMPAT_LEVEL_LAST, PrimarySeeds.COMPAT_LEVEL_LAST, PrimarySeeds.COMPAT_LEVEL_LAST));
        persistent.setOwner(HierarchyAuth.empty());
        persistent.setEndorsement(HierarchyAuth.empty());
        persistent.setLockout(HierarchyAuth.empty());
        byte[] platformProof = random.generate(SECRET_SIZE);
        byte[] storageProof = random.generate(SECRET_SIZE);
        byte[] endorsementProof = random.generate(SECRET_SIZE);
        persistent.setProofs(new HierarchyProofs(platformProof, storageProof, endorsementProof));
        persistent.setPcrPolicy(PersistentData.PcrPolicy.none());
        persistent.setPcrAllocated(PcrAllocation.allBanks());
        persistent.preInstallDictionaryAttack();
        // PhysicalPresencePreInstall_Init: the PP_REQUIRED commands of libtpms (PP_Commands only).
        persistent.setPpCommands(List.of(TpmCc.PP_COMMANDS));
        // CommandAuditPreInstall_Init: SetCommandCodeAuditStatus is always audited.
        persistent.setAuditCommands(List.of(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS));
        persistent.setAuditHashAlg(TpmAlgId.SHA512);
        persistent.setAuditCounter(0);
        persistent.setOrderlyState(TpmSu.CLEAR);
        persistent.setFirmwareV1(version.firmwareV1());
        persistent.setFirmwareV2(version.firmwareV2());
        persistent.setTotalResetCount(0);
        orderly.setClock(0);
        orderly.setClockSafe(true);
        return new PermanentState(persistent, new NvImage(orderly, new StateResetData(), new StateClearData()));
    }
}
