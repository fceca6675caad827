package org.swtpmjava.tpm.tpm2.command.asymmetric;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.swtpmjava.tpm.tpm2.crypto.CommitRandom;
import org.swtpmjava.tpm.tpm2.state.StateResetData;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * The commit counter and commit array of STATE_RESET_DATA (the reference's CryptCommit,
 * CryptEndCommit and the count check of CryptGenerateR, Part 1 §C.2): TPM2_Commit and
 * TPM2_EC_Ephemeral take r for the current 64-bit counter, then set the array bit of its low
 * seven bits and advance the counter; a split signature (ECDAA) or ZGen_2Phase names the low 16
 * bits of that count, which must still have its bit set and lie within the last 128 counts; using
 * it clears the bit. TPM Reset draws a new commitNonce and clears both (StartupSequence).
 */
public final class EcdaaCommits {
    /** COMMIT_INDEX_MASK: sizeof(commitArray) * 8 - 1. */
    private static final int INDEX_MASK = StateResetData.COMMIT_ARRAY_SIZE * 8 - 1;

    private EcdaaCommits() {
    }

    /** r for the current count (not yet committed). */
    public static BigInteger currentR(TpmState state, ECDomainParameters domain, byte[] name) {
        return derive(state, domain, name, state.resetData().commitCounter());
    }

    /** The derivation is a KDFa: its first use runs the SP 800-108 KDF self-test, as in libtpms. */
    private static BigInteger derive(TpmState state, ECDomainParameters domain, byte[] name, long count) {
        state.selfTests().test(TpmAlgId.KDF1_SP800_108);
        return CommitRandom.generate(domain, state.resetData().commitNonce(), name, count);
    }

    /** CryptCommit: marks the current count as committed, advances it and returns its low 16 bits. */
    public static int commit(TpmState state) {
        StateResetData data = state.resetData();
        long count = data.commitCounter();
        int old = (int) (count & 0xFFFF);
        byte[] array = data.commitArray();
        int bit = old & INDEX_MASK;
        array[bit >> 3] |= (byte) (1 << (bit & 7));
        data.setCommitArray(array);
        data.setCommitCounter(count + 1);
        return old;
    }

    /** r of the committed count c, or null when c is not (or no longer) committed. */
    public static BigInteger committedR(TpmState state, int c, ECDomainParameters domain, byte[] name) {
        StateResetData data = state.resetData();
        int bit = c & INDEX_MASK;
        if ((data.commitArray()[bit >> 3] & (1 << (bit & 7))) == 0) {
            return null;
        }
        long current = data.commitCounter();
        if (bit >= (current & INDEX_MASK)) {
            // the counter's low bits have wrapped since c was committed
            current -= INDEX_MASK + 1;
        }
        if ((current & 0xFFFF & ~INDEX_MASK) != (c & ~INDEX_MASK)) {
            return null;
        }
        long count = (current & 0xFFFF_FFFF_FFFF_0000L) | c;
        return derive(state, domain, name, count);
    }

    /** CryptEndCommit: the count cannot be used again. */
    public static void end(TpmState state, int c) {
        StateResetData data = state.resetData();
        int bit = c & INDEX_MASK;
        byte[] array = data.commitArray();
        array[bit >> 3] &= (byte) ~(1 << (bit & 7));
        data.setCommitArray(array);
    }
}
