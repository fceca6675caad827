package org.swtpmjava.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swtpmjava.it.Launchers.Emulator;
import org.swtpmjava.it.ToolRunner.Outcome;

/**
 * The tpm2-tools (5.4) flows around persistent keys (tpm2_evictcontrol, keys used by handle), the
 * TCG EK credential protocol (tpm2_createek, tpm2_createak, tpm2_makecredential by the TPM and by
 * the tools, tpm2_activatecredential under PolicySecret) and key duplication (PolicyCommandCode and
 * PolicyDuplicationSelect, with and without an inner wrapper, tpm2_import of duplicates and of an
 * openssl key), run against the C swtpm (the oracle) and swtpm-java's {@code bin/swtpm}.
 *
 * <p>As in {@link Tpm2ToolsKeysIT}, both emulators start from copies of one state the C swtpm
 * manufactured: primaries and the EK come out identical, child keys, credentials and duplicates
 * are random. Every step's exit status, stdout and stderr are compared (long hex strings masked
 * where they are key material, in the command line too where a tool takes a Name in hex); what
 * is random is then cross-used: each emulator activates the other's credentials, imports the
 * other's duplicates and signs with the other's keys, and the RSASSA signatures (deterministic)
 * must be the ones the key's own emulator made.
 */
class Tpm2ToolsPersistenceAndCredentialsIT {

    private static final String SECRET = "12345678";

    /** Steps that fail against the C swtpm too, with tpm2-tools' exit status. */
    private static final Map<String, Integer> EXPECTED_FAILURES = Map.of(
            // the handle holds the signing key already: TPM_RC_NV_DEFINED (0x14c)
            "tpm2_evictcontrol -C o -c <dir>/prim.ctx 0x81000001", 1,
            // a platform persistent handle under the owner: TPM_RC_RANGE (0x1cd)
            "tpm2_evictcontrol -C o -c <dir>/prim.ctx 0x81800000", 1,
            // an owner persistent handle under the platform: TPM_RC_RANGE (0x1cd)
            "tpm2_evictcontrol -C p -c <dir>/pprim.ctx 0x81000005", 1,
            // the owner cannot evict a platform object: TPM_RC_HIERARCHY (0x285)
            "tpm2_evictcontrol -C o -c 0x81800000", 1,
            // the handle was evicted: TPM_RC_HANDLE (0x18b) when the tools read its public part
            "tpm2_sign -c 0x81000001 -g sha256 -s rsassa -o <dir>/sig.gone <dir>/msg", 1,
            // a policy session without PolicySecret(endorsement): TPM_RC_POLICY_FAIL (0x9d)
            "tpm2_activatecredential -c <dir>/ak.ctx -C <dir>/ek.ctx -i <dir>/cred.tpm -o <dir>/act.nopolicy "
                    + "-P session:<dir>/sess.ctx", 1,
            // Duplicate needs the policy (ADMIN role) session: TPM_RC_AUTH_CONTEXT (0x124)
            "tpm2_duplicate -C <dir>/npx.ctx -c <dir>/dk.ctx -G null -r <dir>/dup.nosess -s <dir>/seed.nosess", 1);

    @TempDir
    Path tmp;

