package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.it.Launchers.Emulator;
import org.swtpmjava.it.ToolRunner.Outcome;

/**
 * A state directory the C swtpm manufactured (real random seeds) opens in swtpm-java, and every
 * key derived from those seeds comes out byte for byte as the C swtpm derives it: TCG EK
 * templates, primaries of every type tpm2-tools can spell, and through raw commands a BN P-256
 * key, a TDES key and an ECC key derived under a derivation parent. A copy of the state with the
 * seed compatibility level set to 0 (as libtpms before 0.8 made seeds) derives the old RSA primes
 * on both.
 */
class DerivationOfCStateIT {

    @TempDir
    Path tmp;

    @Test
    void toolsDeriveTheSameKeysFromTheCState() throws Exception {
        Path state = manufactured();
        List<Outcome> c;
        List<Outcome> java;
        try (ToolRunner t = started(Emulator.C, state, "c")) {
            c = primaries(t);
        }
        try (ToolRunner t = started(Emulator.JAVA, state, "java")) {
            java = primaries(t);
        }
        assertThat(c).as("the C swtpm derived every key")
                .allSatisfy(o -> assertThat(o.status()).as("C swtpm: %s\n%s", o.command(), o.stderr()).isZero());
        assertThat(c.get(2).stdout()).as("tpm2_createprimary prints the public key").contains("rsa: ");
        assertThat(java).as("what tpm2-tools print on swtpm-java").containsExactlyElementsOf(c);
        try (var files = Files.list(tmp.resolve("c"))) {
            List<Path> written = files.filter(p -> p.toString().endsWith(".pub") || p.toString().endsWith(".pem"))
                    .toList();
            assertThat(written).as("public areas and PEM files written").hasSizeGreaterThan(20);
            for (Path f : written) {
                assertThat(tmp.resolve("java").resolve(f.getFileName()))
                        .as("%s derived by swtpm-java from the C swtpm's seeds", f.getFileName())
                        .hasSameBinaryContentAs(f);
            }
        }
    }

    /** Templates tpm2-tools 5.4 cannot spell, sent as raw TPM2_CreatePrimary / TPM2_CreateLoaded. */
    @Test
    void rawTemplatesDeriveTheSameKeys() throws Exception {
        Path state = manufactured();
        Map<String, String> c;
        Map<String, String> java;
        try (ToolRunner t = started(Emulator.C, state, "c")) {
            c = rawDerivations(new RawTpm(t.port()));
        }
        try (ToolRunner t = started(Emulator.JAVA, state, "java")) {
            java = rawDerivations(new RawTpm(t.port()));
        }
        assertThat(c).as("the C swtpm's answers").allSatisfy((what, answer) -> {
            if (!what.endsWith("first attempt")) {
                assertThat(answer).as("C swtpm: %s", what).doesNotStartWith("rc=");
            }
        });
        assertThat(c.get("derived ECC key, again")).as("a derived key is a function of parent, label and context")
                .isEqualTo(c.get("derived ECC key"));
        assertThat(c.get("derived ECC key, other context")).as("another context derives another key")
                .isNotEqualTo(c.get("derived ECC key"));
        for (String what : c.keySet()) {
            assertThat(java.get(what)).as("swtpm-java: %s", what).isEqualTo(c.get(what));
        }
    }

    /**
     * Seed compatibility level 0 (PERSISTENT_DATA v4's three level bytes set to 0 in the C-written
     * permall): the RSA primaries change (the old prime search) and are the same on both.
     */
    @Test
    void seedCompatLevelZeroDerivesTheOldRsaPrimesOnBoth() throws Exception {
        Path state = manufactured();
        Path level0 = tmp.resolve("level0");
        StateDirInteropIT.copyStateDir(state, level0);
        setSeedCompatLevels(level0.resolve("tpm2-00.permall"), 0);

        List<Outcome> c1;
        List<Outcome> c0;
        List<Outcome> java0;
        try (ToolRunner t = started(Emulator.C, state, "c1")) {
            c1 = rsaPrimaries(t);
        }
        try (ToolRunner t = started(Emulator.C, level0, "c0")) {
            c0 = rsaPrimaries(t);
        }
        try (ToolRunner t = started(Emulator.JAVA, level0, "java0")) {
            java0 = rsaPrimaries(t);
        }
        assertThat(c0).as("the C swtpm derived the keys from the level-0 state")
                .allSatisfy(o -> assertThat(o.status()).as("C swtpm: %s\n%s", o.command(), o.stderr()).isZero());
        for (String f : List.of("ek.pub", "srk.pub", "rsa3072.pub")) {
            assertThat(Files.readAllBytes(tmp.resolve("c0").resolve(f)))
                    .as("%s: level 0 gives other RSA primes than level 1 (else this test proves nothing)", f)
                    .isNotEqualTo(Files.readAllBytes(tmp.resolve("c1").resolve(f)));
            assertThat(tmp.resolve("java0").resolve(f)).as("%s from the level-0 state on swtpm-java", f)
                    .hasSameBinaryContentAs(tmp.resolve("c0").resolve(f));
        }
        assertThat(tmp.resolve("java0/ecc.pub")).as("an ECC primary from the level-0 state on swtpm-java")
                .hasSameBinaryContentAs(tmp.resolve("c0/ecc.pub"));
        assertThat(java0).as("what tpm2-tools print on swtpm-java (level 0)").containsExactlyElementsOf(c0);
    }

