package org.swtpmjava.tpm.tpm2.command.hierarchy;

import org.swtpmjava.tpm.tpm2.crypto.TpmRandom;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ParameterlessCommand;
import org.swtpmjava.tpm.tpm2.state.HierarchyAuth;
import org.swtpmjava.tpm.tpm2.state.HierarchyProofs;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.PrimarySeeds;
import org.swtpmjava.tpm.tpm2.state.libtpms.CarriedNvFlush;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;

/**
 * TPM2_ChangeEPS (Part 3 §24.5): authHandle (TPMI_RH_PLATFORM, USER) gives the endorsement
 * hierarchy a new primary seed and then a new proof (DRBG order), enables it, and empties its
 * authValue and policy; the orderly state is cleared. Endorsement persistent objects carried
 * from a libtpms state are flushed ({@link CarriedNvFlush}).
 */
public final class ChangeEps extends ParameterlessCommand {
    @Override
    protected CommandOutput execute(CommandContext context) {
        PersistentData persistent = context.state().persistent();
        TpmRandom random = context.random();
        PrimarySeeds seeds = persistent.seeds();
        persistent.setSeeds(new PrimarySeeds(random.generate(PrimarySeeds.SIZE), seeds.storage(), seeds.platform(),
                PrimarySeeds.COMPAT_LEVEL_LAST, seeds.storageCompat(), seeds.platformCompat()));
        HierarchyProofs proofs = persistent.proofs();
        persistent.setProofs(new HierarchyProofs(proofs.platform(), proofs.storage(), random.generate(PrimarySeeds.SIZE)));
        context.state().clearData().setEhEnable(true);
        context.state().objects().flushHierarchy(TpmHandles.RH_ENDORSEMENT);
        persistent.setEndorsement(HierarchyAuth.empty());
        // NvFlushHierarchy(TPM_RH_ENDORSEMENT): persistent objects carried from libtpms
        context.state().nv().setUnmodeled(CarriedNvFlush.flush(context.state().nv().unmodeled(),
                CarriedNvFlush.Hierarchy.ENDORSEMENT));
        context.requestNvCommit();
        context.clearOrderly();
        return CommandOutput.NONE;
    }
}
