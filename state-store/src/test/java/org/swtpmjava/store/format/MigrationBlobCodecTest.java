package org.swtpmjava.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.swtpmjava.store.format.StateObjectCodecTest.K128;
import static org.swtpmjava.store.format.StateObjectCodecTest.K256;
import static org.swtpmjava.store.format.StateObjectCodecTest.assertResult;
import static org.swtpmjava.store.format.StateObjectCodecTest.filled;
import static org.swtpmjava.store.format.StateObjectCodecTest.flags;
import static org.swtpmjava.store.format.StateObjectCodecTest.tagsInOrder;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.swtpmjava.store.StoreResults;
import org.swtpmjava.store.crypto.StateEncryption;
import org.swtpmjava.store.crypto.StateKey;

/** GET/SET_STATEBLOB blobs (swtpm-protocol.md §5.3) and the SET error codes of §2.4.13. */
class MigrationBlobCodecTest {
    private static final byte[] PLAIN = filled(0x513, 3);
    private static final StateKey OTHER256 = StateKey.of(new byte[32]);

    private final MigrationBlobCodec codec = new MigrationBlobCodec(new StateEncryption(new SecureRandom()));

    @Test
    void blobWithoutKeysMatchesTheObservedBytes() throws Exception {
        MigrationBlobCodec.WrappedBlob wrapped = codec.wrap(PLAIN, null, null, false);
        assertThat(HexFormat.of().formatHex(wrapped.blob(), 0, 22))
                .isEqualTo("0201000a000400000529" + "000400000519" + "000100000513");
        assertThat(wrapped.stateFlags()).isZero();
        assertThat(MigrationBlobCodec.unwrap(wrapped.blob(), 0, null, null)).isEqualTo(PLAIN);
    }

    @Test
    void headerFlagsAndStateFlagsFollowWhichLayersAreEncrypted() throws Exception {
        assertWrap(K256, K256, false, 0x1f, MigrationBlobCodec.STATE_FLAG_ENCRYPTED);
        assertWrap(K256, K256, true, 0x16, 0);
        assertWrap(K128, null, false, 0x05, MigrationBlobCodec.STATE_FLAG_ENCRYPTED);
        assertWrap(K256, null, true, 0x04, 0);
        assertWrap(null, K128, false, 0x06, 0);
    }

    @Test
    void layersUseSwtpmsTlvOrder() throws Exception {
        byte[] blob = codec.wrap(PLAIN, K128, K256, false).blob();
        assertThat(tagsInOrder(blob)).containsExactly(5, 3, 7);
        byte[] inner = codec.wrap(PLAIN, K128, null, false).blob();
        assertThat(tagsInOrder(inner)).containsExactly(4);
        byte[] innerTlvs = Tlv.find(inner, StateHeader.SIZE, inner.length, TlvTags.MIGRATION_DATA).orElseThrow();
        assertThat(tagsInOrder(StateHeader.prepend(0, innerTlvs))).containsExactly(2, 3, 6);
    }

    @Test
    void emptyOrHeaderOnlyBlobMeansClear() throws Exception {
        assertThat(MigrationBlobCodec.unwrap(new byte[0], 0, null, null)).isEmpty();
        assertThat(MigrationBlobCodec.unwrap(StateHeader.prepend(0x1f, new byte[0]), 0, null, null)).isEmpty();
    }

