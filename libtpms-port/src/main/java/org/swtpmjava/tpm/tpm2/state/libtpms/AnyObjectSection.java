package org.swtpmjava.tpm.tpm2.state.libtpms;

import java.math.BigInteger;
import org.swtpmjava.tpm.tpm2.state.HashSequence;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TransientObject;

/**
 * ANY_OBJECT (libtpms.md §4.9): header (version 2), the u32 internal attribute word
 * ({@link ObjectAttributeBits}), if its occupied bit is set a HASH_OBJECT (one of the sequence
 * bits set, {@link HashObjectSection}) or an OBJECT ({@link ObjectSection}), then a future
 * block. libtpms writes it for the transient object slots of the volatile state, for the payload
 * of an object's context (ContextSave) and for persistent objects in NV.
 *
 * <p>Reading follows ANY_OBJECT_Unmarshal with its codes. What the engine cannot hold yet is
 * still parsed to its end and reported as {@link Decoded#unsupported()}: CMAC sequences (libtpms
 * keeps no state for them), evict objects (a transient slot or context never holds one; persistent
 * objects are read by {@link #readPersistent}), sequences whose hash states libtpms would not continue.
 */
public final class AnyObjectSection {
    private static final int MAGIC = 0xFE9A3974;
    private static final int VERSION = 2;
    /** The start of the message of a refusal that came from an unexpected exception (tests look for it). */
    public static final String UNEXPECTED = "ANY_OBJECT, unexpected: ";

    /**
     * One ANY_OBJECT as read: {@code object} is null for an empty slot and for an object the
     * engine cannot hold ({@code unsupported}).
     */
    public record Decoded(TransientObject object, boolean unsupported) {
        static final Decoded EMPTY = new Decoded(null, false);
        static final Decoded UNSUPPORTED = new Decoded(null, true);
    }

    private AnyObjectSection() {
    }

    /** The ANY_OBJECT marshalling of {@code object} (null: an empty slot), as libtpms 0.9 writes it. */
    public static byte[] marshal(TransientObject object) {
        NvMarshalWriter w = new NvMarshalWriter();
        write(w, object);
        return w.toByteArray();
    }

    /**
     * Reads one ANY_OBJECT from the start of {@code bytes}; what follows it is ignored, as
     * ObjectContextLoadLibtpms ignores it.
     */
    public static Decoded unmarshal(byte[] bytes) throws LibtpmsFormatException {
        try {
            return read(new NvMarshalReader(bytes));
        } catch (RuntimeException e) {
            // not expected (every check above has its code); kept so that ContextLoad never fails
            throw new LibtpmsFormatException(LibtpmsRc.BAD_PARAMETER, UNEXPECTED + e);
        }
    }

    static void write(NvMarshalWriter w, TransientObject object) {
        write(w, object, 0);
    }

    /**
     * A persistent object as USER_NVRAM holds it: the OBJECT that NvAddEvictObject copied to NV,
     * with attributes.evict set and evictHandle its persistent handle.
     */
    static void writePersistent(NvMarshalWriter w, LoadedObject object, int evictHandle) {
        write(w, object, evictHandle);
    }

    private static void write(NvMarshalWriter w, TransientObject object, int evictHandle) {
        w.header(VERSION, MAGIC, 1);
        if (object instanceof LoadedObject loaded) {
            BigInteger[] exponent = PrivateExponentSection.compute(loaded);
            w.u32(ObjectAttributeBits.of(loaded) | (exponent != null ? ObjectAttributeBits.PRIVATE_EXP : 0)
                    | (evictHandle != 0 ? ObjectAttributeBits.EVICT : 0));
            ObjectSection.write(w, loaded, exponent, evictHandle);
        } else if (object instanceof HashSequence sequence) {
            w.u32(HashObjectSection.attributes(sequence));
            HashObjectSection.write(w, sequence);
        } else {
            w.u32(0);
        }
        w.emptyFutureBlock();
    }

    /**
     * A persistent object of USER_NVRAM (NvGetEvictObject's copy): the object, or null if it is
     * not an OBJECT the engine can hold.
     */
    static LoadedObject readPersistent(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(MAGIC, VERSION, "ANY_OBJECT");
        int attributes = r.u32();
        LoadedObject object = null;
        if (ObjectAttributeBits.has(attributes, ObjectAttributeBits.OCCUPIED)
                && (attributes & ObjectAttributeBits.ANY_SEQUENCE) == 0) {
            ObjectSection.Read read = ObjectSection.read(r, attributes);
            object = read.representable() ? read.object() : null;
        }
        if (version >= 2) {
            r.block(false, "ANY_OBJECT version 3 or later");
        }
        return object;
    }

    static Decoded read(NvMarshalReader r) throws LibtpmsFormatException {
        int version = r.header(MAGIC, VERSION, "ANY_OBJECT");
        int attributes = r.u32();
        Decoded decoded = Decoded.EMPTY;
        if (ObjectAttributeBits.has(attributes, ObjectAttributeBits.OCCUPIED)) {
            if ((attributes & ObjectAttributeBits.ANY_SEQUENCE) != 0) {
                HashObjectSection.Read read = HashObjectSection.read(r, attributes);
                HashSequence sequence = HashObjectSection.toSequence(read, attributes);
                decoded = sequence == null ? Decoded.UNSUPPORTED : new Decoded(sequence, false);
            } else {
                ObjectSection.Read read = ObjectSection.read(r, attributes);
                boolean supported = read.representable()
                        && (attributes & ObjectAttributeBits.EVICT) == 0;
                decoded = supported ? new Decoded(read.object(), false) : Decoded.UNSUPPORTED;
            }
        }
        if (version >= 2) {
            r.block(false, "ANY_OBJECT version 3 or later");
        }
        return decoded;
    }
}
