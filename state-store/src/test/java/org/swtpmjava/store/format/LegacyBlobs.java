package org.swtpmjava.store.format;

/** Builds header-version-1 objects (swtpm-protocol.md §5.2.5) for tests; nothing writes them any more. */
final class LegacyBlobs {
    private LegacyBlobs() {
    }

    static byte[] version1(int flags, byte[] body) {
        byte[] object = StateHeader.prepend(flags, body);
        object[0] = StateHeader.LEGACY_VERSION;
        return object;
    }
}
