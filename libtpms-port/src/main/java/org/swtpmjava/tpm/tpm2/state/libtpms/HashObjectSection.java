package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.HmacComputation;
import org.swtpmjava.tpm.tpm2.crypto.MacComputation;
import org.swtpmjava.tpm.tpm2.crypto.OpenSslHashState;
import org.swtpmjava.tpm.tpm2.state.EventSequence;
import org.swtpmjava.tpm.tpm2.state.HashSequence;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmiAlgHash;

/**
 * HASH_OBJECT, a sequence object (libtpms.md §4.9), as libtpms 0.9 writes it (version 3) and
 * reads it (versions 1 to 3): type, nameAlg, TPMA_OBJECT (AllocateSequenceSlot makes them
 * TPM_ALG_NULL, TPM_ALG_NULL and noDA), the authValue, then for a hash or event sequence (the
 * event sequence only from version 3) u16 4 and four HASH_STATEs, for an HMAC sequence one
 * HASH_STATE and the HMAC key (TPM2B, at most one hash block), then a future block. A hash
 * sequence uses the first HASH_STATE, the others stay zero (empty, algorithm 0); an event
 * sequence has one per implemented hash, in SHA-1, SHA-256, SHA-384, SHA-512 order.
 *
 * <p>HASH_STATE: header; u8 type (0 empty, 1 hash, 2 HMAC, 3 SMAC); u16 hash; ANY_HASH_STATE {header;
 * OpenSSL's context fields for that hash, nothing for another value; future block}; future
 * block. Each hash's fields have their own section magic (HASH_STATE_SHA1 ...).
 */
final class HashObjectSection {
    private static final int MAGIC = 0xB874FE38;
    static final int VERSION = 3;
    private static final int HASH_STATE_MAGIC = 0x562878A2;
    private static final int ANY_HASH_STATE_MAGIC = 0x349D494B;
    private static final int SECTION_VERSION = 2;
    private static final int SHA1_MAGIC = 0x19D46F50;
    private static final int SHA256_MAGIC = 0x6EA059D0;
    private static final int SHA384_MAGIC = 0x14814B08;
    private static final int SHA512_MAGIC = 0x269E8AE0;
    /** HASH_STATE_TYPE. */
    static final int STATE_EMPTY = 0;
    static final int STATE_HASH = 1;
    static final int STATE_HMAC = 2;
    /** A CMAC sequence: libtpms 0.9 marshals no state for it (hash 0, nothing in ANY_HASH_STATE). */
    static final int STATE_SMAC = 3;
    /** HASH_COUNT of libtpms 0.9 (SHA-1, SHA-256, SHA-384, SHA-512). */
    private static final int HASH_COUNT = 4;
    private static final int MAX_DIGEST = 64;
    /** sizeof(TPM2B_HASH_BLOCK.t.buffer): the largest hash block. */
    private static final int MAX_HASH_BLOCK = 128;

    /** One HASH_STATE: its type, hash and (for an implemented hash) the OpenSSL fields. */
    record HashState(int type, int hashAlg, OpenSslHashState fields) {
        static final HashState EMPTY = new HashState(STATE_EMPTY, 0, null);
    }

    /**
     * A HASH_OBJECT as read. {@code states} are the four HASH_STATEs of a hash or event sequence,
     * or the one of an HMAC sequence (then with {@code hmacKey}); empty if the object has none.
     */
    record Read(int type, int nameAlg, int objectAttributes, byte[] authValue, List<HashState> states,
                byte[] hmacKey) {
    }

    private HashObjectSection() {
    }

    /** Writes a hash, event or HMAC/MAC sequence of the engine. */
    static void write(NvMarshalWriter w, HashSequence sequence) {
        w.header(VERSION, MAGIC, 1);
        w.u16(TpmAlgId.NULL).u16(TpmAlgId.NULL).u32(TpmaObject.NO_DA).tpm2b(sequence.authValue());
        if (sequence.isMacSequence()) {
            writeMacState(w, sequence.mac());
            w.emptyFutureBlock();
            return;
        }
        List<HashState> states = new ArrayList<>();
        if (sequence.isEventSequence()) {
            sequence.event().encodedStates().forEach((alg, state) -> states.add(
                    new HashState(STATE_HASH, alg, OpenSslHashState.fromEncodedState(alg, state))));
        } else {
            states.add(new HashState(STATE_HASH, sequence.hashAlg(),
                    OpenSslHashState.fromEncodedState(sequence.hashAlg(), sequence.digestState())));
        }
        while (states.size() < HASH_COUNT) {
            states.add(HashState.EMPTY);
        }
        w.u16(HASH_COUNT);
        for (HashState state : states) {
            writeHashState(w, state);
        }
        w.emptyFutureBlock();
    }

