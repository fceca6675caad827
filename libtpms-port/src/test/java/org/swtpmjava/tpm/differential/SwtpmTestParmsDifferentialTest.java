package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.TestBytes.hex;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.SESSIONS;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.compare;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TPM2_TestParms: sweeps of TPMT_PUBLIC_PARMS built from tables of valid and invalid field
 * values (algorithm, key size, mode, scheme, hash, curve, KDF), the same bytes to the C swtpm
 * and to the engine. Each table entry is a labelled hex fragment; the products cover every
 * combination for each public type.
 */
class SwtpmTestParmsDifferentialTest {
    private static final int TEST_PARMS = 0x18A;

    /** A labelled encoding of one field or group of fields. */
    private record Field(String label, String hex) {
    }

    private static Field f(String label, String hex) {
        return new Field(label, hex.replace(" ", ""));
    }

    private static final List<Field> HASHES = List.of(f("sha1", "0004"), f("sha256", "000b"), f("sha384", "000c"),
            f("sha512", "000d"), f("null", "0010"), f("sm3", "0012"), f("sha3-256", "0027"), f("0x99", "0099"),
            f("aes", "0006"));

    /** TPMT_SYM_DEF_OBJECT of a SYMCIPHER key: algorithm x key bits x mode. */
    private static final List<Field> SYM_ALGS = List.of(f("aes", "0006"), f("camellia", "0026"), f("tdes", "0003"),
            f("sm4", "0013"), f("xor", "000a"), f("null", "0010"), f("sha256", "000b"), f("0x99", "0099"));
    private static final List<Field> KEY_BITS = List.of(f("0", "0000"), f("64", "0040"), f("128", "0080"),
            f("192", "00c0"), f("256", "0100"), f("512", "0200"));
    private static final List<Field> MODES = List.of(f("ctr", "0040"), f("ofb", "0041"), f("cbc", "0042"),
            f("cfb", "0043"), f("ecb", "0044"), f("cmac", "003f"), f("null", "0010"), f("0x45", "0045"),
            f("aes", "0006"), f("0x99", "0099"));

    /** TPMT_SYM_DEF_OBJECT+ inside RSA and ECC parameters. */
    private static final List<Field> ASYM_SYMMETRIC = List.of(f("null", "0010"), f("aes128cfb", "0006 0080 0043"),
            f("aes256cbc", "0006 0100 0042"), f("aes192cfb", "0006 00c0 0043"), f("camellia128ctr", "0026 0080 0040"),
            f("camellia192cfb", "0026 00c0 0043"), f("tdes192ecb", "0003 00c0 0044"), f("aes128cmac", "0006 0080 003f"),
            f("aes128null", "0006 0080 0010"), f("aes128mode99", "0006 0080 0099"), f("sm4", "0013 0080 0043"),
            f("xor", "000a 000b"), f("0x99", "0099 0080 0043"));

    private static final List<Field> RSA_SCHEMES = List.of(f("null", "0010"), f("rsassa-sha1", "0014 0004"),
            f("rsassa-sha256", "0014 000b"), f("rsassa-sha512", "0014 000d"), f("rsassa-null", "0014 0010"),
            f("rsassa-sm3", "0014 0012"), f("rsapss-sha384", "0016 000c"), f("rsapss-0x99", "0016 0099"),
            f("rsaes", "0015"), f("oaep-sha256", "0017 000b"), f("oaep-null", "0017 0010"),
            f("ecdsa-sha256", "0018 000b"), f("ecdh-sha256", "0019 000b"), f("hmac-sha256", "0005 000b"),
            f("0x99", "0099 000b"));
    private static final List<Field> RSA_KEY_BITS = List.of(f("1024", "0400"), f("2048", "0800"), f("3072", "0c00"),
            f("4096", "1000"), f("512", "0200"), f("0", "0000"), f("2047", "07ff"));
    private static final List<Field> EXPONENTS = List.of(f("0", "00000000"), f("3", "00000003"),
            f("65537", "00010001"), f("65536", "00010000"), f("ffffffff", "ffffffff"), f("1", "00000001"));

    private static final List<Field> ECC_SCHEMES = List.of(f("null", "0010"), f("ecdsa-sha1", "0018 0004"),
            f("ecdsa-sha256", "0018 000b"), f("ecdsa-null", "0018 0010"), f("ecdaa-sha256", "001a 000b 0001"),
            f("ecdaa-null", "001a 0010 0001"), f("sm2-sha256", "001b 000b"), f("ecschnorr-sha384", "001c 000c"),
            f("ecdh-sha512", "0019 000d"), f("ecmqv-sha256", "001d 000b"), f("ecmqv-0x99", "001d 0099"),
            f("rsassa-sha256", "0014 000b"), f("oaep-sha256", "0017 000b"), f("rsaes", "0015"), f("0x99", "0099"));
    private static final List<Field> CURVES = List.of(f("p192", "0001"), f("p224", "0002"), f("p256", "0003"),
            f("p384", "0004"), f("p521", "0005"), f("bn256", "0010"), f("bn638", "0011"), f("sm2", "0020"),
            f("0", "0000"), f("6", "0006"), f("0x12", "0012"), f("0x21", "0021"), f("bp256", "0030"),
            f("25519", "0040"));
    private static final List<Field> KDFS = List.of(f("null", "0010"), f("mgf1-sha256", "0007 000b"),
            f("kdf1-56a-sha1", "0020 0004"), f("kdf2-sha384", "0021 000c"), f("kdf1-108-sha512", "0022 000d"),
            f("mgf1-null", "0007 0010"), f("kdf2-0x99", "0021 0099"), f("xor", "000a 000b"), f("0x99", "0099 000b"));

