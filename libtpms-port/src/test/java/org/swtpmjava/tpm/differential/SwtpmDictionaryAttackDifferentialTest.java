package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.getCapability;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.changeAuth;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.compare;

import org.junit.jupiter.api.Test;

/**
 * DictionaryAttackLockReset and DictionaryAttackParameters, the same bytes to the C swtpm and to
 * the engine, compared byte for byte; the parameters are read back with GetCapability.
 */
class SwtpmDictionaryAttackDifferentialTest {
    private static final String LOCKOUT = "4000000a";

    static byte[] parameters(String handle, String session, String parametersHex) {
        return command(SESSIONS, 0x13A, handle + sessions(session) + parametersHex);
    }

    static byte[] lockReset(String handle, String session) {
        return command(SESSIONS, 0x139, handle + sessions(session));
    }

    @Test
    void parametersAndLockReset() {
        compare(t -> {
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("DA properties", getCapability(6, 0x20E, 4));
            t.send("parameters 5, 60, 0", parameters(LOCKOUT, PW, "00000005 0000003c 00000000"));
            t.send("DA properties", getCapability(6, 0x20E, 4));
            t.send("truncated", parameters(LOCKOUT, PW, "00000005 0000003c 0000"));
            t.send("trailing byte", parameters(LOCKOUT, PW, "00000005 0000003c 00000000 00"));
            t.send("owner handle", parameters("40000001", PW, "00000005 0000003c 00000000"));
            t.send("platform handle", lockReset("4000000c", PW));
            t.send("without sessions", command(NO_SESSIONS, 0x139, LOCKOUT));
            t.send("lock reset", lockReset(LOCKOUT, PW));
            t.send("lock reset, trailing byte", command(SESSIONS, 0x139, LOCKOUT + sessions(PW) + "00"));
            t.send("maxTries 0", parameters(LOCKOUT, PW, "00000000 ffffffff 00000001"));
            t.send("TPM_PT_PERMANENT: inLockout", getCapability(6, 0x200, 1));
            t.send("DA properties", getCapability(6, 0x20E, 4));
            t.send("lockout auth", changeAuth(0x4000000A, PW, "0607"));
            t.send("lock reset with the new auth", lockReset(LOCKOUT, password(0, "0607")));
            t.send("Shutdown(CLEAR)", command(NO_SESSIONS, 0x145, "0000"));
            t.record("INIT", t.tpm().init());
            t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
            t.send("DA properties persist", getCapability(6, 0x20E, 4));
            t.send("lock reset, wrong auth", lockReset(LOCKOUT, PW));
            t.send("lock reset, right auth but locked out", lockReset(LOCKOUT, password(0, "0607")));
            t.send("parameters, locked out", parameters(LOCKOUT, password(0, "0607"), "00000003 00000001 00000000"));
            t.send("TPM_PT_PERMANENT", getCapability(6, 0x200, 1));
        });
    }
}