    private Path manufactured() throws Exception {
        ToolRunner.manufactureWithC(tmp.resolve("base"));
        return tmp.resolve("base/state");
    }

    /** {@code e} on a fresh copy of {@code state}, in {@code tmp/name}. */
    private ToolRunner started(Emulator e, Path state, String name) throws Exception {
        StateDirInteropIT.copyStateDir(state, tmp.resolve(name).resolve("state"));
        return ToolRunner.start(e, tmp.resolve(name));
    }

    private static List<Outcome> primaries(ToolRunner t) throws Exception {
        t.run("tpm2_createek", "-G", "rsa", "-u", t.f("ek-rsa.pub"), "-c", t.f("ek-rsa.ctx"));
        t.run("tpm2_createek", "-G", "ecc", "-u", t.f("ek-ecc.pub"), "-c", t.f("ek-ecc.ctx"));
        String[][] keys = {
            {"o", "rsa2048", "sha256"}, {"o", "rsa1024", "sha1"}, {"o", "rsa3072", "sha384"},
            {"o", "ecc256", "sha256"}, {"o", "ecc384", "sha384"}, {"o", "ecc521", "sha512"},
            {"o", "ecc_sm2", "sha256"}, {"o", "aes128cfb", "sha256"}, {"o", "aes256cfb", "sha256"},
            {"o", "camellia128cfb", "sha256"}, {"o", "xor", "sha256"},
            {"e", "rsa2048", "sha256"}, {"e", "ecc256", "sha256"}, {"p", "rsa2048", "sha256"},
            {"p", "ecc384", "sha384"},
        };
        for (String[] k : keys) {
            String name = k[0] + "-" + k[1].replace('_', '-') + "-" + k[2];
            t.run("tpm2_createprimary", "-C", k[0], "-G", k[1], "-g", k[2], "-c", t.f(name + ".ctx"),
                    "-f", "tss", "-o", t.f(name + ".pub"));
            if (k[1].startsWith("rsa") || k[1].matches("ecc\\d+")) {
                t.run("tpm2_readpublic", "-c", t.f(name + ".ctx"), "-f", "pem", "-o", t.f(name + ".pem"));
            }
        }
        // A primary with a given auth value (not part of the derivation: the same key).
        t.run("tpm2_createprimary", "-C", "o", "-G", "ecc256", "-p", "keypass", "-c", t.f("auth.ctx"),
                "-f", "tss", "-o", t.f("o-ecc256-auth.pub"));
        t.run("tpm2_readpublic", "-c", t.f("ek-rsa.ctx"));
        t.run("tpm2_readpublic", "-c", t.f("ek-ecc.ctx"));
        return t.log();
    }

    private static List<Outcome> rsaPrimaries(ToolRunner t) throws Exception {
        t.run("tpm2_createek", "-G", "rsa", "-u", t.f("ek.pub"), "-c", t.f("ek.ctx"));
        t.run("tpm2_createprimary", "-C", "o", "-G", "rsa2048", "-g", "sha256", "-c", t.f("srk.ctx"),
                "-f", "tss", "-o", t.f("srk.pub"));
        t.run("tpm2_createprimary", "-C", "o", "-G", "rsa3072", "-g", "sha384", "-c", t.f("rsa3072.ctx"),
                "-f", "tss", "-o", t.f("rsa3072.pub"));
        t.run("tpm2_createprimary", "-C", "e", "-G", "ecc256", "-c", t.f("ecc.ctx"),
                "-f", "tss", "-o", t.f("ecc.pub"));
        return t.log();
    }

    /** TPMT_PUBLIC templates in hex: type, nameAlg, attributes, authPolicy, parameters, unique. */
    private static final String ECC_BN_P256_SIGNING = "0023 000b 00040072 0000 0010 0018 000b 0010 0010 0000 0000";
    private static final String ECC_BN_P256_STORAGE = "0023 000b 00030072 0000 0006 0080 0043 0010 0010 0010 0000 0000";
    private static final String TDES_128_CFB = "0025 000b 00060072 0000 0003 0080 0043 0000";
    private static final String TDES_192_CFB = "0025 000b 00060072 0000 0003 00c0 0043 0000";
    /** A derivation parent: restricted decrypt keyed hash with the XOR scheme and SP800-108 KDF. */
    private static final String DERIVATION_PARENT = "0008 000b 00030072 0000 000a 000b 0022 0000";
    /** Children of the derivation parent: their unique field is a TPMS_DERIVE (label, context). */
    private static final String DERIVED_ECC = "0023 000b 00040052 0000 0010 0018 000b 0003 0010 ";
    private static final String DERIVED_HMAC = "0008 000b 00040052 0000 0005 000b ";
    private static final String DERIVED_AES = "0025 000b 00060052 0000 0006 0080 0043 ";

