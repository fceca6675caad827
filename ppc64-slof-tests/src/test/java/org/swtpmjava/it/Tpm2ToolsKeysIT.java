package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.it.Launchers.Emulator;
import org.swtpmjava.it.ToolRunner.Outcome;

/**
 * Key flows of real tpm2-tools (5.4) against the C swtpm (the oracle) and swtpm-java's
 * {@code bin/swtpm}: primaries, child keys of every kind, signing and verifying, RSA encryption,
 * symmetric encryption, HMAC, sealing (with a PCR policy session too), ECDH, loadexternal,
 * changeauth, contexts in files across tool runs and their flushing.
 *
 * <p>Both emulators start from copies of one state directory the C swtpm manufactured, so their
 * seeds are the same: primaries (derived from the seeds) must come out identical, child keys (made
 * from the random number generator) differ. Per step, exit status, stderr and stdout are compared,
 * stdout with long hex strings masked where the step prints random key material. Key-dependent
 * files are then checked by cross-use: each emulator loads the other's key files under its own,
 * identical, primary and must produce the same deterministic results (RSASSA signatures, HMACs,
 * ciphertexts, ECDH Z points) and accept the other's randomized ones (PSS, ECDSA, OAEP); openssl
 * checks the PEM public keys against the signatures.
 */
class Tpm2ToolsKeysIT {

    private static final String SEALED = "0123456789abcdef";
    private static final String SHA256_ABC = "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c";

    /** Steps that fail against the C swtpm too, with tpm2-tools' exit status (1: TPM error, 3: auth error). */
    private static final Map<String, Integer> EXPECTED_FAILURES = Map.of(
            // a keyed-hash key made from given bytes has no HMAC scheme: TPM_RC_SCHEME (0x2d2)
            "tpm2_loadexternal -C n -G hmac -r <dir>/hkey.bin -c <dir>/exthmac.ctx", 1,
            // PCR 16 changed after the policy was made: the session's digest is not the object's
            "tpm2_unseal -c <dir>/pseal.ctx -p session:<dir>/sess2.ctx -o <dir>/punsealed2", 1,
            // the key's auth is "newkeypass" now: TPM_RC_AUTH_FAIL
            "tpm2_sign -c <dir>/rsa2.ctx -p wrong -g sha256 -o <dir>/sig3 <dir>/msg", 3);

    /** Files the flows write that must be byte-identical on both emulators. */
    private static final List<String> SAME_FILES = List.of("prim.pub", "prim.pem", "eprim.pub", "eprim.pem",
            "ct.ext", "dec.oaep", "dec.rsaes", "dec.raw", "dec.ossl", "pt.cfb", "pt.cbc", "pt.ctr", "unsealed",
            "pcr.bin", "pcr.policy", "punsealed");

    @TempDir
    Path tmp;

    @Test
    void keyFlowsBehaveAsOnTheCSwtpm() throws Exception {
        Path base = tmp.resolve("base");
        ToolRunner.manufactureWithC(base);
        StateDirInteropIT.copyStateDir(base.resolve("state"), tmp.resolve("c/state"));
        StateDirInteropIT.copyStateDir(base.resolve("state"), tmp.resolve("java/state"));

        try (ToolRunner c = ToolRunner.start(Emulator.C, tmp.resolve("c"));
                ToolRunner java = ToolRunner.start(Emulator.JAVA, tmp.resolve("java"))) {
            keyFlows(c);
            keyFlows(java);
            assertOracleRan(c.log());
            assertSameOutcomes(c.log(), java.log(), "key flows");
            for (String name : SAME_FILES) {
                assertThat(java.path(name)).as("%s written by the tools on swtpm-java and on the C swtpm", name)
                        .hasSameBinaryContentAs(c.path(name));
            }
            checkWithinEach(c);
            checkWithinEach(java);

            c.log().clear();
            java.log().clear();
            c.setOther(tmp.resolve("java"));
            java.setOther(tmp.resolve("c"));
            crossUse(c);
            crossUse(java);
            assertThat(c.log()).as("C swtpm using swtpm-java's key files")
                    .allSatisfy(o -> assertThat(o.status()).as("%s\n%s", o.command(), o.stderr()).isZero());
            assertSameOutcomes(c.log(), java.log(), "cross-use");
            checkCrossResults(c);
            checkCrossResults(java);
        }
    }