    /**
     * HMAC_STATE: the HASH_STATE of the inner digest (type HMAC) and hmacKey, the key block XOR
     * opad. A CMAC sequence is written as libtpms 0.9 writes it, without its running state (type
     * SMAC, hash 0, empty key): libtpms cannot resume one either, so neither side continues it.
     */
    private static void writeMacState(NvMarshalWriter w, MacComputation mac) {
        if (mac instanceof HmacComputation) {
            HmacComputation hmac = (HmacComputation) mac;
            int alg = hmac.macAlg();
            writeHashState(w, new HashState(STATE_HMAC, alg,
                    OpenSslHashState.fromEncodedState(alg, hmac.innerDigestState())));
            w.tpm2b(hmac.outerKeyBlock());
        } else {
            writeHashState(w, new HashState(STATE_SMAC, 0, null));
            w.tpm2b(new byte[0]);
        }
    }

    /** The attribute bits of a sequence of the engine (AllocateSequenceSlot: temporary, and the kind). */
    static int attributes(HashSequence sequence) {
        int kind = sequence.isMacSequence() ? ObjectAttributeBits.HMAC_SEQ
                : sequence.isEventSequence() ? ObjectAttributeBits.EVENT_SEQ : ObjectAttributeBits.HASH_SEQ;
        int bits = ObjectAttributeBits.OCCUPIED | ObjectAttributeBits.TEMPORARY | kind;
        if (sequence.firstBlockSeen()) {
            bits |= ObjectAttributeBits.FIRST_BLOCK;
        }
        if (sequence.ticketSafe()) {
            bits |= ObjectAttributeBits.TICKET_SAFE;
        }
        return bits;
    }

    /** HASH_OBJECT_Unmarshal with the ANY_OBJECT's attribute word. */
    static Read read(NvMarshalReader r, int attributes) throws LibtpmsFormatException {
        int version = r.header(MAGIC, VERSION, "HASH_OBJECT");
        int type = r.u16(); // TPMI_ALG_PUBLIC: its TPM_RC_TYPE is ignored here
        int nameAlg = r.wire(reader -> TpmiAlgHash.unmarshal(reader, true), "HASH_OBJECT nameAlg");
        int objectAttributes = r.wire(TpmaObject::unmarshal, "HASH_OBJECT objectAttributes");
        byte[] authValue = r.tpm2b(MAX_DIGEST, "HASH_OBJECT auth");
        List<HashState> states = new ArrayList<>();
        byte[] hmacKey = null;
        if (ObjectAttributeBits.has(attributes, ObjectAttributeBits.HASH_SEQ)
                || (ObjectAttributeBits.has(attributes, ObjectAttributeBits.EVENT_SEQ) && version >= 3)) {
            int count = r.u16();
            if (count != HASH_COUNT) {
                throw new LibtpmsFormatException(LibtpmsRc.SIZE, "HASH_OBJECT with " + count + " hash states");
            }
            for (int i = 0; i < count; i++) {
                states.add(readHashState(r));
            }
        } else if (ObjectAttributeBits.has(attributes, ObjectAttributeBits.HMAC_SEQ)) {
            states.add(readHashState(r));
            hmacKey = r.tpm2b(MAX_HASH_BLOCK, "HMAC_STATE hmacKey");
        }
        if (version >= 2) {
            r.block(false, "HASH_OBJECT version 4 or later");
        }
        return new Read(type, nameAlg, objectAttributes, authValue, states, hmacKey);
    }