    @Test
    void persistentKeysBehaveAsOnTheCSwtpm() throws Exception {
        try (Pair p = Pair.start(tmp)) {
            persistence(p.c);
            persistence(p.java);
            List<String> counts = p.c.log().stream().filter(o -> o.command().equals("tpm2_getcap properties-variable"))
                    .map(Outcome::stdout).toList();
            assertThat(counts).as("the C swtpm's persistent object counts, after persisting and after evicting")
                    .satisfiesExactly(s -> assertThat(s).contains("TPM2_PT_HR_PERSISTENT: 0x3"),
                            s -> assertThat(s).contains("TPM2_PT_HR_PERSISTENT: 0x1"));
            p.compare("persistent keys", 27);
            for (ToolRunner t : p.both()) {
                assertThat(t.path("sig.persist")).as("%s: RSASSA signatures by the persisted key and by its context", t.emulator())
                        .hasSameBinaryContentAs(t.path("sig.ctx"));
            }
            assertThat(p.java.path("prim.pub")).as("the persisted primary's public area read by handle")
                    .hasSameBinaryContentAs(p.c.path("prim.pub"));

            p.crossOver();
            for (ToolRunner t : p.both()) {
                t.runKeyDependent("tpm2_load", "-C", "0x81000000", "-u", t.o("sign.pub"), "-r", t.o("sign.priv"),
                        "-c", t.f("xsign.ctx"));
                t.run("tpm2_evictcontrol", "-C", "o", "-c", t.f("xsign.ctx"), "0x81000002");
                t.run("tpm2_sign", "-c", "0x81000002", "-g", "sha256", "-s", "rsassa", "-o", t.f("x.sig"), t.f("msg"));
                t.run("tpm2_verifysignature", "-c", "0x81000002", "-g", "sha256", "-s", t.o("sig.persist"),
                        "-m", t.f("msg"));
                t.run("tpm2_evictcontrol", "-C", "o", "-c", "0x81000002");
                t.run("tpm2_getcap", "handles-persistent");
            }
            p.compare("persisting the other emulator's key", 6);
            for (ToolRunner t : p.both()) {
                assertThat(t.path("x.sig")).as("%s persisting the other's key: its RSASSA signature", t.emulator())
                        .hasSameBinaryContentAs(Path.of(t.o("sig.persist")));
            }
        }
    }

    private static void persistence(ToolRunner t) throws Exception {
        Files.writeString(t.path("msg"), "hello\n");
        t.run("tpm2_createprimary", "-C", "o", "-G", "rsa2048", "-g", "sha256", "-c", t.f("prim.ctx"));
        t.run("tpm2_evictcontrol", "-C", "o", "-c", t.f("prim.ctx"), "0x81000000");
        t.runKeyDependent("tpm2_create", "-C", "0x81000000", "-G", "rsa2048", "-u", t.f("sign.pub"),
                "-r", t.f("sign.priv"));
        t.runKeyDependent("tpm2_load", "-C", "0x81000000", "-u", t.f("sign.pub"), "-r", t.f("sign.priv"),
                "-c", t.f("sign.ctx"));
        t.run("tpm2_evictcontrol", "-C", "o", "-c", t.f("sign.ctx"), "0x81000001");
        t.run("tpm2_evictcontrol", "-C", "o", "-c", t.f("prim.ctx"), "0x81000001");
        t.run("tpm2_evictcontrol", "-C", "o", "-c", t.f("prim.ctx"), "0x81800000");
        t.run("tpm2_createprimary", "-C", "p", "-G", "ecc256", "-c", t.f("pprim.ctx"));
        t.run("tpm2_evictcontrol", "-C", "p", "-c", t.f("pprim.ctx"), "0x81800000");
        t.run("tpm2_evictcontrol", "-C", "p", "-c", t.f("pprim.ctx"), "0x81000005");
        t.run("tpm2_getcap", "handles-persistent");
        // TPM2_PT_HR_PERSISTENT(_AVAIL) and the NV space left: the NV accounting.
        t.run("tpm2_getcap", "properties-variable");

        // Used by handle: signing, reading, a child under the persisted primary.
        t.run("tpm2_sign", "-c", "0x81000001", "-g", "sha256", "-s", "rsassa", "-o", t.f("sig.persist"), t.f("msg"));
        t.run("tpm2_sign", "-c", t.f("sign.ctx"), "-g", "sha256", "-s", "rsassa", "-o", t.f("sig.ctx"), t.f("msg"));
        t.run("tpm2_verifysignature", "-c", "0x81000001", "-g", "sha256", "-s", t.f("sig.ctx"), "-m", t.f("msg"));
        t.runKeyDependent("tpm2_readpublic", "-c", "0x81000001");
        t.run("tpm2_readpublic", "-c", "0x81000000", "-f", "tss", "-o", t.f("prim.pub"));
        t.run("tpm2_readpublic", "-c", "0x81800000");
        t.runKeyDependent("tpm2_create", "-C", "0x81000000", "-G", "ecc256", "-u", t.f("child.pub"),
                "-r", t.f("child.priv"), "-c", t.f("child.ctx"));
        t.run("tpm2_sign", "-c", t.f("child.ctx"), "-g", "sha256", "-o", t.f("sig.child"), t.f("msg"));
        t.run("tpm2_getcap", "handles-transient");

        // Removed again, by the hierarchy that owns each.
        t.run("tpm2_evictcontrol", "-C", "o", "-c", "0x81800000");
        t.run("tpm2_evictcontrol", "-C", "p", "-c", "0x81800000");
        t.run("tpm2_evictcontrol", "-C", "o", "-c", "0x81000001");
        t.run("tpm2_sign", "-c", "0x81000001", "-g", "sha256", "-s", "rsassa", "-o", t.f("sig.gone"), t.f("msg"));
        t.run("tpm2_getcap", "handles-persistent");
        t.run("tpm2_getcap", "properties-variable");
    }

