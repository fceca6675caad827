package org.swtpmjava.tpm.tpm2.state;

import org.bouncycastle.crypto.Digest;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * A sequence object of TPM2_HashSequenceStart (the reference's HASH_OBJECT): either a hash
 * sequence of one algorithm (hashSeq) or, for TPM_ALG_NULL, an event sequence hashing with every
 * implemented algorithm (eventSeq). Its authValue is the one given at the start; sequence objects
 * are DA-exempt (noDA).
 */
public final class HashSequence implements TransientObject {
    private final int hashAlg;
    private final byte[] authValue;
    private final Digest digest;
    private final EventSequence event;
    private boolean firstBlock;
    private boolean ticketSafe;

    public HashSequence(int hashAlg, byte[] authValue) {
        this(hashAlg, authValue, hashAlg == TpmAlgId.NULL ? null : Hashes.newDigest(hashAlg),
                hashAlg == TpmAlgId.NULL ? new EventSequence() : null);
    }

    private HashSequence(int hashAlg, byte[] authValue, Digest digest, EventSequence event) {
        this.hashAlg = hashAlg;
        this.authValue = authValue.clone();
        this.digest = digest;
        this.event = event;
    }

    /**
     * A sequence continued from a saved state: the hash sequence's digest state (null for an
     * event sequence), the event sequence (null for a hash sequence) and the first-block verdict.
     */
    public static HashSequence restore(int hashAlg, byte[] authValue, byte[] digestState, EventSequence event,
                                       boolean firstBlock, boolean ticketSafe) {
        boolean isEvent = hashAlg == TpmAlgId.NULL;
        if (isEvent != (event != null) || isEvent == (digestState != null)) {
            throw new IllegalArgumentException("hash sequence state does not match its algorithm");
        }
        HashSequence sequence = new HashSequence(hashAlg, authValue,
                isEvent ? null : Hashes.restoreDigest(hashAlg, digestState), event);
        sequence.firstBlock = firstBlock;
        sequence.ticketSafe = ticketSafe;
        return sequence;
    }

    /** The running state of a hash sequence's digest (null for an event sequence). */
    public byte[] digestState() {
        return digest == null ? null : Hashes.encodedState(digest);
    }

    /** Whether the first block was seen (firstBlock attribute). */
    public boolean firstBlockSeen() {
        return firstBlock;
    }

    public boolean isEventSequence() {
        return event != null;
    }

    /** The hash of a hash sequence; TPM_ALG_NULL for an event sequence. */
    public int hashAlg() {
        return hashAlg;
    }

    @Override
    public byte[] authValue() {
        return authValue.clone();
    }

    /** The running digests of an event sequence. */
    public EventSequence event() {
        return event;
    }

    /** Adds data to a hash sequence. */
    public void update(byte[] data) {
        digest.update(data, 0, data.length);
    }

    public byte[] finish() {
        byte[] value = new byte[digest.getDigestSize()];
        digest.doFinal(value, 0);
        return value;
    }

    /**
     * Records the first block's TicketIsSafe verdict (firstBlock, ticketSafe attributes); later
     * blocks do not change it.
     */
    public void firstBlock(boolean safe) {
        if (!firstBlock) {
            firstBlock = true;
            ticketSafe = safe;
        }
    }

    public boolean ticketSafe() {
        return ticketSafe;
    }
}