    private static final List<Field> KEYED_HASH_SCHEMES = List.of(f("hmac", "0005"), f("xor", "000a"),
            f("null", "0010"), f("0x99", "0099"), f("aes", "0006"));
    private static final List<Field> XOR_KDFS = List.of(f("null", "0010"), f("mgf1", "0007"),
            f("kdf1-56a", "0020"), f("kdf2", "0021"), f("kdf1-108", "0022"), f("0x99", "0099"), f("sha256", "000b"));

    private static byte[] testParms(String parameters) {
        return command(NO_SESSIONS, TEST_PARMS, parameters);
    }

    private static void startup(Transcript t) {
        t.send("Startup(CLEAR)", command(NO_SESSIONS, 0x144, "0000"));
    }

    @Test
    void symcipherAlgorithmsKeySizesAndModes() {
        compare(t -> {
            startup(t);
            for (Field alg : SYM_ALGS) {
                for (Field bits : KEY_BITS) {
                    for (Field mode : MODES) {
                        t.send("symcipher " + alg.label() + "/" + bits.label() + "/" + mode.label(),
                                testParms("0025" + alg.hex() + bits.hex() + mode.hex()));
                    }
                }
            }
        });
    }

    @Test
    void keyedHashSchemesHashesAndKdfs() {
        compare(t -> {
            startup(t);
            t.send("keyedhash null", testParms("0008 0010"));
            for (Field scheme : KEYED_HASH_SCHEMES) {
                for (Field hash : HASHES) {
                    t.send("keyedhash " + scheme.label() + "/" + hash.label(),
                            testParms("0008" + scheme.hex() + hash.hex()));
                    for (Field kdf : XOR_KDFS) {
                        t.send("keyedhash " + scheme.label() + "/" + hash.label() + "/" + kdf.label(),
                                testParms("0008" + scheme.hex() + hash.hex() + kdf.hex()));
                    }
                }
            }
        });
    }

    @Test
    void rsaSymmetricSchemesAndKeySizes() {
        compare(t -> {
            startup(t);
            for (Field symmetric : ASYM_SYMMETRIC) {
                for (Field scheme : RSA_SCHEMES) {
                    for (Field bits : RSA_KEY_BITS) {
                        t.send("rsa " + symmetric.label() + "/" + scheme.label() + "/" + bits.label(),
                                testParms("0001" + symmetric.hex() + scheme.hex() + bits.hex() + "00000000"));
                    }
                }
            }
            for (Field exponent : EXPONENTS) {
                t.send("rsa 2048 exponent " + exponent.label(), testParms("0001 0010 0010 0800" + exponent.hex()));
            }
        });
    }

    @Test
    void eccSchemesCurvesAndKdfs() {
        compare(t -> {
            startup(t);
            for (Field scheme : ECC_SCHEMES) {
                for (Field curve : CURVES) {
                    for (Field kdf : KDFS) {
                        t.send("ecc " + scheme.label() + "/" + curve.label() + "/" + kdf.label(),
                                testParms("0023 0010" + scheme.hex() + curve.hex() + kdf.hex()));
                    }
                }
            }
            for (Field symmetric : ASYM_SYMMETRIC) {
                t.send("ecc " + symmetric.label() + " p256", testParms("0023" + symmetric.hex() + "0010 0003 0010"));
            }
        });
    }

    @Test
    void typesTruncationsAndFraming() {
        List<String> valid = List.of("0001 0006 0080 0043 0014 000b 0800 00010001",
                "0023 0006 0080 0043 001a 000b 0001 0003 0022 000b", "0008 000a 000b 0022", "0025 0026 0100 0044");
        compare(t -> {
            t.send("before Startup", testParms("0025 0006 0080 0043"));
            startup(t);
            for (String type : List.of("0000", "0010", "0099", "0004", "0006", "0024", "0026", "ffff")) {
                t.send("type " + type, testParms(type + "0010"));
            }
            for (String parameters : valid) {
                String hex = parameters.replace(" ", "");
                for (int length = 0; length < hex.length(); length += 2) {
                    t.send("truncated to " + length / 2 + ": " + parameters, testParms(hex.substring(0, length)));
                }
                t.send("complete: " + parameters, testParms(hex));
                t.send("trailing byte: " + parameters, testParms(hex + "00"));
                t.send("with a password session: " + parameters,
                        command(SESSIONS, TEST_PARMS, sessions(PW) + hex));
                t.send("with two password sessions: " + parameters,
                        command(SESSIONS, TEST_PARMS, sessions(PW, PW) + hex));
            }
            t.send("sessions tag without an area", command(SESSIONS, TEST_PARMS, "0025 0006 0080 0043"));
            t.send("HMAC session not loaded", command(SESSIONS, TEST_PARMS,
                    sessions("02000000 0000 01 0000") + "0025 0006 0080 0043"));
            t.send("wrong tag", command(0x8003, TEST_PARMS, "0025 0006 0080 0043"));
            t.send("TPM 1.2 tag", command(0x00C1, TEST_PARMS, "0025 0006 0080 0043"));
            for (int locality : new int[] {1, 2, 3, 4, 0}) {
                t.record("locality " + locality, t.tpm().setLocality(locality));
                t.send("at locality " + locality, testParms("0025 0006 0080 0043"));
                t.send("invalid at locality " + locality, testParms("0025 0006 00c0 0043"));
            }
            t.send("size field too large", hex("8001 00000013 0000018a 0025 0006 0080 0043"));
        });
    }
}