    @Test
    void ekCredentialActivationBehavesAsOnTheCSwtpm() throws Exception {
        try (Pair p = Pair.start(tmp)) {
            credentials(p.c);
            credentials(p.java);
            p.compare("EK credential activation", 16);
            assertThat(p.java.path("ek.pub")).as("the EK (from the shared endorsement seed)")
                    .hasSameBinaryContentAs(p.c.path("ek.pub"));
            for (ToolRunner t : p.both()) {
                assertThat(t.path("act.tpm")).as("%s: secret of the credential made by the TPM", t.emulator())
                        .hasContent(SECRET);
                assertThat(t.path("act.sw")).as("%s: secret of the credential made by tpm2-tools", t.emulator())
                        .hasContent(SECRET);
                assertThat(t.path("act.nopolicy")).as("%s: no secret without PolicySecret", t.emulator())
                        .satisfiesAnyOf(f -> assertThat(f).doesNotExist(), f -> assertThat(f).isEmptyFile());
            }

            // Each makes a credential for the other's AK; the other activates it.
            p.crossOver();
            for (ToolRunner t : p.both()) {
                t.run("tpm2_makecredential", "-u", t.f("ek.pub"), "-s", t.f("secret"), "-n", nameHex(t.o("ak.name")),
                        "-o", t.f("x.cred"));
            }
            for (ToolRunner t : p.both()) {
                activate(t, t.o("x.cred"), "x.act");
            }
            p.compare("credentials made by the other emulator", 5);
            for (ToolRunner t : p.both()) {
                assertThat(t.path("x.act")).as("%s activating the other's credential", t.emulator()).hasContent(SECRET);
            }
        }
    }

    private static void credentials(ToolRunner t) throws Exception {
        Files.writeString(t.path("secret"), SECRET);
        t.run("tpm2_createek", "-c", t.f("ek.ctx"), "-G", "rsa", "-u", t.f("ek.pub"));
        t.runKeyDependent("tpm2_createak", "-C", t.f("ek.ctx"), "-c", t.f("ak.ctx"), "-G", "rsa", "-g", "sha256",
                "-s", "rsassa", "-u", t.f("ak.pub"), "-n", t.f("ak.name"));
        String akName = nameHex(t.f("ak.name"));
        t.run("tpm2_makecredential", "-u", t.f("ek.pub"), "-s", t.f("secret"), "-n", akName, "-o", t.f("cred.tpm"));
        t.run("tpm2_makecredential", "-T", "none", "-u", t.f("ek.pub"), "-s", t.f("secret"), "-n", akName,
                "-o", t.f("cred.sw"));
        activate(t, t.f("cred.tpm"), "act.tpm");
        activate(t, t.f("cred.sw"), "act.sw");
        // Without PolicySecret the EK's policy is not met.
        t.run("tpm2_startauthsession", "--policy-session", "-S", t.f("sess.ctx"));
        t.run("tpm2_activatecredential", "-c", t.f("ak.ctx"), "-C", t.f("ek.ctx"), "-i", t.f("cred.tpm"),
                "-o", t.f("act.nopolicy"), "-P", "session:" + t.f("sess.ctx"));
        t.run("tpm2_flushcontext", t.f("sess.ctx"));
        t.run("tpm2_getcap", "handles-loaded-session");
    }

    /** The TCG flow: a policy session satisfying the EK's policy (PolicySecret with the endorsement hierarchy). */
    private static void activate(ToolRunner t, String credential, String out) throws Exception {
        t.run("tpm2_startauthsession", "--policy-session", "-S", t.f("sess.ctx"));
        t.run("tpm2_policysecret", "-S", t.f("sess.ctx"), "-c", "e");
        t.run("tpm2_activatecredential", "-c", t.f("ak.ctx"), "-C", t.f("ek.ctx"), "-i", credential,
                "-o", t.f(out), "-P", "session:" + t.f("sess.ctx"));
        t.run("tpm2_flushcontext", t.f("sess.ctx"));
    }

