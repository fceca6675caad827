package org.swtpmjava.tpm.tpm2.command.context;

import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.HashSequence;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TransientObject;
import org.swtpmjava.tpm.tpm2.state.codec.ObjectStateCodec;

/**
 * The payload of an object's context blob in this engine's own layout (libtpms puts its ANY_OBJECT
 * marshalling here; this one is not that, so object contexts do not move between libtpms and the
 * engine): a kind byte, then for a key or data object its public area, authValue, seedValue,
 * private part, Name, qualified Name, hierarchy, seed compatibility level and primary flag, for a
 * sequence object its hash, authValue, first-block and ticket flags and digest states.
 */
final class ObjectContextPayload {
    private static final int KEY_OBJECT = 1;
    private static final int SEQUENCE = 2;

    private ObjectContextPayload() {
    }

    static byte[] encode(TransientObject object) {
        TpmWriter w = new TpmWriter(1024);
        if (object instanceof LoadedObject loaded) {
            w.writeU8(KEY_OBJECT);
            ObjectStateCodec.writeObject(w, loaded, true);
        } else {
            w.writeU8(SEQUENCE);
            ObjectStateCodec.writeSequence(w, (HashSequence) object);
        }
        return w.toByteArray();
    }

    /** The object of a payload this engine wrote; anything else throws (the caller enters failure mode). */
    static TransientObject decode(byte[] payload) {
        TpmReader r = new TpmReader(payload);
        int kind = r.readU8();
        TransientObject object;
        if (kind == KEY_OBJECT) {
            object = ObjectStateCodec.readObject(r, true);
        } else if (kind == SEQUENCE) {
            object = ObjectStateCodec.readSequence(r);
        } else {
            throw new IllegalArgumentException("unknown object kind " + kind);
        }
        if (r.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes in an object context");
        }
        return object;
    }
}
