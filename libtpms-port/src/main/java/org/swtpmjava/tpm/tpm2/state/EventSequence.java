package org.swtpmjava.tpm.tpm2.state;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.Digest;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;

/**
 * An event sequence object: one running digest per implemented hash, as the reference's
 * HASH_OBJECT with the eventSeq attribute (used by _TPM_Hash_Start and later by
 * TPM2_HashSequenceStart with TPM_ALG_NULL).
 */
public final class EventSequence {
    private final Map<Integer, Digest> digests = new LinkedHashMap<>();

    public EventSequence() {
        for (int alg : Hashes.IMPLEMENTED) {
            digests.put(alg, Hashes.newDigest(alg));
        }
    }

    /** An event sequence continued from {@link #encodedStates()}. */
    public static EventSequence restore(Map<Integer, byte[]> states) {
        EventSequence sequence = new EventSequence();
        for (int alg : Hashes.IMPLEMENTED) {
            byte[] state = states.get(alg);
            if (state == null) {
                throw new IllegalArgumentException("no state for hash " + alg);
            }
            sequence.digests.put(alg, Hashes.restoreDigest(alg, state));
        }
        return sequence;
    }

    /** The running state of each digest, in bank order (for the volatile blob). */
    public Map<Integer, byte[]> encodedStates() {
        Map<Integer, byte[]> states = new LinkedHashMap<>();
        digests.forEach((alg, digest) -> states.put(alg, Hashes.encodedState(digest)));
        return states;
    }

    /** The hash algorithms, in bank order. */
    public Iterable<Integer> algorithms() {
        return digests.keySet();
    }

    public void update(int alg, byte[] data) {
        digests.get(alg).update(data, 0, data.length);
    }

    /** Completes one digest. */
    public byte[] finish(int alg) {
        Digest digest = digests.get(alg);
        byte[] value = new byte[digest.getDigestSize()];
        digest.doFinal(value, 0);
        return value;
    }
}
