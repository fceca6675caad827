package org.swtpmjava.tpm.tpm2.state.codec;

import java.util.LinkedHashMap;
import java.util.Map;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.EventSequence;
import org.swtpmjava.tpm.tpm2.state.HashSequence;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TransientObject;
import org.swtpmjava.tpm.tpm2.state.TransientObjects;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmuPublicId;

/**
 * The transient objects in the volatile blob (the reference keeps s_objects there, libtpms.md
 * §4.9, §4.10): a section version, then per transient slot what occupies it - nothing, a key or
 * data object (public area, sensitive values, Names, hierarchy, seed compatibility level) or a
 * sequence object (algorithm, authValue, first-block verdict and the running digest states in
 * Bouncy Castle's encoding, not libtpms' HASH_STATE layout). The engine no longer writes this
 * section (its volatile blobs and object contexts use libtpms' ANY_OBJECT,
 * state.libtpms.AnyObjectSection); it still reads it in its own older volatile blobs, and the
 * per-object encodings in object contexts saved by its earlier versions.
 */
public final class ObjectStateCodec {
    /** Version of this section's layout; a reader refuses a newer one. */
    static final int VERSION = 1;
    private static final int EMPTY = 0;
    private static final int KEY_OBJECT = 1;
    private static final int SEQUENCE = 2;
    /** Bouncy Castle's encoded SHA-512 state is about 200 bytes. */
    private static final int MAX_DIGEST_STATE = 1024;
    /** Name and qualified Name: nameAlg plus the largest digest. */
    private static final int MAX_NAME = 2 + Hashes.MAX_DIGEST_SIZE;

    private ObjectStateCodec() {
    }

    static void write(TpmWriter w, TransientObjects objects) {
        w.writeU16(VERSION).writeU8(TransientObjects.SLOTS);
        for (int slot = 0; slot < TransientObjects.SLOTS; slot++) {
            TransientObject object = objects.get(TransientObjects.TRANSIENT_FIRST + slot);
            if (object instanceof LoadedObject loaded) {
                w.writeU8(KEY_OBJECT);
                writeObject(w, loaded, false);
            } else if (object instanceof HashSequence sequence) {
                w.writeU8(SEQUENCE);
                writeSequence(w, sequence);
            } else {
                w.writeU8(EMPTY);
            }
        }
    }

    /** Restores the objects into {@code objects}, which is expected empty. */
    static void read(TpmReader r, TransientObjects objects) {
        int version = r.readU16();
        if (version > VERSION) {
            throw new IllegalArgumentException("object section version " + version + " is newer");
        }
        int slots = r.readU8();
        if (slots != TransientObjects.SLOTS) {
            throw new IllegalArgumentException(slots + " object slots");
        }
        for (int slot = 0; slot < slots; slot++) {
            int kind = r.readU8();
            int handle = TransientObjects.TRANSIENT_FIRST + slot;
            if (kind == KEY_OBJECT) {
                objects.restore(handle, readObject(r, false));
            } else if (kind == SEQUENCE) {
                objects.restore(handle, readSequence(r));
            } else if (kind != EMPTY) {
                throw new IllegalArgumentException("unknown object kind " + kind);
            }
        }
    }

    /** A sequence object: algorithm, authValue, first-block and ticket flags, digest states. */
    public static void writeSequence(TpmWriter w, HashSequence sequence) {
        w.writeU16(sequence.hashAlg()).writeSized(sequence.authValue());
        w.writeBool(sequence.firstBlockSeen()).writeBool(sequence.ticketSafe());
        if (sequence.isEventSequence()) {
            Map<Integer, byte[]> states = sequence.event().encodedStates();
            w.writeU8(states.size());
            states.forEach((alg, state) -> w.writeU16(alg).writeSized(state));
        } else {
            w.writeSized(sequence.digestState());
        }
    }

    public static HashSequence readSequence(TpmReader r) {
        int hashAlg = r.readU16();
        if (hashAlg != TpmAlgId.NULL && !Hashes.isImplemented(hashAlg)) {
            throw new IllegalArgumentException("bad sequence hash");
        }
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

    /**
     * A key or data object: public area, authValue, seedValue, private part, Name, qualified
     * Name, hierarchy, seed compatibility level, and with {@code primaryFlag} whether it is a
     * primary object (context blobs carry it; the volatile section does not).
     */
    public static void writeObject(TpmWriter w, LoadedObject object, boolean primaryFlag) {
        object.publicArea().marshalSized(w);
        w.writeSized(object.authValue()).writeSized(object.seedValue()).writeSized(object.sensitive());
        w.writeSized(object.name()).writeSized(object.qualifiedName());
        w.writeU32(object.hierarchy()).writeU8(object.seedCompatLevel());
        if (primaryFlag) {
            w.writeBool(object.isPrimary());
        }
    }

    /** Reads what {@link #writeObject} wrote with the same {@code primaryFlag}. */
    public static LoadedObject readObject(TpmReader r, boolean primaryFlag) {
        TpmtPublic publicArea = TpmtPublic.unmarshalSized(r, false);
        byte[] authValue = r.readSized(Hashes.MAX_DIGEST_SIZE);
        byte[] seedValue = r.readSized(Hashes.MAX_DIGEST_SIZE);
        byte[] sensitive = r.readSized(TpmuPublicId.MAX_RSA_KEY_BYTES);
        byte[] name = r.readSized(MAX_NAME);
        byte[] qualifiedName = r.readSized(MAX_NAME);
        int hierarchy = r.readU32();
        int seedCompatLevel = r.readU8();
        boolean primary = primaryFlag && r.readBool();
        return new LoadedObject(publicArea, authValue, seedValue, sensitive, name, qualifiedName, hierarchy,
                seedCompatLevel, primary);
    }
}
