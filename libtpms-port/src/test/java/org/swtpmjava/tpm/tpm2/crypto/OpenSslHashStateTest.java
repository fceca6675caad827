package org.swtpmjava.tpm.tpm2.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.bouncycastle.crypto.Digest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/** OpenSSL's hash context fields from and to Bouncy Castle's digest state. */
class OpenSslHashStateTest {
    private static final long[] SHA256_IV = {0x6a09e667L, 0xbb67ae85L, 0x3c6ef372L, 0xa54ff53aL, 0x510e527fL,
        0x9b05688cL, 0x1f83d9abL, 0x5be0cd19L};

    @Test
    void sha256AfterAbcIsTheInitialValueWithThreeBytesPending() {
        Digest digest = Hashes.newDigest(TpmAlgId.SHA256);
        digest.update(new byte[] {'a', 'b', 'c'}, 0, 3);
        OpenSslHashState state = OpenSslHashState.of(digest, TpmAlgId.SHA256);
        assertThat(state.h()).containsExactly(SHA256_IV);
        assertThat(state.nl()).isEqualTo(24);
        assertThat(state.nh()).isZero();
        assertThat(state.num()).isEqualTo(3);
        assertThat(state.mdLen()).isEqualTo(32);
        byte[] block = new byte[64];
        block[0] = 'a';
        block[1] = 'b';
        block[2] = 'c';
        assertThat(state.data()).isEqualTo(block);
    }

    @Test
    void sha512BitCountsAreSixtyFourBitWords() {
        Digest digest = Hashes.newDigest(TpmAlgId.SHA512);
        byte[] data = new byte[300];
        digest.update(data, 0, data.length);
        OpenSslHashState state = OpenSslHashState.of(digest, TpmAlgId.SHA512);
        assertThat(state.nl()).isEqualTo(2400);
        assertThat(state.num()).isEqualTo(300 - 256);
        assertThat(state.data()).hasSize(128);
        assertThat(state.mdLen()).isEqualTo(64);
        assertThat(OpenSslHashState.initial(TpmAlgId.SHA384).mdLen()).isEqualTo(48);
        assertThat(OpenSslHashState.initial(TpmAlgId.SHA1).h()).hasSize(5);
    }

    /** A computation stopped anywhere, carried over OpenSSL's fields, finishes as if never stopped. */
    @ParameterizedTest
    @ValueSource(ints = {TpmAlgId.SHA1, TpmAlgId.SHA256, TpmAlgId.SHA384, TpmAlgId.SHA512})
    void continuesAfterAnyLength(int alg) {
        for (int length : new int[] {0, 1, 3, 4, 7, 8, 55, 63, 64, 65, 77, 111, 127, 128, 129, 255, 256, 301}) {
            byte[] first = pattern(length, 1);
            byte[] second = pattern(37, 7);
            Digest digest = Hashes.newDigest(alg);
            digest.update(first, 0, first.length);
            OpenSslHashState state = OpenSslHashState.of(digest, alg);
            assertThat(state.num()).as("pending bytes after %d", length).isEqualTo(length % OpenSslHashState.blockSize(alg));
            assertThat(Arrays.copyOf(state.data(), state.num()))
                    .isEqualTo(Arrays.copyOfRange(first, length - state.num(), length));
            OpenSslHashState copied = new OpenSslHashState(alg, state.h(), state.nl(), state.nh(), state.data(),
                    state.num(), state.mdLen());
            Digest continued = copied.toDigest();
            continued.update(second, 0, second.length);
            byte[] out = new byte[continued.getDigestSize()];
            continued.doFinal(out, 0);
            assertThat(out).as("%d bytes", length).isEqualTo(Hashes.digest(alg, first, second));
            assertThat(OpenSslHashState.fromEncodedState(alg, copied.toEncodedState())).isEqualTo(state);
        }
    }

    @Test
    void statesOpenSslCannotHaveAreRefused() {
        OpenSslHashState start = OpenSslHashState.initial(TpmAlgId.SHA256);
        OpenSslHashState fullBlock = new OpenSslHashState(TpmAlgId.SHA256, start.h(), 512, 0, new byte[64], 64, 32);
        assertThatThrownBy(fullBlock::toEncodedState).isInstanceOf(IllegalArgumentException.class);
        OpenSslHashState noBits = new OpenSslHashState(TpmAlgId.SHA256, start.h(), 0, 0, new byte[64], 5, 32);
        assertThatThrownBy(noBits::toEncodedState).isInstanceOf(IllegalArgumentException.class);
        OpenSslHashState shortBlock = new OpenSslHashState(TpmAlgId.SHA512, start.h(), 0, 0, new byte[64], 0, 64);
        assertThatThrownBy(shortBlock::toEncodedState).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] pattern(int length, int seed) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (seed + 31 * i);
        }
        return out;
    }
}