    private static void keyFlows(ToolRunner t) throws Exception {
        Files.writeString(t.path("msg"), "hello\n");
        Files.write(t.path("iv.bin"), new byte[16]);
        Files.writeString(t.path("plain.bin"), "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL");
        Files.writeString(t.path("aeskey.bin"), SEALED);
        Files.writeString(t.path("hkey.bin"), "secret-hmac-key-0123456789");
        Files.writeString(t.path("raw.in"), "A".repeat(256));

        // Primaries: from the (shared) seeds, identical on both.
        t.run("tpm2_createprimary", "-C", "o", "-G", "rsa2048", "-g", "sha256", "-c", t.f("prim.ctx"),
                "-f", "tss", "-o", t.f("prim.pub"));
        t.run("tpm2_createprimary", "-C", "e", "-G", "ecc256", "-c", t.f("eprim.ctx"), "-f", "tss",
                "-o", t.f("eprim.pub"));
        t.run("tpm2_readpublic", "-c", t.f("prim.ctx"), "-o", t.f("prim.pem"), "-f", "pem");
        t.run("tpm2_readpublic", "-c", t.f("eprim.ctx"), "-o", t.f("eprim.pem"), "-f", "pem");

        // RSA child key: Create + Load, ReadPublic, signatures, encryption.
        t.runKeyDependent("tpm2_create", "-C", t.f("prim.ctx"), "-G", "rsa2048", "-u", t.f("rsa.pub"),
                "-r", t.f("rsa.priv"));
        t.runKeyDependent("tpm2_load", "-C", t.f("prim.ctx"), "-u", t.f("rsa.pub"), "-r", t.f("rsa.priv"),
                "-c", t.f("rsa.ctx"));
        t.runKeyDependent("tpm2_readpublic", "-c", t.f("rsa.ctx"), "-o", t.f("rsa.pem"), "-f", "pem");
        t.runKeyDependent("tpm2_readpublic", "-c", t.f("rsa.ctx"), "-o", t.f("rsa.tss"), "-f", "tss");
        for (String scheme : List.of("rsassa", "rsapss")) {
            t.run("tpm2_sign", "-c", t.f("rsa.ctx"), "-g", "sha256", "-s", scheme, "-o", t.f("sig." + scheme),
                    t.f("msg"));
            t.run("tpm2_verifysignature", "-c", t.f("rsa.ctx"), "-g", "sha256", "-s", t.f("sig." + scheme),
                    "-m", t.f("msg"), "-t", t.f("tk." + scheme));
        }
        t.run("tpm2_sign", "-c", t.f("rsa.ctx"), "-g", "sha256", "-s", "rsassa", "-f", "plain",
                "-o", t.f("sig.plain"), t.f("msg"));
        for (String scheme : List.of("oaep", "rsaes", "null")) {
            String in = scheme.equals("null") ? "raw.in" : "msg";
            String suffix = scheme.equals("null") ? "raw" : scheme;
            t.run("tpm2_rsaencrypt", "-c", t.f("rsa.ctx"), "-s", scheme, "-o", t.f("enc." + suffix), t.f(in));
            t.run("tpm2_rsadecrypt", "-c", t.f("rsa.ctx"), "-s", scheme, "-o", t.f("dec." + suffix),
                    t.f("enc." + suffix));
        }
        Launchers.Result ossl = Launchers.run(List.of("openssl", "pkeyutl", "-encrypt", "-pubin",
                "-inkey", t.f("rsa.pem"), "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256",
                "-in", t.f("msg"), "-out", t.f("enc.ossl")));
        assertThat(ossl.status()).as("openssl encrypts to the %s key's PEM: %s", t.emulator(), ossl.stderr())
                .isZero();
        t.run("tpm2_rsadecrypt", "-c", t.f("rsa.ctx"), "-s", "oaep", "-o", t.f("dec.ossl"), t.f("enc.ossl"));

        // ECC child key made by CreateLoaded (tpm2_create -c): ECDSA.
        t.runKeyDependent("tpm2_create", "-C", t.f("prim.ctx"), "-G", "ecc256", "-u", t.f("ecc.pub"),
                "-r", t.f("ecc.priv"), "-c", t.f("ecc.ctx"));
        t.run("tpm2_sign", "-c", t.f("ecc.ctx"), "-g", "sha256", "-o", t.f("sig.ecdsa"), t.f("msg"));
        t.run("tpm2_verifysignature", "-c", t.f("ecc.ctx"), "-g", "sha256", "-s", t.f("sig.ecdsa"),
                "-m", t.f("msg"));
        t.runKeyDependent("tpm2_readpublic", "-c", t.f("ecc.ctx"), "-o", t.f("ecc.pem"), "-f", "pem");
        t.run("tpm2_sign", "-c", t.f("ecc.ctx"), "-g", "sha256", "-f", "plain", "-o", t.f("sig.ecplain"),
                t.f("msg"));

        // AES key: EncryptDecrypt(2) in three modes with an IV, and back.
        t.runKeyDependent("tpm2_create", "-C", t.f("prim.ctx"), "-G", "aes128", "-u", t.f("aes.pub"),
                "-r", t.f("aes.priv"), "-c", t.f("aes.ctx"));
        for (String mode : List.of("cfb", "cbc", "ctr")) {
            t.run("tpm2_encryptdecrypt", "-c", t.f("aes.ctx"), "-G", mode, "--iv", t.f("iv.bin"),
                    "-o", t.f("ct." + mode), t.f("plain.bin"));
            t.run("tpm2_encryptdecrypt", "-d", "-c", t.f("aes.ctx"), "-G", mode, "--iv", t.f("iv.bin"),
                    "-o", t.f("pt." + mode), t.f("ct." + mode));
        }
        // A known AES key through LoadExternal: the ciphertext is checked against openssl below.
        // (tpm2-tools picks a random seedValue, so the Name differs per run)
        t.runKeyDependent("tpm2_loadexternal", "-C", "n", "-G", "aes", "-r", t.f("aeskey.bin"),
                "-c", t.f("extaes.ctx"));
        t.run("tpm2_encryptdecrypt", "-c", t.f("extaes.ctx"), "-G", "cbc", "--iv", t.f("iv.bin"),
                "-o", t.f("ct.ext"), t.f("plain.bin"));
        t.run("tpm2_loadexternal", "-C", "n", "-G", "hmac", "-r", t.f("hkey.bin"), "-c", t.f("exthmac.ctx"));

        // HMAC key: HMAC (TPM2_HMAC / sequences) and HMAC signatures.
        t.runKeyDependent("tpm2_create", "-C", t.f("prim.ctx"), "-G", "hmac", "-u", t.f("hmac.pub"),
                "-r", t.f("hmac.priv"), "-c", t.f("hmac.ctx"));
        t.run("tpm2_hmac", "-c", t.f("hmac.ctx"), "-o", t.f("hmac.out"), t.f("msg"));
        t.run("tpm2_sign", "-c", t.f("hmac.ctx"), "-g", "sha256", "-o", t.f("sig.hmac"), t.f("msg"));
        t.run("tpm2_verifysignature", "-c", t.f("hmac.ctx"), "-g", "sha256", "-s", t.f("sig.hmac"),
                "-m", t.f("msg"));

        // Sealed data: plain, and under a PCR policy with a policy session kept in a file.
        t.runKeyDependent("tpm2_create", "-C", t.f("prim.ctx"), "-i", t.f("aeskey.bin"), "-u", t.f("seal.pub"),
                "-r", t.f("seal.priv"));
        t.runKeyDependent("tpm2_load", "-C", t.f("prim.ctx"), "-u", t.f("seal.pub"), "-r", t.f("seal.priv"),
                "-c", t.f("seal.ctx"));
        t.run("tpm2_unseal", "-c", t.f("seal.ctx"), "-o", t.f("unsealed"));
        t.run("tpm2_pcrread", "-o", t.f("pcr.bin"), "sha256:0,16");
        t.run("tpm2_createpolicy", "--policy-pcr", "-l", "sha256:0,16", "-f", t.f("pcr.bin"),
                "-L", t.f("pcr.policy"));
        t.runKeyDependent("tpm2_create", "-C", t.f("prim.ctx"), "-i", t.f("aeskey.bin"), "-L", t.f("pcr.policy"),
                "-u", t.f("pseal.pub"), "-r", t.f("pseal.priv"), "-c", t.f("pseal.ctx"));
        t.run("tpm2_startauthsession", "--policy-session", "-S", t.f("sess.ctx"));
        t.run("tpm2_getcap", "handles-loaded-session");
        t.run("tpm2_getcap", "handles-saved-session");
        t.run("tpm2_policypcr", "-S", t.f("sess.ctx"), "-l", "sha256:0,16");
        t.run("tpm2_unseal", "-c", t.f("pseal.ctx"), "-p", "session:" + t.f("sess.ctx"), "-o", t.f("punsealed"));
        t.run("tpm2_flushcontext", t.f("sess.ctx"));
        t.run("tpm2_getcap", "handles-saved-session");
        t.run("tpm2_pcrextend", "16:sha256=" + SHA256_ABC);
        t.run("tpm2_startauthsession", "--policy-session", "-S", t.f("sess2.ctx"));
        t.run("tpm2_policypcr", "-S", t.f("sess2.ctx"), "-l", "sha256:0,16");
        t.run("tpm2_unseal", "-c", t.f("pseal.ctx"), "-p", "session:" + t.f("sess2.ctx"), "-o", t.f("punsealed2"));
        t.run("tpm2_getcap", "handles-saved-session");
        t.run("tpm2_getcap", "handles-loaded-session");
        t.run("tpm2_flushcontext", "-s");
        t.run("tpm2_flushcontext", "-l");
        t.run("tpm2_getcap", "handles-saved-session");
        t.run("tpm2_getcap", "handles-loaded-session");
        t.run("tpm2_pcrreset", "16");

        // ECDH: an ephemeral point and Z from the key, then Z again from the point.
        t.runKeyDependent("tpm2_create", "-C", t.f("prim.ctx"), "-G", "ecc256:ecdh", "-u", t.f("ecdh.pub"),
                "-r", t.f("ecdh.priv"), "-c", t.f("ecdh.ctx"));
        t.run("tpm2_ecdhkeygen", "-c", t.f("ecdh.ctx"), "-u", t.f("ephem.pub"), "-o", t.f("z1.bin"));
        t.run("tpm2_ecdhzgen", "-c", t.f("ecdh.ctx"), "-u", t.f("ephem.pub"), "-o", t.f("z2.bin"));

        // An openssl RSA key's public part through LoadExternal; its signature verifies in the TPM.
        Path extKey = t.path("ext.key");
        assertThat(Launchers.run(List.of("openssl", "genrsa", "-out", extKey.toString(), "2048")).status())
                .as("openssl genrsa").isZero();
        assertThat(Launchers.run(List.of("openssl", "rsa", "-in", extKey.toString(), "-pubout",
                "-out", t.f("ext.pem"))).status()).as("openssl rsa -pubout").isZero();
        assertThat(Launchers.run(List.of("openssl", "dgst", "-sha256", "-sign", extKey.toString(),
                "-out", t.f("ext.sig"), t.f("msg"))).status()).as("openssl dgst -sign").isZero();
        t.runKeyDependent("tpm2_loadexternal", "-C", "o", "-G", "rsa", "-u", t.f("ext.pem"), "-c", t.f("ext.ctx"));
        t.run("tpm2_verifysignature", "-c", t.f("ext.ctx"), "-g", "sha256", "-f", "rsassa", "-s", t.f("ext.sig"),
                "-m", t.f("msg"), "-t", t.f("ext.tk"));

        // ObjectChangeAuth: a new private part with the new auth, loaded and used.
        t.run("tpm2_changeauth", "-c", t.f("rsa.ctx"), "-C", t.f("prim.ctx"), "-r", t.f("rsa.newpriv"),
                "newkeypass");
        t.runKeyDependent("tpm2_load", "-C", t.f("prim.ctx"), "-u", t.f("rsa.pub"), "-r", t.f("rsa.newpriv"),
                "-c", t.f("rsa2.ctx"));
        t.run("tpm2_sign", "-c", t.f("rsa2.ctx"), "-p", "newkeypass", "-g", "sha256", "-o", t.f("sig2"), t.f("msg"));
        t.run("tpm2_sign", "-c", t.f("rsa2.ctx"), "-p", "wrong", "-g", "sha256", "-o", t.f("sig3"), t.f("msg"));
        t.run("tpm2_verifysignature", "-c", t.f("rsa.ctx"), "-g", "sha256", "-s", t.f("sig2"), "-m", t.f("msg"));

        // Contexts in files across runs: objects loaded from their context files stay until flushed.
        t.run("tpm2_getcap", "handles-transient");
        t.run("tpm2_readpublic", "-c", t.f("prim.ctx"));
        t.run("tpm2_flushcontext", "-l");
        t.run("tpm2_getcap", "handles-loaded-session");
    }

