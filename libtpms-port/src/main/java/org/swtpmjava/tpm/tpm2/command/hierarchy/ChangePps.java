package org.swtpmjava.tpm.tpm2.command.hierarchy;

import org.swtpmjava.tpm.tpm2.crypto.TpmRandom;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ParameterlessCommand;
import org.swtpmjava.tpm.tpm2.state.HierarchyProofs;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.PrimarySeeds;
import org.swtpmjava.tpm.tpm2.state.StateClearData;
import org.swtpmjava.tpm.tpm2.state.libtpms.CarriedNvFlush;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;

/**
 * TPM2_ChangePPS (Part 3 §24.4): authHandle (TPMI_RH_PLATFORM, USER) gives the platform
 * hierarchy a new primary seed and then a new proof (DRBG order), empties the platform policy
 * and the PCR policies; the orderly state is cleared. platformAuth is kept. Platform persistent
 * objects carried from a libtpms state are flushed ({@link CarriedNvFlush}); NV indices stay.
 */
public final class ChangePps extends ParameterlessCommand {
    @Override
    protected CommandOutput execute(CommandContext context) {
        PersistentData persistent = context.state().persistent();
        TpmRandom random = context.random();
        PrimarySeeds seeds = persistent.seeds();
        persistent.setSeeds(new PrimarySeeds(seeds.endorsement(), seeds.storage(), random.generate(PrimarySeeds.SIZE),
                seeds.endorsementCompat(), seeds.storageCompat(), PrimarySeeds.COMPAT_LEVEL_LAST));
        HierarchyProofs proofs = persistent.proofs();
        persistent.setProofs(new HierarchyProofs(random.generate(PrimarySeeds.SIZE), proofs.storage(), proofs.endorsement()));
        context.state().objects().flushHierarchy(TpmHandles.RH_PLATFORM);
        StateClearData clear = context.state().clearData();
        clear.setPlatformAlg(TpmAlgId.NULL);
        clear.setPlatformPolicy(new byte[0]);
        persistent.setPcrPolicy(PersistentData.PcrPolicy.none());
        // NvFlushHierarchy(TPM_RH_PLATFORM): persistent objects carried from libtpms
        context.state().nv().setUnmodeled(CarriedNvFlush.flush(context.state().nv().unmodeled(),
                CarriedNvFlush.Hierarchy.PLATFORM));
        context.requestNvCommit();
        context.clearOrderly();
        return CommandOutput.NONE;
    }
}