    private static String nameHex(String nameFile) throws Exception {
        return HexFormat.of().formatHex(Files.readAllBytes(Path.of(nameFile)));
    }

    @Test
    void duplicatedKeysImportOnBothImplementations() throws Exception {
        Path extKey = tmp.resolve("ext.key");
        assertThat(Launchers.run(List.of("openssl", "genrsa", "-out", extKey.toString(), "2048")).status())
                .as("openssl genrsa").isZero();
        Path msg = tmp.resolve("msg");
        Files.writeString(msg, "hello\n");
        Path extSig = tmp.resolve("ext.sig");
        assertThat(Launchers.run(List.of("openssl", "dgst", "-sha256", "-sign", extKey.toString(),
                "-out", extSig.toString(), msg.toString())).status()).as("openssl dgst -sign").isZero();
        try (Pair p = Pair.start(tmp)) {
            duplication(p.c, extKey);
            duplication(p.java, extKey);
            p.compare("duplicate and import", 30);
            for (String name : List.of("dup.policy", "ext.pub")) {
                assertThat(p.java.path(name)).as("%s written by the tools on swtpm-java and on the C swtpm", name)
                        .hasSameBinaryContentAs(p.c.path(name));
            }
            for (ToolRunner t : p.both()) {
                assertThat(t.path("sig.imp")).as("%s: the imported key signs as the original", t.emulator())
                        .hasSameBinaryContentAs(t.path("sig.dk"));
                assertThat(t.path("sig.inner")).as("%s: the key duplicated with an inner AES wrapper", t.emulator())
                        .hasSameBinaryContentAs(t.path("sig.dk"));
                assertThat(t.path("sig.ext")).as("%s: the imported openssl key signs as openssl", t.emulator())
                        .hasSameBinaryContentAs(extSig);
                assertThat(t.path("sig.sel")).as("%s: the key duplicated by PolicyDuplicationSelect", t.emulator())
                        .hasSameBinaryContentAs(t.path("sig.dk3"));
            }

            // Each duplicates its key to the other's new parent; the other imports and signs.
            p.crossOver();
            for (ToolRunner t : p.both()) {
                t.runKeyDependent("tpm2_loadexternal", "-C", "o", "-u", t.o("np.pub"), "-c", t.f("xnp.ctx"));
                t.run("tpm2_startauthsession", "--policy-session", "-S", t.f("ps.ctx"));
                t.run("tpm2_policycommandcode", "-S", t.f("ps.ctx"), "TPM2_CC_Duplicate");
                t.run("tpm2_duplicate", "-C", t.f("xnp.ctx"), "-c", t.f("dk.ctx"), "-G", "null",
                        "-p", "session:" + t.f("ps.ctx"), "-r", t.f("x.dup.priv"), "-s", t.f("x.dup.seed"));
                t.run("tpm2_flushcontext", t.f("ps.ctx"));
                t.run("tpm2_startauthsession", "--policy-session", "-S", t.f("ps.ctx"));
                t.run("tpm2_policycommandcode", "-S", t.f("ps.ctx"), "TPM2_CC_Duplicate");
                t.run("tpm2_duplicate", "-C", t.f("xnp.ctx"), "-c", t.f("dk.ctx"), "-G", "aes", "-o",
                        t.f("x.inner.key"), "-p", "session:" + t.f("ps.ctx"), "-r", t.f("x.dupi.priv"),
                        "-s", t.f("x.dupi.seed"));
                t.run("tpm2_flushcontext", t.f("ps.ctx"));
            }
            for (ToolRunner t : p.both()) {
                t.run("tpm2_import", "-C", t.f("np.ctx"), "-u", t.o("dk.pub"), "-i", t.o("x.dup.priv"),
                        "-s", t.o("x.dup.seed"), "-r", t.f("x.imp.priv"));
                t.runKeyDependent("tpm2_load", "-C", t.f("np.ctx"), "-u", t.o("dk.pub"), "-r", t.f("x.imp.priv"),
                        "-c", t.f("x.imp.ctx"));
                t.run("tpm2_sign", "-c", t.f("x.imp.ctx"), "-g", "sha256", "-s", "rsassa", "-o", t.f("x.sig"),
                        t.f("msg"));
                t.run("tpm2_import", "-C", t.f("np.ctx"), "-u", t.o("dk.pub"), "-i", t.o("x.dupi.priv"),
                        "-s", t.o("x.dupi.seed"), "-k", t.o("x.inner.key"), "-r", t.f("x.impi.priv"));
                t.runKeyDependent("tpm2_load", "-C", t.f("np.ctx"), "-u", t.o("dk.pub"), "-r", t.f("x.impi.priv"),
                        "-c", t.f("x.impi.ctx"));
                t.run("tpm2_sign", "-c", t.f("x.impi.ctx"), "-g", "sha256", "-s", "rsassa", "-o", t.f("x.sig.inner"),
                        t.f("msg"));
                // The openssl key as the other emulator imported it (its own random seed), under this primary.
                t.runKeyDependent("tpm2_load", "-C", t.f("prim.ctx"), "-u", t.o("ext.pub"), "-r", t.o("ext.priv"),
                        "-c", t.f("x.ext.ctx"));
                t.run("tpm2_sign", "-c", t.f("x.ext.ctx"), "-g", "sha256", "-s", "rsassa", "-f", "plain",
                        "-o", t.f("x.sig.ext"), t.f("msg"));
            }
            p.compare("importing the other emulator's duplicates", 12);
            for (ToolRunner t : p.both()) {
                assertThat(t.path("x.sig")).as("%s: the other's key, imported, signs as there", t.emulator())
                        .hasSameBinaryContentAs(Path.of(t.o("sig.dk")));
                assertThat(t.path("x.sig.inner")).as("%s: the other's key, with an inner wrapper, signs as there",
                        t.emulator()).hasSameBinaryContentAs(Path.of(t.o("sig.dk")));
                assertThat(t.path("x.sig.ext")).as("%s: the openssl key the other imported signs as openssl",
                        t.emulator()).hasSameBinaryContentAs(extSig);
            }
        }
    }

