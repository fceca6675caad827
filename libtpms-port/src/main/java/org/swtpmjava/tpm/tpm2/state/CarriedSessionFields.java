package org.swtpmjava.tpm.tpm2.state;

/**
 * The parts of a libtpms SESSION (volatile blob, libtpms.md §4.10 item 9) that {@link AuthSession}
 * does not model, kept with the session so that a session loaded from a libtpms blob is written
 * back with them: the session-attribute bits the engine has no flag for, startTime, timeout,
 * epoch, and the u1 / u2 unions when they hold something else than the bind value / policy digest
 * (cpHash, audit digest).
 */
public record CarriedSessionFields(int unmodeledAttributes, long startTime, long timeout, int epoch,
                                   byte[] u1, byte[] u2) {
    public CarriedSessionFields {
        u1 = u1.clone();
        u2 = u2.clone();
    }

    @Override
    public byte[] u1() {
        return u1.clone();
    }

    @Override
    public byte[] u2() {
        return u2.clone();
    }
}
