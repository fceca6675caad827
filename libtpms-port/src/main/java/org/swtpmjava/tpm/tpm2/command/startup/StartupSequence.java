package org.swtpmjava.tpm.tpm2.command.startup;

import org.swtpmjava.tpm.tpm2.crypto.TpmRandom;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.PrimarySeeds;
import org.swtpmjava.tpm.tpm2.state.StartupType;
import org.swtpmjava.tpm.tpm2.state.StateClearData;
import org.swtpmjava.tpm.tpm2.state.StateResetData;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmSu;

/**
 * The subsystem start-up of TPM2_Startup in the reference's order (StartupCommands.c):
 * crypto (DRBG reseed, commit nonce), started flag, time, DA, hierarchies, PCRs, audit,
 * counters, sessions. The DRBG draws happen in the same sizes and order as in libtpms, so a
 * fixed entropy stream yields the same random numbers.
 */
final class StartupSequence {
    /** Size of nullProof, nullSeed (PROOF_SIZE, PRIMARY_SEED_SIZE) and commitNonce (sizeof(TPMU_HA)). */
    private static final int SECRET_SIZE = 64;
    /** MAX_LOADED_SESSIONS. */
    private static final int MAX_LOADED_SESSIONS = 3;

    private StartupSequence() {
    }

    static void run(StartupType type, int locality, CommandContext context) {
        TpmState state = context.state();
        TpmRandom random = context.random();
        PersistentData persistent = state.persistent();
        StateResetData reset = state.resetData();
        random.startup();
        if (type == StartupType.RESET) {
            reset.setCommitNonce(random.generate(SECRET_SIZE));
            reset.setCommitCounter(0);
            reset.clearCommitArray();
        }
        state.flags().setStarted(true);
        if (!TpmSu.isOrderly(persistent.orderlyState())) {
            state.orderly().setClockSafe(false);
        }
        dictionaryAttackStartup(state);
        context.time().update(state);
        hierarchyStartup(type, state, random);
        state.pcrs().startup(type, locality, state.flags().drtmPreStartup(), state.clearData(), reset);
        if (type == StartupType.RESET) {
            reset.setCommandAuditDigest(new byte[0]);
        }
        updateCounters(type, persistent, reset);
        sessionStartup(type, reset);
        state.sessions().clear();
        // ObjectStartup: no transient object survives a Startup.
        state.objects().flushAll();
        state.dropCarriedObjects();
    }

    /** DAStartup without the self-healing timers (not modelled yet); it ends with a TimeUpdate. */
    private static void dictionaryAttackStartup(TpmState state) {
        PersistentData persistent = state.persistent();
        if (persistent.lockoutRecovery() == 0) {
            persistent.setLockoutAuthEnabled(true);
        }
        if (persistent.recoveryTime() != 0 && persistent.failedTries() < persistent.maxTries()
                && !TpmSu.isOrderly(state.flags().prevOrderlyState())) {
            persistent.setFailedTries(persistent.failedTries() + (state.flags().daUsed() ? 1 : 0));
            state.flags().setDaUsed(false);
        }
    }

    private static void hierarchyStartup(StartupType type, TpmState state, TpmRandom random) {
        state.flags().setPhEnable(true);
        if (type != StartupType.RESUME) {
            StateClearData clear = state.clearData();
            clear.setPlatformAuth(new byte[0]);
            clear.setPlatformPolicy(new byte[0]);
            clear.setPlatformAlg(TpmAlgId.NULL);
            clear.setShEnable(true);
            clear.setEhEnable(true);
            clear.setPhEnableNv(true);
        }
        if (type == StartupType.RESET) {
            StateResetData reset = state.resetData();
            reset.setNullProof(random.generate(SECRET_SIZE));
            reset.setNullSeed(random.generate(SECRET_SIZE));
            reset.setNullSeedCompat(PrimarySeeds.COMPAT_LEVEL_LAST);
        }
    }

    private static void updateCounters(StartupType type, PersistentData persistent, StateResetData reset) {
        switch (type) {
            case RESUME -> reset.setRestartCount(reset.restartCount() + 1);
            case RESTART -> {
                reset.setClearCount(reset.clearCount() + 1);
                reset.setRestartCount(reset.restartCount() + 1);
            }
            case RESET -> {
                reset.setObjectContextId(0);
                reset.setClearCount(0);
                persistent.setResetCount(persistent.resetCount() + 1);
                persistent.setTotalResetCount(persistent.totalResetCount() + 1);
                reset.setRestartCount(0);
            }
        }
    }

    /** SessionStartup: forget loaded sessions; a Reset also forgets saved ones. */
    private static void sessionStartup(StartupType type, StateResetData reset) {
        int[] slots = reset.contextArray();
        for (int i = 0; i < slots.length; i++) {
            if (type == StartupType.RESET || slots[i] <= MAX_LOADED_SESSIONS) {
                slots[i] = 0;
            }
        }
        reset.setContextArray(slots);
        if (type == StartupType.RESET) {
            reset.setContextCounter(MAX_LOADED_SESSIONS + 1);
        }
    }
}
