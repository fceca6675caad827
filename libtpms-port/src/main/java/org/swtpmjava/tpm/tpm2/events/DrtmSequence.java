package org.swtpmjava.tpm.tpm2.events;

import org.swtpmjava.tpm.tpm2.state.EventSequence;
import org.swtpmjava.tpm.tpm2.state.PcrAttributes;
import org.swtpmjava.tpm.tpm2.state.TpmState;

/**
 * The _TPM_Hash_Start / _TPM_Hash_Data / _TPM_Hash_End indications (Part 3 §18.2-18.4, reference
 * IntegrityCommands.c): an event sequence hashes the data in every bank; after Startup the end
 * resets the dynamic PCRs and extends PCR 17 (DRTM), before Startup it sets PCR 0 to 0...04
 * and extends that (H-CRTM). The platform layer sets tpmEstablished at Hash_Start.
 */
public final class DrtmSequence {
    private DrtmSequence() {
    }

    /** _TPM_Hash_Start: a new sequence replaces any unfinished one. */
    public static void start(TpmState state) {
        state.setDrtmSequence(new EventSequence());
    }

    /** _TPM_Hash_Data: ignored without a sequence; hashes only banks allocated for the target PCR. */
    public static void data(TpmState state, byte[] data) {
        EventSequence sequence = state.drtmSequence();
        if (sequence == null) {
            return;
        }
        int pcr = targetPcr(state);
        for (int alg : sequence.algorithms()) {
            if (state.pcrs().allocation().isAllocated(pcr, alg)) {
                sequence.update(alg, data);
            }
        }
    }

    /** _TPM_Hash_End: ignored without a sequence; otherwise extends the DRTM or H-CRTM PCR. */
    public static void end(TpmState state) {
        EventSequence sequence = state.drtmSequence();
        if (sequence == null) {
            return;
        }
        boolean started = state.flags().started();
        int pcr = targetPcr(state);
        if (started) {
            state.pcrs().resetDynamics();
            state.resetData().setRestartCount(state.resetData().restartCount() + 1);
        } else {
            state.flags().setDrtmPreStartup(true);
        }
        for (int alg : sequence.algorithms()) {
            if (state.pcrs().allocation().isAllocated(pcr, alg)) {
                state.pcrs().drtm(pcr, alg, sequence.finish(alg), started, state.resetData());
            }
        }
        state.setDrtmSequence(null);
    }

    private static int targetPcr(TpmState state) {
        return state.flags().started() ? PcrAttributes.DRTM_PCR : PcrAttributes.HCRTM_PCR;
    }
}
