package org.swtpmjava.store.format;

import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;

/**
 * The 10-byte big-endian header in front of every state object and state blob
 * (swtpm-protocol.md §5.2.1): version, min_version, hdrsize, flags, totlen.
 */
public record StateHeader(int version, int minVersion, int headerSize, int flags, long totalLength) {
    public static final int SIZE = 10;
    /** The version swtpm writes (2 = TLV body) and the highest min_version it reads. */
    public static final int VERSION = 2;
    /** Header version 1: legacy body without TLVs (§5.2.5). */
    public static final int LEGACY_VERSION = 1;
    private static final int MIN_VERSION_WRITTEN = 1;

    /**
     * Parses and checks a whole object in swtpm's order: length < 10 or totlen != length
     * (0x03), min_version > 2 (0x2e), hdrsize != 10 (0x2b).
     */
    public static StateHeader parse(byte[] object) throws StateStoreException {
        if (object.length < SIZE) {
            throw new StateStoreException(StoreResults.BAD_PARAMETER, "not enough bytes for header: " + object.length);
        }
        long totalLength = Integer.toUnsignedLong(Tlv.readInt(object, 6));
        if (totalLength != object.length) {
            throw new StateStoreException(StoreResults.BAD_PARAMETER,
                    "broken header: bh->totlen " + totalLength + " != " + object.length);
        }
        int minVersion = object[1] & 0xff;
        if (minVersion > VERSION) {
            throw new StateStoreException(StoreResults.BAD_VERSION, "Minimum required version for the blob is "
                    + minVersion + ", we only support version " + VERSION);
        }
        int headerSize = (object[2] & 0xff) << 8 | object[3] & 0xff;
        if (headerSize != SIZE) {
            throw new StateStoreException(StoreResults.BAD_DATASIZE, "bad header size: " + headerSize + " != " + SIZE);
        }
        int flags = (object[4] & 0xff) << 8 | object[5] & 0xff;
        return new StateHeader(object[0] & 0xff, minVersion, headerSize, flags, totalLength);
    }

    /** Header (version 2, min_version 1, hdrsize 10, flags, totlen) followed by the body. */
    public static byte[] prepend(int flags, byte[] body) {
        int total = SIZE + body.length;
        byte[] out = new byte[total];
        out[0] = VERSION;
        out[1] = MIN_VERSION_WRITTEN;
        out[2] = 0;
        out[3] = SIZE;
        out[4] = (byte) (flags >>> 8);
        out[5] = (byte) flags;
        out[6] = (byte) (total >>> 24);
        out[7] = (byte) (total >>> 16);
        out[8] = (byte) (total >>> 8);
        out[9] = (byte) total;
        System.arraycopy(body, 0, out, SIZE, body.length);
        return out;
    }
}
