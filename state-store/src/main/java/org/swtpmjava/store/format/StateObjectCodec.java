package org.swtpmjava.store.format;

import java.util.Arrays;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.crypto.StateEncryption;
import org.swtpmjava.store.crypto.StateKey;

/**
 * The content of a state file (and of a linear-backend slot), swtpm-protocol.md §5.2.3:
 * header(flags 0) + TLV 1 without a file key, header(0x01 [+0x08]) + TLVs 2, 3, 6 with one.
 *
 * <p>Reading decides by the configured key alone, not by the header flag: with a key a plain
 * object fails (0x09, or 0x28 for a 256-bit key), without one an encrypted object fails (0x09).
 */
public final class StateObjectCodec {
    private final StateEncryption encryption;

    public StateObjectCodec(StateEncryption encryption) {
        this.encryption = encryption;
    }

    /** The object bytes for {@code plain}, encrypted if {@code fileKey} is not null. */
    public byte[] encode(byte[] plain, StateKey fileKey) throws StateStoreException {
        byte[] body = Layer.FILE.seal(plain, fileKey, encryption);
        return StateHeader.prepend(Layer.FILE.flagsFor(fileKey), body);
    }

    /** The plain content of an object; {@code fileKey} null means no {@code --key}. */
    public static byte[] decode(byte[] object, StateKey fileKey) throws StateStoreException {
        StateHeader header = StateHeader.parse(object);
        byte[] body = Arrays.copyOfRange(object, StateHeader.SIZE, object.length);
        return Layer.FILE.open(body, header.version(), header.flags(), fileKey);
    }
}