    /** The C swtpm ran the flows: everything succeeded but what must fail. */
    private static void assertOracleRan(List<Outcome> c) {
        assertThat(c).as("the C swtpm ran the flows").hasSizeGreaterThan(60);
        for (Outcome o : c) {
            assertThat(o.status()).as("C swtpm: %s\n%s", o.command(), o.stderr())
                    .isEqualTo(EXPECTED_FAILURES.getOrDefault(o.command(), 0));
        }
    }

    private static void assertSameOutcomes(List<Outcome> c, List<Outcome> java, String what) {
        assertThat(java).as(what).hasSameSizeAs(c);
        for (int i = 0; i < c.size(); i++) {
            assertThat(java.get(i)).as("%s, step %d: %s", what, i, c.get(i).command()).isEqualTo(c.get(i));
        }
    }

    /** Key-dependent results checked within one emulator (and by openssl where it can). */
    private static void checkWithinEach(ToolRunner t) throws Exception {
        String who = t.emulator().toString();
        assertThat(t.path("dec.oaep")).as("%s: OAEP round trip", who).hasContent("hello\n");
        assertThat(t.path("dec.ossl")).as("%s: openssl's OAEP ciphertext decrypted", who).hasContent("hello\n");
        assertThat(t.path("dec.raw")).as("%s: raw RSA round trip", who).hasContent("A".repeat(256));
        assertThat(t.path("unsealed")).as("%s: unsealed data", who).hasContent(SEALED);
        assertThat(t.path("punsealed")).as("%s: data unsealed with a PCR policy session", who).hasContent(SEALED);
        assertThat(t.path("punsealed2")).as("%s: nothing unsealed after PCR 16 changed", who)
                .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyFile());
        for (String mode : List.of("cfb", "cbc", "ctr")) {
            assertThat(t.path("pt." + mode)).as("%s: AES-%s round trip", who, mode)
                    .hasSameBinaryContentAs(t.path("plain.bin"));
            assertThat(Files.readAllBytes(t.path("ct." + mode))).as("%s: AES-%s ciphertext", who, mode)
                    .isNotEqualTo(Files.readAllBytes(t.path("plain.bin")));
        }
        assertThat(t.path("z2.bin")).as("%s: ECDH_ZGen gives ECDH_KeyGen's Z", who)
                .hasSameBinaryContentAs(t.path("z1.bin"));
        Launchers.Result aes = Launchers.run(List.of("openssl", "enc", "-aes-128-cbc", "-nopad",
                "-K", "30313233343536373839616263646566", "-iv", "00000000000000000000000000000000",
                "-in", t.f("plain.bin"), "-out", t.f("ct.ext.openssl")));
        assertThat(aes.status()).as("openssl enc").isZero();
        assertThat(t.path("ct.ext")).as("%s: AES-CBC with a loaded external key is openssl's", who)
                .hasSameBinaryContentAs(t.path("ct.ext.openssl"));
        for (String[] sig : List.of(new String[] {"rsa.pem", "sig.plain"}, new String[] {"ecc.pem", "sig.ecplain"})) {
            Launchers.Result v = Launchers.run(List.of("openssl", "dgst", "-sha256", "-verify", t.f(sig[0]),
                    "-signature", t.f(sig[1]), t.f("msg")));
            assertThat(v.status()).as("%s: openssl verifies %s with %s: %s", who, sig[1], sig[0], v.stderr()).isZero();
            assertThat(v.stdout()).contains("Verified OK");
        }
        String pem = Files.readString(t.path("prim.pem"), StandardCharsets.US_ASCII);
        assertThat(pem).as("%s: the primary's PEM", who).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    /** Each emulator uses the other's key files under its own (identical) primary. */
    private static void crossUse(ToolRunner t) throws Exception {
        loadOthers(t, "rsa.pub", "rsa.priv", "xrsa.ctx");
        t.run("tpm2_verifysignature", "-c", t.f("xrsa.ctx"), "-g", "sha256", "-s", t.o("sig.rsassa"), "-m", t.f("msg"));
        t.run("tpm2_verifysignature", "-c", t.f("xrsa.ctx"), "-g", "sha256", "-s", t.o("sig.rsapss"), "-m", t.f("msg"));
        t.run("tpm2_sign", "-c", t.f("xrsa.ctx"), "-g", "sha256", "-s", "rsassa", "-o", t.f("x.sig.rsassa"),
                t.f("msg"));
        t.run("tpm2_rsadecrypt", "-c", t.f("xrsa.ctx"), "-s", "oaep", "-o", t.f("x.dec.oaep"), t.o("enc.oaep"));
        t.run("tpm2_rsaencrypt", "-c", t.f("xrsa.ctx"), "-s", "null", "-o", t.f("x.enc.raw"), t.f("raw.in"));
        loadOthers(t, "rsa.pub", "rsa.newpriv", "xrsa2.ctx");
        t.run("tpm2_sign", "-c", t.f("xrsa2.ctx"), "-p", "newkeypass", "-g", "sha256", "-o", t.f("x.sig2"),
                t.f("msg"));

        loadOthers(t, "ecc.pub", "ecc.priv", "xecc.ctx");
        t.run("tpm2_verifysignature", "-c", t.f("xecc.ctx"), "-g", "sha256", "-s", t.o("sig.ecdsa"), "-m", t.f("msg"));

        loadOthers(t, "aes.pub", "aes.priv", "xaes.ctx");
        for (String mode : List.of("cfb", "cbc", "ctr")) {
            t.run("tpm2_encryptdecrypt", "-c", t.f("xaes.ctx"), "-G", mode, "--iv", t.f("iv.bin"),
                    "-o", t.f("x.ct." + mode), t.f("plain.bin"));
        }

        loadOthers(t, "hmac.pub", "hmac.priv", "xhmac.ctx");
        t.run("tpm2_hmac", "-c", t.f("xhmac.ctx"), "-o", t.f("x.hmac.out"), t.f("msg"));
        t.run("tpm2_sign", "-c", t.f("xhmac.ctx"), "-g", "sha256", "-o", t.f("x.sig.hmac"), t.f("msg"));

        loadOthers(t, "seal.pub", "seal.priv", "xseal.ctx");
        t.run("tpm2_unseal", "-c", t.f("xseal.ctx"), "-o", t.f("x.unsealed"));
        loadOthers(t, "pseal.pub", "pseal.priv", "xpseal.ctx");
        t.run("tpm2_startauthsession", "--policy-session", "-S", t.f("xsess.ctx"));
        t.run("tpm2_policypcr", "-S", t.f("xsess.ctx"), "-l", "sha256:0,16");
        t.run("tpm2_unseal", "-c", t.f("xpseal.ctx"), "-p", "session:" + t.f("xsess.ctx"), "-o", t.f("x.punsealed"));
        t.run("tpm2_flushcontext", t.f("xsess.ctx"));

        loadOthers(t, "ecdh.pub", "ecdh.priv", "xecdh.ctx");
        t.run("tpm2_ecdhzgen", "-c", t.f("xecdh.ctx"), "-u", t.o("ephem.pub"), "-o", t.f("x.z.bin"));
        t.run("tpm2_getcap", "handles-transient");
        t.run("tpm2_getcap", "handles-saved-session");
    }

