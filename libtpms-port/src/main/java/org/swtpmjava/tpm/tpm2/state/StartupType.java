package org.swtpmjava.tpm.tpm2.state;

/** The reference's STARTUP_TYPE, derived from the last Shutdown and the Startup parameter (Part 1 §12.2). */
public enum StartupType {
    /** Startup(CLEAR) after anything but Shutdown(STATE): everything volatile is cleared. */
    RESET,
    /** Shutdown(STATE) then Startup(CLEAR): reset data kept, clear data reset. */
    RESTART,
    /** Shutdown(STATE) then Startup(STATE): both kept, static PCRs restored. */
    RESUME
}
