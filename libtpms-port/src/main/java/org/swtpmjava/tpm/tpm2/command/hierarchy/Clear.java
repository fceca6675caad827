package org.swtpmjava.tpm.tpm2.command.hierarchy;

import org.swtpmjava.tpm.tpm2.crypto.TpmRandom;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ParameterlessCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.HierarchyAuth;
import org.swtpmjava.tpm.tpm2.state.HierarchyProofs;
import org.swtpmjava.tpm.tpm2.state.OrderlyData;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.PrimarySeeds;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.state.libtpms.CarriedNvFlush;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * TPM2_Clear (Part 3 §24.6): authHandle (TPMI_RH_CLEAR, USER) unless disableClear
 * (TPM_RC_DISABLED): a new storage primary seed, new storage and endorsement proofs (in that
 * order from the DRBG), storage and endorsement hierarchies enabled, owner/endorsement/lockout
 * auth values and policies emptied, DA parameters back to their defaults, clock 0 and safe,
 * resetCount/restartCount/clearCount and the audit counter 0, and the orderly state cleared.
 * Owner NV indices and owner and endorsement persistent objects carried from a libtpms state
 * are flushed ({@link CarriedNvFlush}).
 */
public final class Clear extends ParameterlessCommand {
    @Override
    protected CommandOutput execute(CommandContext context) {
        TpmState state = context.state();
        PersistentData persistent = state.persistent();
        if (persistent.disableClear()) {
            throw new TpmRcException(TpmRc.DISABLED);
        }
        TpmRandom random = context.random();
        PrimarySeeds seeds = persistent.seeds();
        persistent.setSeeds(new PrimarySeeds(seeds.endorsement(), random.generate(PrimarySeeds.SIZE), seeds.platform(),
                seeds.endorsementCompat(), PrimarySeeds.COMPAT_LEVEL_LAST, seeds.platformCompat()));
        byte[] storageProof = random.generate(PrimarySeeds.SIZE);
        byte[] endorsementProof = random.generate(PrimarySeeds.SIZE);
        persistent.setProofs(new HierarchyProofs(persistent.proofs().platform(), storageProof, endorsementProof));
        state.clearData().setShEnable(true);
        state.clearData().setEhEnable(true);
        state.objects().flushHierarchy(TpmHandles.RH_OWNER);
        state.objects().flushHierarchy(TpmHandles.RH_ENDORSEMENT);
        persistent.setOwner(HierarchyAuth.empty());
        persistent.setEndorsement(HierarchyAuth.empty());
        persistent.setLockout(HierarchyAuth.empty());
        persistent.preInstallDictionaryAttack();
        OrderlyData orderly = state.orderly();
        orderly.setClock(0);
        orderly.setClockSafe(true);
        state.nv().writeOrderly(orderly);
        persistent.setResetCount(0);
        state.resetData().setRestartCount(0);
        state.resetData().setClearCount(0);
        persistent.setAuditCounter(0);
        // NvFlushHierarchy(TPM_RH_OWNER), then (TPM_RH_ENDORSEMENT): NV content carried from libtpms
        if (CarriedNvFlush.flush(state, CarriedNvFlush.Hierarchy.OWNER, CarriedNvFlush.Hierarchy.ENDORSEMENT)) {
            context.requestOrderlyRamUpdate();
        }
        context.requestNvCommit();
        context.clearOrderly();
        return CommandOutput.NONE;
    }
}