    @Test
    void setErrorsHaveSwtpmsCodes() throws Exception {
        byte[] both = codec.wrap(PLAIN, K128, K256, false).blob();
        assertResult(() -> MigrationBlobCodec.unwrap(Arrays.copyOf(both, 9), 0, K128, K256), StoreResults.BAD_PARAMETER);
        assertResult(() -> MigrationBlobCodec.unwrap(Arrays.copyOf(both, both.length - 1), 0, K128, K256),
                StoreResults.BAD_PARAMETER);
        byte[] newer = both.clone();
        newer[1] = 3;
        assertResult(() -> MigrationBlobCodec.unwrap(newer, 0, K128, K256), StoreResults.BAD_VERSION);
        byte[] badSize = both.clone();
        badSize[3] = 12;
        assertResult(() -> MigrationBlobCodec.unwrap(badSize, 0, K128, K256), StoreResults.BAD_DATASIZE);
        assertResult(() -> MigrationBlobCodec.unwrap(both, 0, K128, null), StoreResults.KEY_NOT_FOUND);
        assertResult(() -> MigrationBlobCodec.unwrap(both, 0, null, K256), StoreResults.KEY_NOT_FOUND);
        assertResult(() -> MigrationBlobCodec.unwrap(both, 0, K128, K128), StoreResults.BAD_KEY_PROPERTY);
        assertResult(() -> MigrationBlobCodec.unwrap(both, 0, K256, K256), StoreResults.BAD_KEY_PROPERTY);
        assertResult(() -> MigrationBlobCodec.unwrap(both, 0, K128, OTHER256), StoreResults.DECRYPT_ERROR);
        assertResult(() -> MigrationBlobCodec.unwrap(both, 0, StateKey.of(new byte[16]), K256),
                StoreResults.DECRYPT_ERROR);
        byte[] noMigrationTlv = StateHeader.prepend(HeaderFlags.MIGRATION_DATA,
                Tlv.encode(List.of(new Tlv(TlvTags.DATA, PLAIN))));
        assertResult(() -> MigrationBlobCodec.unwrap(noMigrationTlv, 0, null, null), StoreResults.FAIL);
    }

    @Test
    void plainBlobIsAcceptedWhenAMigrationKeyIsConfiguredSoEncryptionCanBeAddedNotRemoved() throws Exception {
        byte[] plainBlob = codec.wrap(PLAIN, null, null, false).blob();
        assertThat(MigrationBlobCodec.unwrap(plainBlob, 0, K128, K256)).isEqualTo(PLAIN);
    }

    @Test
    void stateFlagEncryptedIsHonouredWithoutTheHeaderFlag() throws Exception {
        byte[] blob = codec.wrap(PLAIN, K128, null, false).blob();
        blob[5] &= (byte) ~HeaderFlags.ENCRYPTED;
        assertResult(() -> MigrationBlobCodec.unwrap(blob, 0, K128, null), StoreResults.FAIL);
        assertThat(MigrationBlobCodec.unwrap(blob, MigrationBlobCodec.STATE_FLAG_ENCRYPTED, K128, null))
                .isEqualTo(PLAIN);
        assertResult(() -> MigrationBlobCodec.unwrap(blob, MigrationBlobCodec.STATE_FLAG_ENCRYPTED, null, null),
                StoreResults.KEY_NOT_FOUND);
    }

    @Test
    void version1BlobsAreAccepted() throws Exception {
        assertThat(MigrationBlobCodec.unwrap(LegacyBlobs.version1(0, PLAIN), 0, null, null)).isEqualTo(PLAIN);
        byte[] doubleEncrypted = LegacyBlobs.version1(HeaderFlags.MIGRATION_ENCRYPTED | HeaderFlags.ENCRYPTED,
                StateEncryption.sealLegacy(K256, StateEncryption.sealLegacy(K128, PLAIN)));
        assertThat(MigrationBlobCodec.unwrap(doubleEncrypted, 0, K128, K256)).isEqualTo(PLAIN);
        assertResult(() -> MigrationBlobCodec.unwrap(doubleEncrypted, 0, K128, OTHER256), StoreResults.DECRYPT_ERROR);
    }

    private void assertWrap(StateKey fileKey, StateKey migrationKey, boolean decrypted, int headerFlags,
            int stateFlags) throws Exception {
        MigrationBlobCodec.WrappedBlob wrapped = codec.wrap(PLAIN, fileKey, migrationKey, decrypted);
        assertThat(flags(wrapped.blob())).isEqualTo(headerFlags);
        assertThat(wrapped.stateFlags()).isEqualTo(stateFlags);
        assertThat(MigrationBlobCodec.unwrap(wrapped.blob(), wrapped.stateFlags(), fileKey, migrationKey))
                .isEqualTo(PLAIN);
    }
}
