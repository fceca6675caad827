package org.swtpmjava.store.format;

/** TLV tags of swtpm's state objects and blobs (swtpm-protocol.md §5.2.2). */
public final class TlvTags {
    public static final int DATA = 1;
    public static final int ENCRYPTED_DATA = 2;
    public static final int HMAC = 3;
    public static final int MIGRATION_DATA = 4;
    public static final int ENCRYPTED_MIGRATION_DATA = 5;
    public static final int IVEC_ENCRYPTED_DATA = 6;
    public static final int IVEC_ENCRYPTED_MIGRATION_DATA = 7;

    private TlvTags() {
    }
}
