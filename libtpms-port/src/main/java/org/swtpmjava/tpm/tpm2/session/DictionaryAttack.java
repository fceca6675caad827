package org.swtpmjava.tpm.tpm2.session;

import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmSu;

/**
 * The DA checks of authorization (Part 1 §19.8, reference SessionProcess.c CheckLockedOut and
 * IncrementLockout). Of the entities so far only TPM_RH_LOCKOUT is DA-protected: a failure with
 * lockoutAuth disables lockout authorization until lockoutRecovery has passed or, when it is 0,
 * until the next Startup (the recovery timer is not modelled yet). A failure with another
 * DA-protected entity would count failedTries; none exists yet.
 */
final class DictionaryAttack {
    private DictionaryAttack() {
    }

    /** CheckLockedOut: TPM_RC_LOCKOUT (not numbered) when the entity's authorization is locked out. */
    static void checkLockedOut(boolean lockoutAuthCheck, CommandContext context) {
        PersistentData persistent = context.state().persistent();
        if (lockoutAuthCheck) {
            if (!persistent.lockoutAuthEnabled()) {
                throw new TpmRcException(TpmRc.LOCKOUT);
            }
        } else {
            if (persistent.failedTries() >= persistent.maxTries()) {
                throw new TpmRcException(TpmRc.LOCKOUT);
            }
            // USE_DA_USED: the first use of a DA-protected authValue since Startup records in NV
            // that DA was used (so a non-orderly shutdown counts as a failure) and asks for a retry.
            if (!context.state().flags().daUsed()) {
                context.state().flags().setDaUsed(true);
                persistent.setOrderlyState(TpmSu.DA_USED_VALUE);
                context.requestNvCommit();
                throw new TpmRcException(TpmRc.RETRY);
            }
        }
    }

    /**
     * The DA side of a failed authorization of {@code handle} (already replaced by
     * TPM_RH_LOCKOUT for a lockout-bound session): returns TPM_RC_AUTH_FAIL after registering it.
     */
    static int registerFailure(int handle, CommandContext context) {
        PersistentData persistent = context.state().persistent();
        if (handle == TpmHandles.RH_LOCKOUT) {
            persistent.setLockoutAuthEnabled(false);
            // DARegisterFailure: the lockout recovery period starts now.
            context.state().orderly().setLockoutTimer(context.state().flags().time());
        } else if (persistent.recoveryTime() != 0) {
            persistent.setFailedTries(persistent.failedTries() + 1);
            context.state().orderly().setSelfHealTimer(context.state().flags().time());
        }
        context.requestNvCommit();
        return TpmRc.AUTH_FAIL;
    }
}