    private static void duplication(ToolRunner t, Path extKey) throws Exception {
        Files.writeString(t.path("msg"), "hello\n");
        t.run("tpm2_startauthsession", "-S", t.f("trial.ctx"));
        t.run("tpm2_policycommandcode", "-S", t.f("trial.ctx"), "-L", t.f("dup.policy"), "TPM2_CC_Duplicate");
        t.run("tpm2_flushcontext", t.f("trial.ctx"));
        t.run("tpm2_createprimary", "-C", "o", "-G", "rsa2048", "-g", "sha256", "-c", t.f("prim.ctx"));
        // The new parent: a storage key, of which the duplicating side only knows the public part.
        t.runKeyDependent("tpm2_create", "-C", t.f("prim.ctx"), "-G", "rsa2048", "-u", t.f("np.pub"),
                "-r", t.f("np.priv"), "-a", "decrypt|fixedparent|fixedtpm|restricted|sensitivedataorigin|userwithauth");
        t.runKeyDependent("tpm2_load", "-C", t.f("prim.ctx"), "-u", t.f("np.pub"), "-r", t.f("np.priv"),
                "-c", t.f("np.ctx"));
        t.runKeyDependent("tpm2_create", "-C", t.f("prim.ctx"), "-G", "rsa2048", "-u", t.f("dk.pub"),
                "-r", t.f("dk.priv"), "-L", t.f("dup.policy"), "-a", "sensitivedataorigin|userwithauth|decrypt|sign");
        t.runKeyDependent("tpm2_load", "-C", t.f("prim.ctx"), "-u", t.f("dk.pub"), "-r", t.f("dk.priv"),
                "-c", t.f("dk.ctx"));
        t.run("tpm2_sign", "-c", t.f("dk.ctx"), "-g", "sha256", "-s", "rsassa", "-o", t.f("sig.dk"), t.f("msg"));
        t.runKeyDependent("tpm2_loadexternal", "-C", "o", "-u", t.f("np.pub"), "-c", t.f("npx.ctx"));

        t.run("tpm2_duplicate", "-C", t.f("npx.ctx"), "-c", t.f("dk.ctx"), "-G", "null",
                "-r", t.f("dup.nosess"), "-s", t.f("seed.nosess"));
        t.run("tpm2_startauthsession", "--policy-session", "-S", t.f("ps.ctx"));
        t.run("tpm2_policycommandcode", "-S", t.f("ps.ctx"), "TPM2_CC_Duplicate");
        t.run("tpm2_duplicate", "-C", t.f("npx.ctx"), "-c", t.f("dk.ctx"), "-G", "null",
                "-p", "session:" + t.f("ps.ctx"), "-r", t.f("dup.priv"), "-s", t.f("dup.seed"));
        t.run("tpm2_flushcontext", t.f("ps.ctx"));
        t.run("tpm2_import", "-C", t.f("np.ctx"), "-u", t.f("dk.pub"), "-i", t.f("dup.priv"), "-s", t.f("dup.seed"),
                "-r", t.f("imp.priv"));
        t.runKeyDependent("tpm2_load", "-C", t.f("np.ctx"), "-u", t.f("dk.pub"), "-r", t.f("imp.priv"),
                "-c", t.f("imp.ctx"));
        t.run("tpm2_sign", "-c", t.f("imp.ctx"), "-g", "sha256", "-s", "rsassa", "-o", t.f("sig.imp"), t.f("msg"));

        // With an inner wrapper: an AES key tpm2-tools chooses, given to the importer.
        t.run("tpm2_startauthsession", "--policy-session", "-S", t.f("ps.ctx"));
        t.run("tpm2_policycommandcode", "-S", t.f("ps.ctx"), "TPM2_CC_Duplicate");
        t.run("tpm2_duplicate", "-C", t.f("npx.ctx"), "-c", t.f("dk.ctx"), "-G", "aes", "-o", t.f("inner.key"),
                "-p", "session:" + t.f("ps.ctx"), "-r", t.f("dupi.priv"), "-s", t.f("dupi.seed"));
        t.run("tpm2_flushcontext", t.f("ps.ctx"));
        t.run("tpm2_import", "-C", t.f("np.ctx"), "-u", t.f("dk.pub"), "-i", t.f("dupi.priv"), "-s", t.f("dupi.seed"),
                "-k", t.f("inner.key"), "-r", t.f("impi.priv"));
        t.runKeyDependent("tpm2_load", "-C", t.f("np.ctx"), "-u", t.f("dk.pub"), "-r", t.f("impi.priv"),
                "-c", t.f("impi.ctx"));
        t.run("tpm2_sign", "-c", t.f("impi.ctx"), "-g", "sha256", "-s", "rsassa", "-o", t.f("sig.inner"), t.f("msg"));

        // An openssl key, wrapped by tpm2-tools for the primary and imported.
        t.run("tpm2_import", "-C", t.f("prim.ctx"), "-G", "rsa", "-i", extKey.toString(), "-u", t.f("ext.pub"),
                "-r", t.f("ext.priv"));
        t.run("tpm2_load", "-C", t.f("prim.ctx"), "-u", t.f("ext.pub"), "-r", t.f("ext.priv"), "-c", t.f("ext.ctx"));
        t.run("tpm2_sign", "-c", t.f("ext.ctx"), "-g", "sha256", "-s", "rsassa", "-f", "plain", "-o", t.f("sig.ext"),
                t.f("msg"));

        // PolicyDuplicationSelect: the key may go to this new parent only.
        t.runKeyDependent("tpm2_readpublic", "-c", t.f("npx.ctx"), "-n", t.f("np.name"));
        t.run("tpm2_startauthsession", "-S", t.f("trial.ctx"));
        t.runKeyDependent("tpm2_policyduplicationselect", "-S", t.f("trial.ctx"), "-N", t.f("np.name"),
                "-L", t.f("sel.policy"));
        t.run("tpm2_flushcontext", t.f("trial.ctx"));
        t.runKeyDependent("tpm2_create", "-C", t.f("prim.ctx"), "-G", "rsa2048", "-u", t.f("dk3.pub"),
                "-r", t.f("dk3.priv"), "-L", t.f("sel.policy"), "-a", "sensitivedataorigin|userwithauth|decrypt|sign");
        t.runKeyDependent("tpm2_load", "-C", t.f("prim.ctx"), "-u", t.f("dk3.pub"), "-r", t.f("dk3.priv"),
                "-c", t.f("dk3.ctx"));
        t.runKeyDependent("tpm2_readpublic", "-c", t.f("dk3.ctx"), "-n", t.f("dk3.name"));
        t.run("tpm2_sign", "-c", t.f("dk3.ctx"), "-g", "sha256", "-s", "rsassa", "-o", t.f("sig.dk3"), t.f("msg"));
        t.run("tpm2_startauthsession", "--policy-session", "-S", t.f("ps.ctx"));
        t.runKeyDependent("tpm2_policyduplicationselect", "-S", t.f("ps.ctx"), "-N", t.f("np.name"),
                "-n", t.f("dk3.name"));
        t.run("tpm2_duplicate", "-C", t.f("npx.ctx"), "-c", t.f("dk3.ctx"), "-G", "null",
                "-p", "session:" + t.f("ps.ctx"), "-r", t.f("sel.priv"), "-s", t.f("sel.seed"));
        t.run("tpm2_flushcontext", t.f("ps.ctx"));
        t.run("tpm2_import", "-C", t.f("np.ctx"), "-u", t.f("dk3.pub"), "-i", t.f("sel.priv"), "-s", t.f("sel.seed"),
                "-r", t.f("sel.imp.priv"));
        t.runKeyDependent("tpm2_load", "-C", t.f("np.ctx"), "-u", t.f("dk3.pub"), "-r", t.f("sel.imp.priv"),
                "-c", t.f("sel.ctx"));
        t.run("tpm2_sign", "-c", t.f("sel.ctx"), "-g", "sha256", "-s", "rsassa", "-o", t.f("sig.sel"), t.f("msg"));
        t.run("tpm2_getcap", "handles-loaded-session");
    }

