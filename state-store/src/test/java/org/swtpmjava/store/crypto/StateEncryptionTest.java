package org.swtpmjava.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;

/** swtpm's AES-CBC + own padding + HMAC-SHA256 (swtpm-protocol.md §5.2.4). */
class StateEncryptionTest {
    private static final StateKey K128 = StateKey.of(bytes(16, 1));
    private static final StateKey K256 = StateKey.of(bytes(32, 2));
    private final StateEncryption encryption = new StateEncryption(new SecureRandom());

    @Test
    void padsToAMultipleOfTheKeyLengthAlwaysAtLeastOneByte() throws Exception {
        // 1299 bytes (a libtpms permall): 1312 with either key; 1312 plain bytes: a whole extra key length
        assertThat(encryption.seal(K128, new byte[1299]).ciphertext()).hasSize(1312);
        assertThat(encryption.seal(K256, new byte[1299]).ciphertext()).hasSize(1312);
        assertThat(encryption.seal(K128, new byte[1312]).ciphertext()).hasSize(1328);
        assertThat(encryption.seal(K256, new byte[1312]).ciphertext()).hasSize(1344);
        assertThat(encryption.seal(K256, new byte[0]).ciphertext()).hasSize(32);
    }

    @Test
    void ivValueIsAsLongAsTheKeyAndOnlyItsFirst16BytesAreTheCbcIv() throws Exception {
        StateEncryption.Sealed sealed = encryption.seal(K256, new byte[100]);
        assertThat(sealed.ivValue()).hasSize(32);
        assertThat(sealed.hmac()).hasSize(32);
        byte[] manual = aesCbcNoPadding(K256, Arrays.copyOf(sealed.ivValue(), 16), sealed.ciphertext());
        assertThat(Arrays.copyOf(manual, 100)).isEqualTo(new byte[100]);
        assertThat(manual[manual.length - 1]).isEqualTo((byte) 28);
        // the HMAC covers ciphertext || the whole 32-byte IV value
        assertThat(sealed.hmac()).isEqualTo(hmac(K256, sealed.ciphertext(), sealed.ivValue()));
    }

    @Property(tries = 200)
    void roundTrips(@ForAll @Size(max = 3000) byte[] plain, @ForAll boolean aes256) throws Exception {
        StateKey key = aes256 ? K256 : K128;
        StateEncryption.Sealed sealed = encryption.seal(key, plain);
        assertThat(StateEncryption.open(key, sealed.ciphertext(), sealed.hmac(), sealed.ivValue())).isEqualTo(plain);
        assertThat(StateEncryption.openLegacy(key, StateEncryption.sealLegacy(key, plain))).isEqualTo(plain);
    }

    @Test
    void a16ByteIvValueWithA256BitKeyIsAccepted() throws Exception {
        byte[] iv = bytes(16, 7);
        StateEncryption.Sealed sealed = StateEncryption.seal(K256, bytes(50, 3), iv);
        assertThat(StateEncryption.open(K256, sealed.ciphertext(), sealed.hmac(), iv)).isEqualTo(bytes(50, 3));
    }

    @Test
    void missingIvMeansZeroIvAndHmacOverCiphertextOnly() throws Exception {
        byte[] plain = bytes(40, 9);
        StateEncryption.Sealed sealed = StateEncryption.seal(K128, plain, new byte[16]);
        byte[] hmacWithoutIv = hmac(K128, sealed.ciphertext(), new byte[0]);
        assertThat(StateEncryption.open(K128, sealed.ciphertext(), hmacWithoutIv, null)).isEqualTo(plain);
    }

    @Test
    void tamperingOrWrongKeyIsDecryptError() throws Exception {
        StateEncryption.Sealed sealed = encryption.seal(K128, bytes(64, 5));
        byte[] ciphertext = sealed.ciphertext().clone();
        ciphertext[3] ^= 1;
        assertResult(() -> StateEncryption.open(K128, ciphertext, sealed.hmac(), sealed.ivValue()),
                StoreResults.DECRYPT_ERROR);
        byte[] iv = sealed.ivValue().clone();
        iv[15] ^= (byte) 0x80;
        assertResult(() -> StateEncryption.open(K128, sealed.ciphertext(), sealed.hmac(), iv), StoreResults.DECRYPT_ERROR);
        assertResult(() -> StateEncryption.open(StateKey.of(new byte[16]), sealed.ciphertext(), sealed.hmac(),
                sealed.ivValue()), StoreResults.DECRYPT_ERROR);
        assertResult(() -> StateEncryption.open(K128, sealed.ciphertext(), sealed.hmac(), null),
                StoreResults.DECRYPT_ERROR);
    }

