package org.swtpmjava.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.security.SecureRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.crypto.StateEncryption;
import org.swtpmjava.store.crypto.StateKey;

/** Hostile input never escapes as anything but a StateStoreException. */
class CorruptInputProperties {
    private static final StateKey[] KEYS = {null, StateObjectCodecTest.K128, StateObjectCodecTest.K256};

    @Property(tries = 2000)
    void randomBytesDecodeOrFailWithAResultCode(@ForAll @Size(max = 300) byte[] object,
            @ForAll @IntRange(max = 2) int key) {
        assertOnlyStoreExceptions(() -> StateObjectCodec.decode(object, KEYS[key]));
        assertOnlyStoreExceptions(() -> MigrationBlobCodec.unwrap(object, 2, KEYS[key], KEYS[2 - key]));
    }

    /** Random bodies behind a valid header reach the TLV and crypto code. */
    @Property(tries = 2000)
    void randomBodiesBehindAValidHeader(@ForAll("bodies") byte[] body, @ForAll @IntRange(max = 0x1f) int flags,
            @ForAll @IntRange(min = 1, max = 2) int version, @ForAll @IntRange(max = 2) int key) {
        byte[] object = StateHeader.prepend(flags, body);
        object[0] = (byte) version;
        assertOnlyStoreExceptions(() -> StateObjectCodec.decode(object, KEYS[key]));
        assertOnlyStoreExceptions(() -> MigrationBlobCodec.unwrap(object, 0, KEYS[key], KEYS[2 - key]));
    }

    @Property(tries = 1000)
    void mutatedEncryptedObjectsNeverDecodeToOtherData(@ForAll @Size(max = 200) byte[] plain,
            @ForAll @IntRange(min = StateHeader.SIZE, max = 10_000) int position, @ForAll byte xor) throws Exception {
        StateKey key = StateObjectCodecTest.K256;
        byte[] object = new StateObjectCodec(new StateEncryption(new SecureRandom())).encode(plain, key);
        byte[] mutated = object.clone();
        mutated[position % object.length] ^= xor == 0 ? 1 : xor;
        try {
            byte[] decoded = StateObjectCodec.decode(mutated, key);
            assertThat(decoded).as("a body change must be detected").isEqualTo(plain);
            assertThat(position % object.length).isLessThan(StateHeader.SIZE);
        } catch (StateStoreException expected) {
            // rejected with a result code: fine
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> tlvish = Arbitraries.of(
                new byte[] {0, 1, 0, 0, 0, 0}, new byte[] {0, 2, 0, 0, 0, 32}, new byte[] {0, 3, 0, 0, 0, 32},
                new byte[] {0, 6, 0, 0, 0, 16}, new byte[] {0, 4, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                new byte[] {0, 5, 0, 0, 0, 48}, new byte[] {0, 7, 0, 0, 0, 32});
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Arbitraries.oneOf(tlvish, noise).list().ofMaxSize(8).map(parts -> {
            int total = parts.stream().mapToInt(p -> p.length).sum();
            byte[] body = new byte[total];
            int offset = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, body, offset, part.length);
                offset += part.length;
            }
            return body;
        });
    }

    private static void assertOnlyStoreExceptions(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (StateStoreException expected) {
            assertThat(expected.result()).isPositive();
        } catch (Throwable other) {
            assertThatCode(() -> {
                throw other;
            }).doesNotThrowAnyException();
        }
    }
}