    /**
     * The engine's sequence object for a HASH_OBJECT, or null if the engine cannot hold it: a CMAC
     * sequence (libtpms keeps no state for it), an event sequence of a version 2 writer (no
     * states), or hash states that are not what libtpms starts them as.
     */
    static HashSequence toSequence(Read read, int attributes) {
        boolean firstBlock = ObjectAttributeBits.has(attributes, ObjectAttributeBits.FIRST_BLOCK);
        boolean ticketSafe = ObjectAttributeBits.has(attributes, ObjectAttributeBits.TICKET_SAFE);
        try {
            if (ObjectAttributeBits.has(attributes, ObjectAttributeBits.HASH_SEQ)) {
                HashState state = read.states().get(0);
                if (state.type() != STATE_HASH || state.fields() == null) {
                    return null;
                }
                return HashSequence.restore(state.hashAlg(), read.authValue(), state.fields().toEncodedState(), null,
                        firstBlock, ticketSafe);
            }
            if (ObjectAttributeBits.has(attributes, ObjectAttributeBits.HMAC_SEQ)) {
                HashState state = read.states().get(0);
                if (state.type() != STATE_HMAC || state.fields() == null) {
                    return null;
                }
                return HashSequence.macSequence(read.authValue(), HmacComputation.restore(state.hashAlg(),
                        state.fields().toEncodedState(), read.hmacKey()));
            }
            if (ObjectAttributeBits.has(attributes, ObjectAttributeBits.EVENT_SEQ) && !read.states().isEmpty()) {
                Map<Integer, byte[]> states = new LinkedHashMap<>();
                for (int i = 0; i < HASH_COUNT; i++) {
                    HashState state = read.states().get(i);
                    if (state.type() != STATE_HASH || state.hashAlg() != Hashes.IMPLEMENTED.get(i)
                            || state.fields() == null) {
                        return null;
                    }
                    states.put(state.hashAlg(), state.fields().toEncodedState());
                }
                return HashSequence.restore(TpmAlgId.NULL, read.authValue(), null, EventSequence.restore(states),
                        firstBlock, ticketSafe);
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null; // pending bytes or a bit count OpenSSL cannot have: not a state to continue
        }
    }

    static void writeHashState(NvMarshalWriter w, HashState state) {
        w.header(SECTION_VERSION, HASH_STATE_MAGIC, 1).u8(state.type()).u16(state.hashAlg());
        w.header(SECTION_VERSION, ANY_HASH_STATE_MAGIC, 1);
        if (state.fields() != null) {
            writeFields(w, state.fields());
        }
        w.emptyFutureBlock();
        w.emptyFutureBlock();
    }

    private static HashState readHashState(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(HASH_STATE_MAGIC, SECTION_VERSION, "HASH_STATE");
        int type = r.u8();
        int hashAlg = r.u16();
        int anyVersion = r.header(ANY_HASH_STATE_MAGIC, SECTION_VERSION, "ANY_HASH_STATE");
        OpenSslHashState fields = Hashes.isImplemented(hashAlg) ? readFields(r, hashAlg) : null;
        if (anyVersion >= 2) {
            r.block(false, "ANY_HASH_STATE version 3 or later");
        }
        if (version >= 2) {
            r.block(false, "HASH_STATE version 3 or later");
        }
        return new HashState(type, hashAlg, fields);
    }

    private static int fieldsMagic(int hashAlg) {
        switch (hashAlg) {
            case TpmAlgId.SHA1:
                return SHA1_MAGIC;
            case TpmAlgId.SHA256:
                return SHA256_MAGIC;
            case TpmAlgId.SHA384:
                return SHA384_MAGIC;
            default:
                return SHA512_MAGIC;
        }
    }

    /**
     * tpmHashStateSHA1/SHA256/SHA512_Marshal: SHA-1 has h0..h4 without a count and no md_len;
     * the others a u16 8 before h; 64-bit words for SHA-384/512.
     */
    private static void writeFields(NvMarshalWriter w, OpenSslHashState s) {
        int alg = s.hashAlg();
        boolean wide = OpenSslHashState.isLongDigest(alg);
        w.header(SECTION_VERSION, fieldsMagic(alg), 1);
        long[] h = s.h();
        if (alg != TpmAlgId.SHA1) {
            w.u16(h.length);
        }
        for (long word : h) {
            word(w, word, wide);
        }
        word(w, s.nl(), wide);
        word(w, s.nh(), wide);
        w.tpm2b(s.data());
        w.u32(s.num());
        if (alg != TpmAlgId.SHA1) {
            w.u32(s.mdLen());
        }
        w.emptyFutureBlock();
    }

    private static OpenSslHashState readFields(NvMarshalReader r, int alg) throws LibtpmsFormatException {
        boolean wide = OpenSslHashState.isLongDigest(alg);
        int version = r.header(fieldsMagic(alg), SECTION_VERSION, "HASH_STATE_SHA");
        int words = OpenSslHashState.chainingWords(alg);
        if (alg != TpmAlgId.SHA1) {
            int count = r.u16();
            if (count != words) {
                throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "hash state with " + count + " words");
            }
        }
        long[] h = new long[words];
        for (int i = 0; i < words; i++) {
            h[i] = word(r, wide);
        }
        long nl = word(r, wide);
        long nh = word(r, wide);
        int size = r.u16();
        if (size != OpenSslHashState.blockSize(alg)) {
            throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, "hash state block of " + size + " bytes");
        }
        byte[] data = r.bytes(size);
        int num = r.u32();
        int mdLen = alg == TpmAlgId.SHA1 ? 0 : r.u32();
        if (version >= 2) {
            r.block(false, "HASH_STATE_SHA version 3 or later");
        }
        return new OpenSslHashState(alg, h, nl, nh, data, num, mdLen);
    }

    private static void word(NvMarshalWriter w, long value, boolean wide) {
        if (wide) {
            w.u64(value);
        } else {
            w.u32((int) value);
        }
    }

    private static long word(NvMarshalReader r, boolean wide) throws LibtpmsFormatException {
        return wide ? r.u64() : Integer.toUnsignedLong(r.u32());
    }
}
