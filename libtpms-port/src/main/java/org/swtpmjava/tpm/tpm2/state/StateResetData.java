package org.swtpmjava.tpm.tpm2.state;

import java.util.Arrays;

/**
 * The reference's STATE_RESET_DATA ({@code gr}): values cleared by a TPM Reset and preserved by
 * Shutdown(STATE) for a Restart or Resume (libtpms.md §4.6).
 */
public final class StateResetData {
    /** MAX_ACTIVE_SESSIONS context slots. */
    public static final int CONTEXT_SLOTS = 64;
    /** sizeof(gr.commitArray): 16 bytes = 128 commit bits. */
    public static final int COMMIT_ARRAY_SIZE = 16;

    private byte[] nullProof = new byte[0];
    private byte[] nullSeed = new byte[0];
    private int nullSeedCompat;
    private int clearCount;
    private long objectContextId;
    private final int[] contextArray = new int[CONTEXT_SLOTS];
    private long contextCounter;
    private byte[] commandAuditDigest = new byte[0];
    private int restartCount;
    private int pcrCounter;
    private long commitCounter;
    private byte[] commitNonce = new byte[0];
    private final byte[] commitArray = new byte[COMMIT_ARRAY_SIZE];

    public StateResetData copy() {
        StateResetData copy = new StateResetData();
        copy.nullProof = nullProof.clone();
        copy.nullSeed = nullSeed.clone();
        copy.nullSeedCompat = nullSeedCompat;
        copy.clearCount = clearCount;
        copy.objectContextId = objectContextId;
        System.arraycopy(contextArray, 0, copy.contextArray, 0, CONTEXT_SLOTS);
        copy.contextCounter = contextCounter;
        copy.commandAuditDigest = commandAuditDigest.clone();
        copy.restartCount = restartCount;
        copy.pcrCounter = pcrCounter;
        copy.commitCounter = commitCounter;
        copy.commitNonce = commitNonce.clone();
        System.arraycopy(commitArray, 0, copy.commitArray, 0, COMMIT_ARRAY_SIZE);
        return copy;
    }

    public byte[] nullProof() { return nullProof.clone(); }
    public void setNullProof(byte[] value) { nullProof = value.clone(); }

    public byte[] nullSeed() { return nullSeed.clone(); }
    public void setNullSeed(byte[] value) { nullSeed = value.clone(); }

    public int nullSeedCompat() { return nullSeedCompat; }
    public void setNullSeedCompat(int value) { nullSeedCompat = value; }

    public int clearCount() { return clearCount; }
    public void setClearCount(int value) { clearCount = value; }

    public long objectContextId() { return objectContextId; }
    public void setObjectContextId(long value) { objectContextId = value; }

    /** The 16-bit context slot array (a copy). */
    public int[] contextArray() { return contextArray.clone(); }
    public void setContextArray(int[] value) {
        if (value.length != CONTEXT_SLOTS) {
            throw new IllegalArgumentException("context array needs " + CONTEXT_SLOTS + " slots");
        }
        System.arraycopy(value, 0, contextArray, 0, CONTEXT_SLOTS);
    }

    public long contextCounter() { return contextCounter; }
    public void setContextCounter(long value) { contextCounter = value; }

    public byte[] commandAuditDigest() { return commandAuditDigest.clone(); }
    public void setCommandAuditDigest(byte[] value) { commandAuditDigest = value.clone(); }

    public int restartCount() { return restartCount; }
    public void setRestartCount(int value) { restartCount = value; }

    /** pcrUpdateCounter as PCR_Read reports it. */
    public int pcrCounter() { return pcrCounter; }
    public void setPcrCounter(int value) { pcrCounter = value; }

    public long commitCounter() { return commitCounter; }
    public void setCommitCounter(long value) { commitCounter = value; }

    public byte[] commitNonce() { return commitNonce.clone(); }
    public void setCommitNonce(byte[] value) { commitNonce = value.clone(); }

    public byte[] commitArray() { return commitArray.clone(); }
    public void setCommitArray(byte[] value) {
        if (value.length != COMMIT_ARRAY_SIZE) {
            throw new IllegalArgumentException("commit array needs " + COMMIT_ARRAY_SIZE + " bytes");
        }
        System.arraycopy(value, 0, commitArray, 0, COMMIT_ARRAY_SIZE);
    }

    public void clearCommitArray() { Arrays.fill(commitArray, (byte) 0); }
}