    @Test
    void hmacShorterThan32BytesIsFailAndExtraHmacBytesAreIgnored() throws Exception {
        StateEncryption.Sealed sealed = encryption.seal(K128, bytes(10, 5));
        assertResult(() -> StateEncryption.open(K128, sealed.ciphertext(), Arrays.copyOf(sealed.hmac(), 31),
                sealed.ivValue()), StoreResults.FAIL);
        assertThat(StateEncryption.open(K128, sealed.ciphertext(), Arrays.copyOf(sealed.hmac(), 40), sealed.ivValue()))
                .isEqualTo(bytes(10, 5));
    }

    @Test
    void authenticDataWithBadLayoutGivesSwtpmsCodes() throws Exception {
        byte[] iv = bytes(16, 4);
        // ciphertext shorter than the key: 0x21
        byte[] oneBlock = aesCbcEncryptNoPadding(K256, iv, bytes(16, 32));
        assertResult(() -> StateEncryption.open(K256, oneBlock, hmac(K256, oneBlock, iv), iv), StoreResults.DECRYPT_ERROR);
        // IV TLV shorter than 16 bytes: 0x21
        byte[] block = aesCbcEncryptNoPadding(K128, new byte[16], bytes(16, 16));
        byte[] shortIv = bytes(8, 1);
        assertResult(() -> StateEncryption.open(K128, block, hmac(K128, block, shortIv), shortIv),
                StoreResults.DECRYPT_ERROR);
        // not a whole number of AES blocks: OpenSSL fails, swtpm says TPM_FAIL
        byte[] partial = bytes(20, 1);
        assertResult(() -> StateEncryption.open(K128, partial, hmac(K128, partial, iv), iv), StoreResults.FAIL);
        // pad byte 0, pad longer than the key, pad bytes that differ: 0x21
        for (byte[] padded : new byte[][] {withLastBytes(32, 0), withLastBytes(32, 17), withPad(32, 4, 3)}) {
            byte[] ct = aesCbcEncryptNoPadding(K128, iv, padded);
            assertResult(() -> StateEncryption.open(K128, ct, hmac(K128, ct, iv), iv), StoreResults.DECRYPT_ERROR);
        }
    }

    @Test
    void legacyBodyWithWrongHashIsFail() throws Exception {
        byte[] body = StateEncryption.sealLegacy(K128, bytes(40, 1));
        byte[] hashed = aesCbcNoPadding(K128, new byte[16], body);
        hashed[0] ^= 1;
        byte[] tampered = aesCbcEncryptNoPadding(K128, new byte[16], hashed);
        assertResult(() -> StateEncryption.openLegacy(K128, tampered), StoreResults.FAIL);
        byte[] tooShort = aesCbcEncryptNoPadding(K128, new byte[16], withPad(16, 1, 1));
        assertResult(() -> StateEncryption.openLegacy(K128, tooShort), StoreResults.FAIL);
    }

    private static void assertResult(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int result) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StateStoreException.class,
                e -> assertThat(e.result()).as(e.getMessage()).isEqualTo(result));
    }

    static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    private static byte[] withLastBytes(int length, int last) {
        byte[] b = new byte[length];
        b[length - 1] = (byte) last;
        return b;
    }

    /** {@code length} bytes ending in {@code pad} copies of {@code pad}, except one byte set to {@code odd}. */
    private static byte[] withPad(int length, int pad, int odd) {
        byte[] b = new byte[length];
        Arrays.fill(b, length - pad, length, (byte) pad);
        b[length - pad] = (byte) odd;
        return b;
    }

    private static byte[] hmac(StateKey key, byte[] ciphertext, byte[] iv) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
        mac.update(ciphertext);
        return mac.doFinal(iv);
    }

    private static byte[] aesCbcNoPadding(StateKey key, byte[] iv, byte[] data) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.bytes(), "AES"), new IvParameterSpec(iv));
        return c.doFinal(data);
    }

    private static byte[] aesCbcEncryptNoPadding(StateKey key, byte[] iv, byte[] data) throws Exception {
        Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.bytes(), "AES"), new IvParameterSpec(iv));
        return c.doFinal(data);
    }
}
