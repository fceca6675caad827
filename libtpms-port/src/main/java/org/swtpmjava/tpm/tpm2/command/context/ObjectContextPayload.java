package org.swtpmjava.tpm.tpm2.command.context;

import java.util.LinkedHashMap;
import java.util.Map;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.EventSequence;
import org.swtpmjava.tpm.tpm2.state.HashSequence;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TransientObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmuPublicId;

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
    private static final int MAX_NAME = 2 + Hashes.MAX_DIGEST_SIZE;
    private static final int MAX_DIGEST_STATE = 1024;

    private ObjectContextPayload() {
    }

    static byte[] encode(TransientObject object) {
        TpmWriter w = new TpmWriter(1024);
        if (object instanceof LoadedObject loaded) {
            w.writeU8(KEY_OBJECT);
            loaded.publicArea().marshalSized(w);
            w.writeSized(loaded.authValue()).writeSized(loaded.seedValue()).writeSized(loaded.sensitive());
            w.writeSized(loaded.name()).writeSized(loaded.qualifiedName());
            w.writeU32(loaded.hierarchy()).writeU8(loaded.seedCompatLevel()).writeBool(loaded.isPrimary());
        } else {
            HashSequence sequence = (HashSequence) object;
            w.writeU8(SEQUENCE).writeU16(sequence.hashAlg()).writeSized(sequence.authValue());
            w.writeBool(sequence.firstBlockSeen()).writeBool(sequence.ticketSafe());
            if (sequence.isEventSequence()) {
                Map<Integer, byte[]> states = sequence.event().encodedStates();
                w.writeU8(states.size());
                states.forEach((alg, state) -> w.writeU16(alg).writeSized(state));
            } else {
                w.writeSized(sequence.digestState());
            }
        }
        return w.toByteArray();
    }

    /** The object of a payload this engine wrote; anything else throws (the caller enters failure mode). */
    static TransientObject decode(byte[] payload) {
        TpmReader r = new TpmReader(payload);
        int kind = r.readU8();
        TransientObject object;
        if (kind == KEY_OBJECT) {
            TpmtPublic publicArea = TpmtPublic.unmarshalSized(r, false);
            byte[] authValue = r.readSized(Hashes.MAX_DIGEST_SIZE);
            byte[] seedValue = r.readSized(Hashes.MAX_DIGEST_SIZE);
            byte[] sensitive = r.readSized(TpmuPublicId.MAX_RSA_KEY_BYTES);
            byte[] name = r.readSized(MAX_NAME);
            byte[] qualifiedName = r.readSized(MAX_NAME);
            object = new LoadedObject(publicArea, authValue, seedValue, sensitive, name, qualifiedName, r.readU32(),
                    r.readU8(), r.readBool());
        } else if (kind == SEQUENCE) {
            object = decodeSequence(r);
        } else {
            throw new IllegalArgumentException("unknown object kind " + kind);
        }
        if (r.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes in an object context");
        }
        return object;
    }

    private static HashSequence decodeSequence(TpmReader r) {
        int hashAlg = r.readU16();
        byte[] authValue = r.readSized(Hashes.MAX_DIGEST_SIZE);
        boolean firstBlock = r.readBool();
        boolean ticketSafe = r.readBool();
        if (hashAlg != TpmAlgId.NULL) {
            return HashSequence.restore(hashAlg, authValue, r.readSized(MAX_DIGEST_STATE), null, firstBlock,
                    ticketSafe);
        }
        Map<Integer, byte[]> states = new LinkedHashMap<>();
        int count = r.readU8();
        for (int i = 0; i < count; i++) {
            int alg = r.readU16();
            states.put(alg, r.readSized(MAX_DIGEST_STATE));
        }
        return HashSequence.restore(hashAlg, authValue, null, EventSequence.restore(states), firstBlock, ticketSafe);
    }
}
