package org.swtpmjava.store.format;

import java.util.List;
import java.util.Optional;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;
import org.swtpmjava.store.crypto.StateEncryption;
import org.swtpmjava.store.crypto.StateKey;

/**
 * One wrapping layer of swtpm's format: the file layer (tags 1 / 2,3,6, flags 0x01/0x08, file key)
 * or the migration layer (tags 4 / 5,3,7, flags 0x02/0x10, migration key). swtpm-protocol.md §5.2-5.3.
 */
enum Layer {
    FILE(TlvTags.DATA, TlvTags.ENCRYPTED_DATA, TlvTags.IVEC_ENCRYPTED_DATA,
            HeaderFlags.ENCRYPTED, HeaderFlags.ENCRYPTED_256BIT_KEY),
    MIGRATION(TlvTags.MIGRATION_DATA, TlvTags.ENCRYPTED_MIGRATION_DATA, TlvTags.IVEC_ENCRYPTED_MIGRATION_DATA,
            HeaderFlags.MIGRATION_ENCRYPTED, HeaderFlags.MIGRATION_256BIT_KEY);

    private final int plainTag;
    private final int encryptedTag;
    private final int ivTag;
    private final int encryptedFlag;
    private final int key256Flag;

    Layer(int plainTag, int encryptedTag, int ivTag, int encryptedFlag, int key256Flag) {
        this.plainTag = plainTag;
        this.encryptedTag = encryptedTag;
        this.ivTag = ivTag;
        this.encryptedFlag = encryptedFlag;
        this.key256Flag = key256Flag;
    }

    /** Header flags this layer contributes when written with {@code key} (null = plain). */
    int flagsFor(StateKey key) {
        if (key == null) {
            return 0;
        }
        return encryptedFlag | (key.isAes256() ? key256Flag : 0);
    }

    /** The layer's TLVs in swtpm's order: plain {@code [data]}, encrypted {@code [enc, hmac, iv]}. */
    byte[] seal(byte[] plain, StateKey key, StateEncryption encryption) throws StateStoreException {
        if (key == null) {
            return Tlv.encode(List.of(new Tlv(plainTag, plain)));
        }
        StateEncryption.Sealed sealed = encryption.seal(key, plain);
        return Tlv.encode(List.of(
                new Tlv(encryptedTag, sealed.ciphertext()),
                new Tlv(TlvTags.HMAC, sealed.hmac()),
                new Tlv(ivTag, sealed.ivValue())));
    }

    /**
     * Recovers the layer's content from {@code body} (the bytes after the header or the
     * content of the outer layer): decrypted with {@code key} if one is given, else as plain data.
     * Mirrors swtpm's SWTPM_NVRAM_DecryptData / GetPlainData, including the order of checks.
     */
    byte[] open(byte[] body, int headerVersion, int headerFlags, StateKey key) throws StateStoreException {
        return key == null ? openPlain(body, headerVersion) : openEncrypted(body, headerVersion, headerFlags, key);
    }

    private byte[] openPlain(byte[] body, int headerVersion) throws StateStoreException {
        if (headerVersion == StateHeader.LEGACY_VERSION) {
            return body.clone();
        }
        if (headerVersion != StateHeader.VERSION) {
            throw unsupportedVersion(headerVersion);
        }
        return Tlv.find(body, 0, body.length, plainTag).orElseThrow(() ->
                new StateStoreException(StoreResults.FAIL, "Could not find plain data (tag " + plainTag
                        + ") in byte stream."));
    }

    private byte[] openEncrypted(byte[] body, int headerVersion, int headerFlags, StateKey key)
            throws StateStoreException {
        if (headerVersion == StateHeader.LEGACY_VERSION) {
            return StateEncryption.openLegacy(key, body);
        }
        if (headerVersion != StateHeader.VERSION) {
            throw unsupportedVersion(headerVersion);
        }
        int expectedKeyLength = (headerFlags & key256Flag) != 0 ? 32 : 16;
        if (expectedKeyLength != key.length()) {
            throw new StateStoreException(StoreResults.BAD_KEY_PROPERTY,
                    "Wrong decryption key. Need " + expectedKeyLength * 8 + " bit key.");
        }
        Optional<byte[]> hmac = Tlv.find(body, 0, body.length, TlvTags.HMAC);
        Optional<byte[]> ciphertext = Tlv.find(body, 0, body.length, encryptedTag);
        if (hmac.isEmpty() || ciphertext.isEmpty()) {
            throw new StateStoreException(StoreResults.FAIL,
                    "Could not find HMAC or encrypted data (tag " + encryptedTag + ") in byte stream.");
        }
        byte[] iv = Tlv.find(body, 0, body.length, ivTag).orElse(null);
        return StateEncryption.open(key, ciphertext.get(), hmac.get(), iv);
    }

    private static StateStoreException unsupportedVersion(int headerVersion) {
        return new StateStoreException(StoreResults.FAIL, "Unsupported header version " + headerVersion);
    }
}
