package org.swtpmjava.tpm.tpm2.command.context;

import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.TransientObject;
import org.swtpmjava.tpm.tpm2.state.codec.ObjectStateCodec;
import org.swtpmjava.tpm.tpm2.state.libtpms.AnyObjectSection;
import org.swtpmjava.tpm.tpm2.state.libtpms.LibtpmsFormatException;

/**
 * The payload of an object's context blob, after the fingerprint: the object's ANY_OBJECT
 * marshalling, as libtpms (since 0.8) puts it there (TPM2_ContextSave; libtpms.md §4.9, §4.12),
 * with nothing before or after it. Object contexts therefore move between libtpms and the engine
 * when both have the same hierarchy proofs.
 *
 * <p>Reading follows ObjectContextLoadLibtpms: the ANY_OBJECT is read from the start of the
 * payload and what follows it is ignored. libtpms then tries its old raw OBJECT struct copy,
 * which the engine does not read; instead it tries the payload layout of earlier versions of
 * this engine (a kind byte, then {@link ObjectStateCodec}'s object or sequence encoding).
 */
final class ObjectContextPayload {
    /** sizeof(OBJECT) of libtpms 0.9.2 on x86-64: a longer payload puts libtpms in failure mode. */
    static final int MAX_PAYLOAD = 2600;
    private static final int OLD_KEY_OBJECT = 1;
    private static final int OLD_SEQUENCE = 2;

    /** The outcome of reading a payload: an object to load, or none (the slot stays free). */
    record Loaded(TransientObject object) {
    }

    private ObjectContextPayload() {
    }

    static byte[] encode(TransientObject object) {
        return AnyObjectSection.marshal(object);
    }

    /**
     * The object of a payload; {@code new Loaded(null)} for an ANY_OBJECT that is not occupied
     * (libtpms returns the handle of a slot it leaves free). Null if the payload cannot be read,
     * or holds an object the engine cannot hold yet (an HMAC sequence, a public-only object).
     */
    static Loaded decode(byte[] payload) {
        try {
            AnyObjectSection.Decoded decoded = AnyObjectSection.unmarshal(payload);
            return decoded.unsupported() ? null : new Loaded(decoded.object());
        } catch (LibtpmsFormatException e) {
            TransientObject old = decodeOld(payload);
            return old == null ? null : new Loaded(old);
        }
    }

    /** The payload of this engine before it wrote ANY_OBJECT, or null. */
    private static TransientObject decodeOld(byte[] payload) {
        try {
            TpmReader r = new TpmReader(payload);
            int kind = r.readU8();
            TransientObject object;
            if (kind == OLD_KEY_OBJECT) {
                object = ObjectStateCodec.readObject(r, true);
            } else if (kind == OLD_SEQUENCE) {
                object = ObjectStateCodec.readSequence(r);
            } else {
                return null;
            }
            return r.hasRemaining() ? null : object;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
