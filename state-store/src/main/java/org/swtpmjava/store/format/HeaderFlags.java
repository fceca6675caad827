package org.swtpmjava.store.format;

/** Flag bits of the 10-byte object header (swtpm-protocol.md §5.2.1). */
public final class HeaderFlags {
    /** Data encrypted with the file key ({@code --key}). */
    public static final int ENCRYPTED = 0x01;
    /** Blob encrypted with the migration key ({@code --migration-key}). */
    public static final int MIGRATION_ENCRYPTED = 0x02;
    /** A GET/SET_STATEBLOB blob (migration wrapper present). */
    public static final int MIGRATION_DATA = 0x04;
    /** The file key is 256 bits. */
    public static final int ENCRYPTED_256BIT_KEY = 0x08;
    /** The migration key is 256 bits. */
    public static final int MIGRATION_256BIT_KEY = 0x10;

    private HeaderFlags() {
    }
}