    /** The two emulators on copies of one C-made state, and the comparison of their logs. */
    private static final class Pair implements AutoCloseable {
        final ToolRunner c;
        final ToolRunner java;

        private Pair(ToolRunner c, ToolRunner java) {
            this.c = c;
            this.java = java;
        }

        static Pair start(Path tmp) throws Exception {
            Path base = tmp.resolve("base");
            ToolRunner.manufactureWithC(base);
            StateDirInteropIT.copyStateDir(base.resolve("state"), tmp.resolve("c/state"));
            StateDirInteropIT.copyStateDir(base.resolve("state"), tmp.resolve("java/state"));
            ToolRunner c = ToolRunner.start(Emulator.C, tmp.resolve("c"));
            try {
                return new Pair(c, ToolRunner.start(Emulator.JAVA, tmp.resolve("java")));
            } catch (Exception | Error e) {
                c.close();
                throw e;
            }
        }

        List<ToolRunner> both() {
            return List.of(c, java);
        }

        /** From now on each sees the other's directory as {@code <other>}. */
        void crossOver() {
            c.setOther(java.path(".").normalize());
            java.setOther(c.path(".").normalize());
        }

        /**
         * The C swtpm ran at least {@code minSteps} steps with success but where failure is expected
         * (so the comparison is not vacuous), and swtpm-java's outcomes are the C swtpm's; the logs are
         * then cleared for the next phase.
         */
        void compare(String what, int minSteps) {
            assertThat(c.log()).as("the C swtpm ran the %s steps", what).hasSizeGreaterThanOrEqualTo(minSteps);
            for (Outcome o : c.log()) {
                assertThat(o.status()).as("C swtpm: %s\n%s", o.command(), o.stderr())
                        .isEqualTo(EXPECTED_FAILURES.getOrDefault(masked(o.command()), 0));
            }
            assertThat(java.log()).as(what).hasSameSizeAs(c.log());
            for (int i = 0; i < c.log().size(); i++) {
                Outcome expected = c.log().get(i);
                assertThat(masked(java.log().get(i))).as("%s, step %d: %s", what, i, expected.command())
                        .isEqualTo(masked(expected));
            }
            c.log().clear();
            java.log().clear();
        }

        /** Names in hex on the command line (tpm2_makecredential -n) are key material. */
        private static Outcome masked(Outcome o) {
            return new Outcome(masked(o.command()), o.status(), o.stdout(), o.stderr());
        }

        private static String masked(String command) {
            return command.replaceAll("[0-9a-f]{40,}", "<name>");
        }

        @Override
        public void close() throws Exception {
            try {
                c.close();
            } finally {
                java.close();
            }
        }
    }
}