    private static Map<String, String> rawDerivations(RawTpm tpm) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("BN P-256 signing primary", primary(tpm, "40000001", ECC_BN_P256_SIGNING));
        out.put("BN P-256 storage primary (endorsement)", primary(tpm, "4000000b", ECC_BN_P256_STORAGE));
        out.put("TDES-128 CFB primary", primary(tpm, "40000001", TDES_128_CFB));
        out.put("TDES-192 CFB primary", primary(tpm, "40000001", TDES_192_CFB));
        out.put("derivation parent", primary(tpm, "40000001", DERIVATION_PARENT));

        byte[] parent = tpm.send(RawTpm.createPrimary("40000001", DERIVATION_PARENT));
        if (RawTpm.responseCode(parent) != 0) {
            out.put("derived ECC key", "rc=" + Integer.toHexString(RawTpm.responseCode(parent)));
            return out;
        }
        int parentHandle = RawTpm.handle(parent);
        String derive = derive("label", "context");
        // The first derivation after startup answers TPM_RC_RETRY on libtpms 0.9.2 (then works).
        out.put("derived ECC key, first attempt", derived(tpm, parentHandle, DERIVED_ECC + derive));
        out.put("derived ECC key", derived(tpm, parentHandle, DERIVED_ECC + derive));
        out.put("derived ECC key, again", derived(tpm, parentHandle, DERIVED_ECC + derive));
        out.put("derived ECC key, other context", derived(tpm, parentHandle, DERIVED_ECC + derive("label", "other")));
        out.put("derived HMAC key", derived(tpm, parentHandle, DERIVED_HMAC + derive));
        out.put("derived AES key", derived(tpm, parentHandle, DERIVED_AES + derive("a", "b")));
        tpm.send(RawTpm.flushContext(parentHandle));
        return out;
    }

    /** The whole CreatePrimary response (public area, creation data and ticket, Name), then flushed. */
    private static String primary(RawTpm tpm, String hierarchy, String template) throws Exception {
        byte[] r = tpm.send(RawTpm.createPrimary(hierarchy, template));
        int rc = RawTpm.responseCode(r);
        if (rc != 0) {
            return "rc=" + Integer.toHexString(rc);
        }
        tpm.send(RawTpm.flushContext(RawTpm.handle(r)));
        return RawTpm.hex(r);
    }

    /** A TPMS_DERIVE: label and context as TPM2B_LABELs. */
    private static String derive(String label, String context) {
        return RawTpm.sized(RawTpm.hex(label.getBytes(StandardCharsets.US_ASCII)))
                + RawTpm.sized(RawTpm.hex(context.getBytes(StandardCharsets.US_ASCII)));
    }

    /** CreateLoaded under a derivation parent: the public area and Name (the private part has a random IV). */
    private static String derived(RawTpm tpm, int parent, String template) throws Exception {
        byte[] r = tpm.send(RawTpm.createLoaded(parent, template));
        int rc = RawTpm.responseCode(r);
        if (rc != 0) {
            return "rc=" + Integer.toHexString(rc);
        }
        tpm.send(RawTpm.flushContext(RawTpm.handle(r)));
        byte[][] fields = RawTpm.sizedParameters(r, 3);
        return "public " + RawTpm.hex(fields[1]) + " name " + RawTpm.hex(fields[2]);
    }

    /**
     * Sets the three primary seed compatibility levels (EP, SP, PP) of a C-written, unencrypted
     * permall: PERSISTENT_DATA v4 ends with a block {TPML_PCR_SELECTION, block {3 levels, empty
     * future block}}; 0.9.2 writes levels 1, so the inner block is 01 0006 01 01 01 01 0000.
     */
    static void setSeedCompatLevels(Path permall, int level) throws Exception {
        byte[] b = Files.readAllBytes(permall);
        byte[] pattern = RawTpm.hex("01 0006 01 01 01 01 0000");
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i + pattern.length <= b.length; i++) {
            if (java.util.Arrays.equals(b, i, i + pattern.length, pattern, 0, pattern.length)) {
                at.add(i);
            }
        }
        assertThat(at).as("the seed compat level block in the C-written permall").hasSize(1);
        for (int k = 0; k < 3; k++) {
            b[at.get(0) + 3 + k] = (byte) level;
        }
        Files.write(permall, b);
    }
}
