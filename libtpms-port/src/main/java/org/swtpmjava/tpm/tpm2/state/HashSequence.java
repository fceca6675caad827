package org.swtpmjava.tpm.tpm2.state;

import org.bouncycastle.crypto.Digest;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.MacComputation;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * A sequence object (the reference's HASH_OBJECT): a hash sequence of one algorithm (hashSeq) or,
 * for TPM_ALG_NULL, an event sequence hashing with every implemented algorithm (eventSeq), both
 * from TPM2_HashSequenceStart; or an HMAC/MAC sequence of TPM2_MAC_Start (hmacSeq), whose state is
 * the {@link MacComputation}: for an HMAC the hash, the inner digest and the key block XOR opad,
 * for a CMAC the cipher, key and chaining block. Its authValue is the one given at the start;
 * sequence objects are DA-exempt (noDA).
 */
public final class HashSequence implements TransientObject {
    private final int hashAlg;
    private final byte[] authValue;
    private final Digest digest;
    private final EventSequence event;
    private final MacComputation mac;
    private boolean firstBlock;
    private boolean ticketSafe;

    public HashSequence(int hashAlg, byte[] authValue) {
        this(hashAlg, authValue, hashAlg == TpmAlgId.NULL ? null : Hashes.newDigest(hashAlg),
                hashAlg == TpmAlgId.NULL ? new EventSequence() : null);
    }

    private HashSequence(int hashAlg, byte[] authValue, Digest digest, EventSequence event) {
        this(hashAlg, authValue, digest, event, null);
    }

    private HashSequence(int hashAlg, byte[] authValue, Digest digest, EventSequence event, MacComputation mac) {
        this.hashAlg = hashAlg;
        this.authValue = authValue.clone();
        this.digest = digest;
        this.event = event;
        this.mac = mac;
    }

    /**
     * An HMAC or MAC sequence (ObjectCreateHMACSequence), new from TPM2_MAC_Start or restored:
     * the computation carries the whole running state.
     */
    public static HashSequence macSequence(byte[] authValue, MacComputation mac) {
        if (mac == null) {
            throw new IllegalArgumentException("no MAC computation");
        }
        return new HashSequence(mac.macAlg(), authValue, null, null, mac);
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

    /**
     * The running state of a hash sequence's digest (null for an event sequence). An HMAC/MAC
     * sequence has no such digest; its state is {@link #mac()}. The engine's own object encoding
     * (state.codec, object contexts) does not carry MAC sequences yet, so asking here fails the
     * command with TPM_RC_FAILURE rather than writing a sequence that would resume as a plain hash.
     */
    public byte[] digestState() {
        if (mac != null) {
            throw new TpmRcException(TpmRc.FAILURE);
        }
        return digest == null ? null : Hashes.encodedState(digest);
    }

    /** An HMAC or MAC sequence (hmacSeq) of TPM2_MAC_Start. */
    public boolean isMacSequence() {
        return mac != null;
    }

    /** The running MAC of an HMAC/MAC sequence, null for hash and event sequences. */
    public MacComputation mac() {
        return mac;
    }

    /** Whether the first block was seen (firstBlock attribute). */
    public boolean firstBlockSeen() {
        return firstBlock;
    }

    public boolean isEventSequence() {
        return event != null;
    }

    /**
     * The hash of a hash sequence; TPM_ALG_NULL for an event sequence; for an HMAC/MAC sequence
     * the MAC algorithm (the HMAC's hash or TPM_ALG_CMAC).
     */
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

    /** Adds data to a hash or HMAC/MAC sequence. */
    public void update(byte[] data) {
        if (mac != null) {
            mac.update(data);
        } else {
            digest.update(data, 0, data.length);
        }
    }

    /** The digest of a hash sequence, or the HMAC/MAC of an HMAC/MAC sequence. */
    public byte[] finish() {
        if (mac != null) {
            return mac.finish();
        }
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
