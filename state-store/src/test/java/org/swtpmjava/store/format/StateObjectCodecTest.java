package org.swtpmjava.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;
import org.swtpmjava.store.crypto.StateEncryption;
import org.swtpmjava.store.crypto.StateKey;

/** State file content (swtpm-protocol.md §5.2.3) and its failure codes. */
class StateObjectCodecTest {
    static final StateKey K128 = StateKey.of(filled(16, 0x11));
    static final StateKey K256 = StateKey.of(filled(32, 0x22));
    private static final byte[] PERMALL = filled(1299, 0x5a);

    private final StateObjectCodec codec = new StateObjectCodec(new StateEncryption(new SecureRandom()));

    @Test
    void plainObjectIsHeaderWithFlags0AndOneDataTlv() throws Exception {
        byte[] object = codec.encode(PERMALL, null);
        assertThat(object).hasSize(1315);
        assertThat(Arrays.copyOf(object, 16)).containsExactly(2, 1, 0, 10, 0, 0, 0, 0, 5, 0x23, 0, 1, 0, 0, 5, 0x13);
        assertThat(StateObjectCodec.decode(object, null)).isEqualTo(PERMALL);
    }

    @Test
    void encryptedObjectsHaveFlagsAndTlvs2Then3Then6() throws Exception {
        byte[] aes256 = codec.encode(PERMALL, K256);
        assertThat(aes256).hasSize(1404); // observed size of a C-written 256-bit-key permall
        assertThat(flags(aes256)).isEqualTo(HeaderFlags.ENCRYPTED | HeaderFlags.ENCRYPTED_256BIT_KEY);
        assertThat(tagsInOrder(aes256)).containsExactly(2, 3, 6);
        assertThat(StateObjectCodec.decode(aes256, K256)).isEqualTo(PERMALL);

        byte[] aes128 = codec.encode(PERMALL, K128);
        assertThat(aes128).hasSize(10 + 6 + 1312 + 6 + 32 + 6 + 16);
        assertThat(flags(aes128)).isEqualTo(HeaderFlags.ENCRYPTED);
        assertThat(StateObjectCodec.decode(aes128, K128)).isEqualTo(PERMALL);
    }

    @Test
    void theConfiguredKeyNotTheHeaderFlagDecidesWhetherToDecrypt() throws Exception {
        byte[] plain = codec.encode(PERMALL, null);
        assertResult(() -> StateObjectCodec.decode(plain, K128), StoreResults.FAIL);
        assertResult(() -> StateObjectCodec.decode(plain, K256), StoreResults.BAD_KEY_PROPERTY);
        assertResult(() -> StateObjectCodec.decode(codec.encode(PERMALL, K128), null), StoreResults.FAIL);
        assertResult(() -> StateObjectCodec.decode(codec.encode(PERMALL, K128), K256), StoreResults.BAD_KEY_PROPERTY);
        assertResult(() -> StateObjectCodec.decode(codec.encode(PERMALL, K256), K128), StoreResults.BAD_KEY_PROPERTY);
        assertResult(() -> StateObjectCodec.decode(codec.encode(PERMALL, K256), StateKey.of(new byte[32])),
                StoreResults.DECRYPT_ERROR);
    }

    @Test
    void legacyVersion1ObjectsAreReadable() throws Exception {
        assertThat(StateObjectCodec.decode(LegacyBlobs.version1(0, PERMALL), null)).isEqualTo(PERMALL);
        byte[] encrypted = LegacyBlobs.version1(HeaderFlags.ENCRYPTED, StateEncryption.sealLegacy(K256, PERMALL));
        assertThat(StateObjectCodec.decode(encrypted, K256)).isEqualTo(PERMALL);
        assertResult(() -> StateObjectCodec.decode(encrypted, K128), StoreResults.DECRYPT_ERROR);
    }

    @Test
    void headerVersionsOtherThan1And2AreFail() throws Exception {
        for (int version : new int[] {0, 3, 255}) {
            byte[] object = codec.encode(PERMALL, null);
            object[0] = (byte) version;
            assertResult(() -> StateObjectCodec.decode(object, null), StoreResults.FAIL);
            byte[] encrypted = codec.encode(PERMALL, K128);
            encrypted[0] = (byte) version;
            assertResult(() -> StateObjectCodec.decode(encrypted, K128), StoreResults.FAIL);
        }
    }

    @Test
    void everyTruncationIsBadParameter() throws Exception {
        for (byte[] object : new byte[][] {codec.encode(PERMALL, null), codec.encode(PERMALL, K256)}) {
            for (int length = 0; length < object.length; length++) {
                byte[] truncated = Arrays.copyOf(object, length);
                assertResult(() -> StateObjectCodec.decode(truncated, K256), StoreResults.BAD_PARAMETER);
                assertResult(() -> StateObjectCodec.decode(truncated, null), StoreResults.BAD_PARAMETER);
            }
        }
    }

    @Test
    void everyFlippedBodyByteOfAnEncryptedObjectIsRejectedWithASwtpmCode() throws Exception {
        byte[] object = codec.encode(Arrays.copyOf(PERMALL, 100), K128);
        Set<Integer> swtpmCodes = Set.of(StoreResults.FAIL, StoreResults.DECRYPT_ERROR);
        for (int position = StateHeader.SIZE; position < object.length; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = object.clone();
                flipped[position] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> StateObjectCodec.decode(flipped, K128))
                        .isInstanceOfSatisfying(StateStoreException.class,
                                e -> assertThat(e.result()).isIn(swtpmCodes));
            }
        }
    }

    @Test
    void hostileTlvLengthsAreMissingTlvs() throws Exception {
        byte[] object = codec.encode(PERMALL, null);
        object[12] = object[13] = object[14] = object[15] = (byte) 0xff;
        assertResult(() -> StateObjectCodec.decode(object, null), StoreResults.FAIL);
        byte[] encrypted = codec.encode(PERMALL, K128);
        encrypted[12] = encrypted[13] = encrypted[14] = encrypted[15] = (byte) 0xff;
        assertResult(() -> StateObjectCodec.decode(encrypted, K128), StoreResults.FAIL);
    }

    static int flags(byte[] object) {
        return (object[4] & 0xff) << 8 | object[5] & 0xff;
    }

    /** Tags of the TLVs after the header, in stream order. */
    static int[] tagsInOrder(byte[] object) {
        int[] tags = new int[8];
        int count = 0;
        int p = StateHeader.SIZE;
        while (p < object.length) {
            tags[count++] = (object[p] & 0xff) << 8 | object[p + 1] & 0xff;
            p += Tlv.HEADER_SIZE + Tlv.readInt(object, p + 2);
        }
        return Arrays.copyOf(tags, count);
    }

    static byte[] filled(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }

    static void assertResult(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int result) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StateStoreException.class,
                e -> assertThat(e.result()).as(e.getMessage()).isEqualTo(result));
    }
}
