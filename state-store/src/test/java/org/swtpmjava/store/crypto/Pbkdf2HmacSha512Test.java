package org.swtpmjava.store.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** PBKDF2-HMAC-SHA512 as swtpm's pbkdf2 kdf uses it. */
class Pbkdf2HmacSha512Test {
    private static final byte[] SALT = "swtpm".getBytes(US_ASCII);

    @Test
    void matchesPublishedAndIndependentlyComputedVectors() {
        // PBKDF2-HMAC-SHA512("password", "salt", 1, 64), the widely published vector
        assertThat(hex(Pbkdf2HmacSha512.derive("password".getBytes(US_ASCII), "salt".getBytes(US_ASCII), 1, 64)))
                .isEqualTo("867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
                        + "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce");
        // Python hashlib.pbkdf2_hmac('sha512', b'', b'swtpm', 1000, 32): the empty passphrase
        assertThat(hex(Pbkdf2HmacSha512.derive(new byte[0], SALT, 1000, 32)))
                .isEqualTo("c55dfd0c4fbdffdf11d67b7016497837fa9e7000623188a4babf97ca1c6e5d62");
        // hashlib.pbkdf2_hmac('sha512', bytes(range(256))*3, b'swtpm', 1000, 80): non-ASCII,
        // longer than the HMAC block, and two output blocks
        byte[] binary = new byte[768];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        assertThat(hex(Pbkdf2HmacSha512.derive(binary, SALT, 1000, 80)))
                .isEqualTo("a6d505e11255c7d3d3788e91f9d21d6b2fda452daa625fd9fdddd79b5f80c1ff"
                        + "eb533f496b77898a54a14e8c2c74c79c78e780adac2c9fd5360e51a1940f9549"
                        + "bced3d0463351cc032d2057d63e6a0f6");
    }

    @Property(tries = 30)
    void agreesWithTheJdkForAsciiPasswords(@ForAll @AlphaChars @StringLength(min = 1, max = 40) String password,
            @ForAll @IntRange(min = 1, max = 64) int length) throws Exception {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), SALT, 1000, length * 8);
        byte[] jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        assertThat(Pbkdf2HmacSha512.derive(password.getBytes(US_ASCII), SALT, 1000, length)).isEqualTo(jdk);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