    /** Loads the other emulator's key files under this emulator's primary (its Name is the other's key's). */
    private static void loadOthers(ToolRunner t, String pub, String priv, String context) throws Exception {
        t.runKeyDependent("tpm2_load", "-C", t.f("prim.ctx"), "-u", t.o(pub), "-r", t.o(priv), "-c", t.f(context));
    }

    /** What the other emulator's keys gave here is what they gave there. */
    private static void checkCrossResults(ToolRunner t) throws Exception {
        Path other = Path.of(t.o("."));
        String who = t.emulator() + " with the other emulator's key files";
        assertThat(t.path("x.sig.rsassa")).as("%s: RSASSA signature (deterministic)", who)
                .hasSameBinaryContentAs(other.resolve("sig.rsassa"));
        assertThat(t.path("x.sig2")).as("%s: RSASSA signature after changeauth", who)
                .hasSameBinaryContentAs(other.resolve("sig2"));
        assertThat(t.path("x.dec.oaep")).as("%s: OAEP decryption", who).hasContent("hello\n");
        assertThat(t.path("x.enc.raw")).as("%s: raw RSA encryption", who)
                .hasSameBinaryContentAs(other.resolve("enc.raw"));
        for (String mode : List.of("cfb", "cbc", "ctr")) {
            assertThat(t.path("x.ct." + mode)).as("%s: AES-%s ciphertext", who, mode)
                    .hasSameBinaryContentAs(other.resolve("ct." + mode));
        }
        assertThat(t.path("x.hmac.out")).as("%s: HMAC", who).hasSameBinaryContentAs(other.resolve("hmac.out"));
        assertThat(t.path("x.sig.hmac")).as("%s: HMAC signature", who)
                .hasSameBinaryContentAs(other.resolve("sig.hmac"));
        assertThat(t.path("x.unsealed")).as("%s: unsealed data", who).hasContent(SEALED);
        assertThat(t.path("x.punsealed")).as("%s: data unsealed with a PCR policy", who).hasContent(SEALED);
        assertThat(t.path("x.z.bin")).as("%s: ECDH Z point", who).hasSameBinaryContentAs(other.resolve("z1.bin"));
    }
}
