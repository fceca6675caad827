package org.swtpmjava.tpm.tpm2.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * The contextArray / contextCounter rules of Session.c where a differential run cannot reach
 * them cheaply: the low bits wrapping past the values that mean "loaded", the 64-bit counter
 * running out, and the checks on a saved context's sequence.
 */
class LoadedSessionsTest {
    private final LoadedSessions sessions = new LoadedSessions();
    private final StateResetData reset = new StateResetData();

    @BeforeEach
    void startup() {
        reset.setContextCounter(LoadedSessions.SLOTS + 1); // SessionStartup after a TPM Reset
    }

    private static AuthSession hmacSession() {
        return new AuthSession(AuthSession.Type.HMAC, TpmAlgId.SHA256, new AuthSession.Symmetric(TpmAlgId.NULL, 0,
                TpmAlgId.NULL), new byte[0], null, false, false, new byte[16], 32);
    }

    @Test
    void savingKeepsTheHandleAndFreesTheSlot() {
        int handle = sessions.create(hmacSession(), reset);
        assertThat(sessions.save(handle, reset)).isEqualTo(4);
        assertThat(reset.contextArray()[0]).isEqualTo(4);
        assertThat(reset.contextCounter()).isEqualTo(5);
        assertThat(sessions.loaded()).isZero();
        assertThat(sessions.isSaved(handle, reset)).isTrue();
        assertThat(sessions.isSaved(0x03000000, reset)).as("the index counts, not the type").isTrue();
        assertThat(sessions.isLoaded(handle, reset)).isFalse();
        assertThat(sessions.oldestSaved(reset)).isZero();
        assertThat(sessions.savedHandles(reset)).containsExactly(0x02000000L);
        assertThat(sessions.isValidSavedContext(handle, 4, reset)).isTrue();
        assertThat(sessions.isValidSavedContext(handle, 4 + 0x10000, reset)).as("ahead of the counter").isFalse();
        assertThat(sessions.isValidSavedContext(handle, 3, reset)).isFalse();
        int second = sessions.create(hmacSession(), reset);
        assertThat(second).as("the saved session's handle stays taken").isEqualTo(0x02000001);
        sessions.flush(handle, reset);
        assertThat(sessions.isSaved(handle, reset)).isFalse();
        assertThat(sessions.oldestSaved(reset)).isEqualTo(LoadedSessions.NO_SAVED_SESSION);
    }

    @Test
    void theCounterSkipsTheLowValuesWhenItsLowBitsWrap() {
        int handle = sessions.create(hmacSession(), reset);
        reset.setContextCounter(0x1FFFF);
        assertThat(sessions.save(handle, reset)).isEqualTo(0x1FFFF);
        assertThat(reset.contextCounter()).isEqualTo(0x20004);
        assertThat(sessions.isValidSavedContext(handle, 0x1FFFF, reset)).isTrue();
    }

    @Test
    void aContextMoreThanAGapBehindTheCounterIsRefused() {
        int handle = sessions.create(hmacSession(), reset);
        sessions.save(handle, reset);
        // the same low bits a whole window later: the entry matches but the sequence is too old
        reset.setContextCounter(4 + 0x10001);
        assertThat(sessions.isValidSavedContext(handle, 4, reset)).isFalse();
        assertThat(sessions.isValidSavedContext(handle, 4 + 0x10000, reset)).isTrue();
    }

    @Test
    void theLast64BitCounterValueIsTooManyContexts() {
        int handle = sessions.create(hmacSession(), reset);
        reset.setContextCounter(-1L);
        assertThatThrownBy(() -> sessions.save(handle, reset)).isInstanceOf(TpmRcException.class)
                .extracting(e -> ((TpmRcException) e).responseCode()).isEqualTo(TpmRc.TOO_MANY_CONTEXTS);
        assertThat(reset.contextCounter()).isEqualTo(-1L);
        // as in the reference: the entry already holds the low bits, the slot stays taken
        assertThat(reset.contextArray()[0]).isEqualTo(0xFFFF);
        assertThat(sessions.loaded()).isEqualTo(1);
    }

    @Test
    void loadingPutsTheSessionBackUnderItsHandle() {
        sessions.create(hmacSession(), reset);
        int handle = sessions.create(hmacSession(), reset);
        long sequence = sessions.save(handle, reset);
        AuthSession restored = hmacSession();
        assertThat(sessions.load(restored, handle, reset)).isEqualTo(handle);
        assertThat(sessions.get(handle, reset)).isSameAs(restored);
        assertThat(sessions.isValidSavedContext(handle, sequence, reset)).as("a context loads once").isFalse();
    }
}
