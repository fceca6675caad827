package org.swtpmjava.store.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Key sources as swtpm 0.7.1 reads them. Every expected message below was produced by running
 * the C swtpm with the same input ({@code swtpm socket --tpm2 … --key file=F[,…]}; stderr
 * shows "swtpm: " + message, exit status 1):
 * <ul>
 *   <li>{@code Could not parse key hex string into 16 byte buffer.} (and {@code 32 byte})</li>
 *   <li>{@code Unsupported key length with 30 digits.}</li>
 *   <li>{@code The provided key is too short. Got 16 bytes, need 32.}</li>
 *   <li>{@code Key is larger than buffer (33 > 32).}</li>
 *   <li>(nothing at all) for a binary key of 8 or 0 bytes</li>
 *   <li>{@code Unknown encryption mode 'aes-999'.}, {@code Unknown key format 'foo'.}, {@code Unknown kdf 'x'.}</li>
 *   <li>daemon side: {@code Unable to open file nonexist: No such file or directory},
 *       {@code Unable to open file nonexist : No such file or directory} (pwdfile),
 *       {@code Either file=, fd=, pwdfile=, or pwdfd= is required for key option},
 *       {@code Error parsing key options: Unknown option 'foo=1'}</li>
 * </ul>
 */
class StateKeyTest {
    private static final String K32 = "0123456789abcdef0123456789abcdef";
    private static final String K64 = K32 + "fedcba9876543210fedcba9876543210";

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // accepted by the C swtpm
        "'0123456789abcdef0123456789abcdef'|aes-128-cbc|0123456789abcdef0123456789abcdef",
        "'0x0123456789abcdef0123456789abcdef'|aes-cbc|0123456789abcdef0123456789abcdef",
        "'0123456789ABCDEF0123456789ABCDEF\\n'|aes-128-cbc|0123456789abcdef0123456789abcdef",
        "'0123456789abcdef0123456789abcdef garbage'|aes-128-cbc|0123456789abcdef0123456789abcdef",
        "'0123456789abcdef0123456789abcdef\\tgarbage'|aes-128-cbc|0123456789abcdef0123456789abcdef",
        "'0123456789abcdef0123456789abcdef\\0xyz'|aes-128-cbc|0123456789abcdef0123456789abcdef",
        "'+123456789abcdef0123456789abcdef'|aes-128-cbc|0123456789abcdef0123456789abcdef",
        "'-123456789abcdef0123456789abcdef'|aes-128-cbc|ff23456789abcdef0123456789abcdef",
        "'0x0x23456789abcdef0123456789abcdef'|aes-128-cbc|0023456789abcdef0123456789abcdef",
        "'0x" + K64 + "\\nxxxxxxxxxx'|aes-256-cbc|" + K64,
        // refused by the C swtpm, with its message
        "'0X0123456789abcdef0123456789abcdef'|aes-128-cbc|!Could not parse key hex string into 16 byte buffer.",
        "'-x23456789abcdef0123456789abcdef'|aes-128-cbc|!Could not parse key hex string into 16 byte buffer.",
        "'+-23456789abcdef0123456789abcdef'|aes-128-cbc|!Could not parse key hex string into 16 byte buffer.",
        "'0123456789abcdef0123456789abcdefg'|aes-128-cbc|!Could not parse key hex string into 16 byte buffer.",
        "'0123456789abcdef0123456789abcdef0'|aes-128-cbc|!Could not parse key hex string into 16 byte buffer.",
        "'" + K64 + "'|aes-128-cbc|!Could not parse key hex string into 16 byte buffer.",
        "' 0123456789abcdef0123456789abcdef'|aes-128-cbc|!Could not parse key hex string into 16 byte buffer.",
        "'\\n'|aes-128-cbc|!Could not parse key hex string into 16 byte buffer.",
        "''|aes-128-cbc|!Could not parse key hex string into 16 byte buffer.",
        "'zz'|aes-128-cbc|!Could not parse key hex string into 16 byte buffer.",
        "'0123456789abcdef0123456789abcde'|aes-128-cbc|!Could not parse key hex string into 16 byte buffer.",
        "'0123456789abcdef0123456789abcd\\n'|aes-128-cbc|!Unsupported key length with 30 digits.",
        "'0123456789abcdef0123456789abcdef'|aes-256-cbc|!The provided key is too short. Got 16 bytes, need 32.",
        "'0x" + K64 + "xxxxxxxxxx'|aes-256-cbc|!Could not parse key hex string into 32 byte buffer.",
    })
    void hexKeyFilesBehaveLikeSwtpm(String content, String mode, String expected) throws Exception {
        byte[] bytes = unescape(content);
        KeyMode keyMode = KeyMode.parse(mode);
        if (expected.startsWith("!")) {
            assertThatThrownBy(() -> StateKey.fromHexKeyFile(bytes, keyMode))
                    .isInstanceOf(KeyMaterialException.class)
                    .hasMessage(expected.substring(1));
        } else {
            assertThat(StateKey.fromHexKeyFile(bytes, keyMode).bytes()).isEqualTo(HexFormat.of().parseHex(expected));
        }
    }

    @Test
    void onlyTheFirst67BytesOfAKeyFileCount() throws Exception {
        // "0x" + 64 digits + one whitespace = 67: whatever follows is never read
        byte[] content = ("0x" + K64 + " " + "this is never looked at").getBytes(US_ASCII);
        assertThat(StateKey.fromHexKeyFile(content, KeyMode.AES_256_CBC).length()).isEqualTo(32);
        byte[] binary = new byte[100];
        assertThatThrownBy(() -> StateKey.fromBinaryKeyFile(binary, KeyMode.AES_256_CBC))
                .hasMessage("Key is larger than buffer (67 > 32).");
    }

    @Test
    void binaryKeysFollowSwtpmIncludingThe16ByteAes256Quirk() throws Exception {
        assertThat(StateKey.fromBinaryKeyFile(new byte[32], KeyMode.AES_256_CBC).isAes256()).isTrue();
        assertThat(StateKey.fromBinaryKeyFile(new byte[16], KeyMode.AES_128_CBC).length()).isEqualTo(16);
        StateKey quirk = StateKey.fromKeyFile(new byte[16], KeyFormat.BINARY, KeyMode.AES_256_CBC);
        assertThat(quirk.isAes256()).isFalse();
        assertThatThrownBy(() -> StateKey.fromBinaryKeyFile(new byte[33], KeyMode.AES_256_CBC))
                .hasMessage("Key is larger than buffer (33 > 32).");
        assertThatThrownBy(() -> StateKey.fromBinaryKeyFile(new byte[17], KeyMode.AES_128_CBC))
                .hasMessage("Key is larger than buffer (17 > 16).");
        assertThatThrownBy(() -> StateKey.fromBinaryKeyFile(new byte[8], KeyMode.AES_128_CBC))
                .isInstanceOfSatisfying(KeyMaterialException.class, e -> assertThat(e.isSilent()).isTrue());
        assertThatThrownBy(() -> StateKey.fromBinaryKeyFile(new byte[0], KeyMode.AES_256_CBC))
                .isInstanceOfSatisfying(KeyMaterialException.class, e -> assertThat(e.isSilent()).isTrue());
    }

    @Test
    void optionValuesAreParsedWithSwtpmsMessages() throws Exception {
        assertThat(KeyMode.parse("aes-cbc")).isEqualTo(KeyMode.AES_128_CBC);
        assertThat(KeyMode.parse("aes-256-cbc").keyLength()).isEqualTo(32);
        assertThatThrownBy(() -> KeyMode.parse("aes-999")).hasMessage("Unknown encryption mode 'aes-999'.");
        assertThat(KeyFormat.parse("binary")).isEqualTo(KeyFormat.BINARY);
        assertThatThrownBy(() -> KeyFormat.parse("foo")).hasMessage("Unknown key format 'foo'.");
        assertThat(Kdf.parse("sha512")).isEqualTo(Kdf.SHA512);
        assertThatThrownBy(() -> Kdf.parse("x")).hasMessage("Unknown kdf 'x'.");
    }

    @Test
    void passphraseKeysUseTheWholeContentIncludingTheNewline() {
        byte[] withNewline = "secret\n".getBytes(US_ASCII);
        byte[] without = "secret".getBytes(US_ASCII);
        StateKey a = StateKey.fromPassphrase(withNewline, KeyMode.AES_256_CBC, Kdf.PBKDF2);
        StateKey b = StateKey.fromPassphrase(without, KeyMode.AES_256_CBC, Kdf.PBKDF2);
        assertThat(a.bytes()).isNotEqualTo(b.bytes());
        assertThat(StateKey.fromPassphrase(withNewline, KeyMode.AES_128_CBC, Kdf.PBKDF2).bytes())
                .as("AES-128 takes the first 16 bytes of the same derivation")
                .isEqualTo(java.util.Arrays.copyOf(a.bytes(), 16));
        // SHA-512("secret\n"), first 16 bytes (computed with sha512sum)
        assertThat(StateKey.fromPassphrase(withNewline, KeyMode.AES_128_CBC, Kdf.SHA512).bytes())
                .isEqualTo(HexFormat.of().parseHex(SHA512_SECRET_NL_PREFIX));
        assertThat(StateKey.passphraseWarning(without)).hasValue("Warning: Passphrase is only 6 bytes long");
        assertThat(StateKey.passphraseWarning(withNewline)).isEmpty();
    }

    @Test
    void keyBytesAreCopiedAndNotPrinted() {
        byte[] raw = new byte[16];
        StateKey key = StateKey.of(raw);
        raw[0] = 1;
        assertThat(key.bytes()[0]).isZero();
        assertThat(key).hasToString("StateKey[AES-128]");
        assertThatThrownBy(() -> StateKey.of(new byte[24])).isInstanceOf(IllegalArgumentException.class);
    }

    private static final String SHA512_SECRET_NL_PREFIX = "eaa16b9ced0b5c6ece7aae07cb47c671";

    /** CSV cells use \n, \t and \0 escapes. */
    private static byte[] unescape(String s) {
        return s.replace("\\n", "\n").replace("\\t", "\t").replace("\\0", "\0").getBytes(US_ASCII);
    }
}
