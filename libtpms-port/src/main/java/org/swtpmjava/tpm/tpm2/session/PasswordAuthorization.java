package org.swtpmjava.tpm.tpm2.session;

import java.security.MessageDigest;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.types.TpmHandles;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * CheckAuthSession for password sessions (Part 1 §19.6.4, reference SessionProcess.c
 * CheckLockedOut, CheckPWAuthSession, IncrementLockout). The presented password and the
 * entity's authValue are compared after removing trailing zeros.
 *
 * <p>DA: of the entities so far only TPM_RH_LOCKOUT is DA-protected. A wrong lockoutAuth
 * disables lockout authorization (TPM_RC_AUTH_FAIL) until the next Startup when lockoutRecovery
 * is 0; the lockoutRecovery timer that re-enables it after lockoutRecovery seconds is not
 * modelled yet, nor failedTries/daUsed for DA-protected objects and NV indices (none exist).
 */
public final class PasswordAuthorization implements AuthorizationArea.Authorizer {
    private final CommandContext context;

    public PasswordAuthorization(CommandContext context) {
        this.context = context;
    }

    @Override
    public void authorize(int handle, SessionEntry session, int sessionNumber) {
        if (!session.isPassword()) {
            // Unreachable while no HMAC/policy session can be loaded (no StartAuthSession yet).
            throw new IllegalStateException("HMAC and policy sessions are not implemented");
        }
        PersistentData persistent = context.state().persistent();
        // IsPolicySessionRequired: a PCR of a policy group that has a policy (PCR_SetAuthPolicy).
        if (TpmHandles.type(handle) == TpmHandles.HT_PCR && persistent.pcrPolicy().governs(handle)) {
            throw new TpmRcException(TpmRc.AUTH_TYPE);
        }
        boolean daProtected = !EntityAuth.isDaExempt(handle);
        if (daProtected && !persistent.lockoutAuthEnabled()) {
            throw new TpmRcException(TpmRc.LOCKOUT);
        }
        byte[] expected = EntityAuth.authValue(handle, context.state());
        byte[] presented = EntityAuth.removeTrailingZeros(session.hmac());
        if (MessageDigest.isEqual(expected, presented)) {
            return;
        }
        if (!daProtected) {
            throw new TpmRcException(ResponseCodes.session(TpmRc.BAD_AUTH, sessionNumber));
        }
        // IncrementLockout for TPM_RH_LOCKOUT: lockout authorization is disabled, in NV.
        persistent.setLockoutAuthEnabled(false);
        // DARegisterFailure: the lockout recovery period starts now.
        context.state().orderly().setLockoutTimer(context.state().flags().time());
        context.requestNvCommit();
        throw new TpmRcException(ResponseCodes.session(TpmRc.AUTH_FAIL, sessionNumber));
    }
}
