package org.swtpmjava.tpm.tpm2.state.codec;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.swtpmjava.tpm.TpmResult;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * The frame of this engine's own (not yet libtpms-compatible) state blobs:
 * magic (u32), format version (u16), sections of {id (u16), length (u32), body}, then a SHA-256
 * of everything before it. Readers skip sections they do not know, so a newer writer can add
 * sections without breaking an older reader; a reader refuses a newer major format version.
 */
final class BlobEnvelope {
    static final int FORMAT_VERSION = 1;
    private static final int CHECKSUM_SIZE = 32;

    private final TpmWriter writer = new TpmWriter(4096);

    BlobEnvelope(int magic) {
        writer.writeU32(magic).writeU16(FORMAT_VERSION);
    }

    /** Appends one section whose body {@code body} writes. */
    BlobEnvelope section(int id, Consumer<TpmWriter> body) {
        TpmWriter content = new TpmWriter();
        body.accept(content);
        byte[] bytes = content.toByteArray();
        writer.writeU16(id).writeU32(bytes.length).writeBytes(bytes);
        return this;
    }

    byte[] seal() {
        byte[] content = writer.toByteArray();
        byte[] sealed = Arrays.copyOf(content, content.length + CHECKSUM_SIZE);
        System.arraycopy(sha256(content), 0, sealed, content.length, CHECKSUM_SIZE);
        return sealed;
    }

    /** Checks the frame and returns a reader per section id. */
    static Map<Integer, TpmReader> open(byte[] blob, int magic, String kind) throws StateBlobException {
        if (blob.length < 6 + CHECKSUM_SIZE) {
            throw new StateBlobException(TpmResult.BAD_PARAMETER, kind + " blob too short");
        }
        TpmReader reader = new TpmReader(blob, 0, blob.length - CHECKSUM_SIZE);
        if (reader.readU32() != magic) {
            throw new StateBlobException(TpmResult.BADTAG, "not a " + kind + " blob of this engine");
        }
        int version = reader.readU16();
        if (version > FORMAT_VERSION) {
            throw new StateBlobException(TpmResult.BAD_VERSION, kind + " blob format " + version + " is newer");
        }
        byte[] expected = sha256(Arrays.copyOf(blob, blob.length - CHECKSUM_SIZE));
        byte[] actual = Arrays.copyOfRange(blob, blob.length - CHECKSUM_SIZE, blob.length);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new StateBlobException(TpmResult.BAD_PARAMETER, kind + " blob checksum mismatch");
        }
        Map<Integer, TpmReader> sections = new LinkedHashMap<>();
        try {
            while (reader.hasRemaining()) {
                int id = reader.readU16();
                long length = reader.readU32Unsigned();
                if (length > reader.remaining()) {
                    throw new StateBlobException(TpmResult.BAD_PARAMETER, kind + " section " + id + " truncated");
                }
                sections.put(id, reader.slice((int) length));
            }
        } catch (TpmRcException e) {
            throw new StateBlobException(TpmResult.BAD_PARAMETER, kind + " blob truncated", e);
        }
        return sections;
    }

    /** A required section, or an error naming it. */
    static TpmReader required(Map<Integer, TpmReader> sections, int id, String name) throws StateBlobException {
        TpmReader reader = sections.get(id);
        if (reader == null) {
            throw new StateBlobException(TpmResult.BAD_PARAMETER, "missing section " + name);
        }
        return reader;
    }

    private static byte[] sha256(byte[] data) {
        return Hashes.digest(TpmAlgId.SHA256, data);
    }
}
