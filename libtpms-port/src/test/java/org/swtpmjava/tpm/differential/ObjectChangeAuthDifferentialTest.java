package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.password;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.keyedHash;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;
import static org.swtpmjava.tpm.differential.ObjectTemplates.sized;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;
import org.swtpmjava.tpm.TestBytes;

/**
 * TPM2_ObjectChangeAuth with the same entropy on both sides: the new outPrivate byte for byte,
 * loaded and used with the new password (the loaded original keeps the old one), and libtpms'
 * codes for a wrong parent, a sequence object, newAuth sizes, authorization errors and a
 * derived object.
 */
class ObjectChangeAuthDifferentialTest {
    private static final int NO_SESSIONS = 0x8001;
    private static final int FIRST = 0x80000000;
    private static final String DIGEST = "5a".repeat(32);
    /** HMAC key: fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, noDA, sign. */
    private static final String HMAC_KEY = keyedHash(0xB, 0x00040472, "", "0005 000b", "");
    private static final String NULL_TICKET = "8024 40000007 0000";

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    static byte[] changeAuth(int object, int parent, String session, String newAuth) {
        return command(DifferentialCommands.SESSIONS, 0x150, String.format("%08x%08x", object, parent)
                + sessions(session) + sized(newAuth));
    }

    /** The TPM2B_PRIVATE of a successful ObjectChangeAuth response. */
    private static String outPrivate(byte[] response) {
        return TestBytes.hex(java.util.Arrays.copyOfRange(response, 14, response.length - 5));
    }

    private static byte[] hmac(int key, String passwordHex) {
        return SignatureDifferentialTest.sign(key, password(0, passwordHex), DIGEST, "0010", NULL_TICKET);
    }

    @Test
    void newPrivateLoadsAndTakesTheNewPassword() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary ECC SRK", createPrimary(OWNER, ObjectTemplates.SRK_ECC_TOOLS));
            byte[] created = t.send("Create HMAC key", ObjectCreateLoadDifferentialTest.create(FIRST, PW, "aa", "",
                    HMAC_KEY, "", "00000000"));
            String[] blobs = ObjectCreateLoadDifferentialTest.privateAndPublic(created);
            t.send("Load HMAC key", ObjectCreateLoadDifferentialTest.load(FIRST, PW, blobs[0], blobs[1]));
            byte[] changed = t.send("ObjectChangeAuth", changeAuth(FIRST + 1, FIRST, password(0, "aa"), "31323334"));
            t.send("HMAC with the old password", hmac(FIRST + 1, "aa"));
            t.send("Load the new private", ObjectCreateLoadDifferentialTest.load(FIRST, PW, outPrivate(changed),
                    blobs[1]));
            t.send("HMAC with the new password", hmac(FIRST + 2, "31323334"));
            t.send("HMAC with the old password on the new", hmac(FIRST + 2, "aa"));
            t.send("ObjectChangeAuth with trailing zeros", changeAuth(FIRST + 2, FIRST, password(0, "31323334"),
                    "11".repeat(32) + "0000"));
            t.send("ObjectChangeAuth newAuth too long", changeAuth(FIRST + 2, FIRST, password(0, "31323334"),
                    "11".repeat(33)));
            t.send("ObjectChangeAuth wrong parent", changeAuth(FIRST + 2, FIRST + 1, password(0, "31323334"), "01"));
            t.send("ObjectChangeAuth parent is itself", changeAuth(FIRST + 2, FIRST + 2, password(0, "31323334"),
                    "01"));
            t.send("ObjectChangeAuth wrong password", changeAuth(FIRST + 2, FIRST, password(0, "aa"), "01"));
            t.send("ObjectChangeAuth absent parent", changeAuth(FIRST + 1, 0x80000003, password(0, "aa"), "01"));
            t.send("ObjectChangeAuth hierarchy as parent", changeAuth(FIRST + 1, 0x40000001, password(0, "aa"), "01"));
            t.send("ObjectChangeAuth of the SRK under itself", changeAuth(FIRST, FIRST, PW, "01"));
            t.send("FlushContext", flush(FIRST + 2));
            t.send("FlushContext", flush(FIRST + 1));
            t.send("HashSequenceStart", SwtpmSequenceDifferentialTest.start("", 0xB));
            t.send("ObjectChangeAuth of a sequence", changeAuth(FIRST + 1, FIRST, PW, "01"));
            t.send("ObjectChangeAuth with a sequence as parent", changeAuth(FIRST, FIRST + 1, PW, "01"));
            t.send("FlushContext", flush(FIRST + 1));
            byte[] withPolicy = t.send("Create HMAC key with adminWithPolicy", ObjectCreateLoadDifferentialTest.create(
                    FIRST, keyedHash(0xB, 0x000404F2, "", "0005 000b", "")));
            String[] policyBlobs = ObjectCreateLoadDifferentialTest.privateAndPublic(withPolicy);
            t.send("Load it", ObjectCreateLoadDifferentialTest.load(FIRST, PW, policyBlobs[0], policyBlobs[1]));
            t.send("ObjectChangeAuth with a password", changeAuth(FIRST + 1, FIRST, PW, "01"));
            t.send("FlushContext", flush(FIRST + 1));
            byte[] sha1 = t.send("Create sealed data, nameAlg SHA-1", ObjectCreateLoadDifferentialTest.create(FIRST, PW,
                    "", "0102", keyedHash(0x4, 0x00000452, "", "0010", ""), "", "00000000"));
            String[] sha1Blobs = ObjectCreateLoadDifferentialTest.privateAndPublic(sha1);
            t.send("Load it", ObjectCreateLoadDifferentialTest.load(FIRST, PW, sha1Blobs[0], sha1Blobs[1]));
            t.send("ObjectChangeAuth, newAuth of 21 bytes", changeAuth(FIRST + 1, FIRST, PW, "11".repeat(21)));
            byte[] sealedChanged = t.send("ObjectChangeAuth, newAuth of 20 bytes", changeAuth(FIRST + 1, FIRST, PW,
                    "11".repeat(20)));
            t.send("FlushContext", flush(FIRST + 1));
            t.send("Load the new private", ObjectCreateLoadDifferentialTest.load(FIRST, PW, outPrivate(sealedChanged),
                    sha1Blobs[1]));
            t.send("Unseal with the new password", ObjectCreateLoadDifferentialTest.unseal(FIRST + 1,
                    password(0, "11".repeat(20))));
            t.send("ReadPublic", readPublic(FIRST + 1));
        }, FixedEntropy::new, preload);
    }

    @Test
    void childrenOfCreateLoadedAndDerivedObjects() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreateLoaded storage key", CreateLoadedDifferentialTest.createLoaded(0x40000001,
                    ObjectTemplates.SRK_ECC_TOOLS));
            t.send("CreateLoaded HMAC key under it", CreateLoadedDifferentialTest.createLoaded(FIRST, PW, "aa", "",
                    HMAC_KEY));
            t.send("ObjectChangeAuth", changeAuth(FIRST + 1, FIRST, password(0, "aa"), "bb"));
            t.send("ObjectChangeAuth of the primary under the hierarchy", changeAuth(FIRST, 0x40000001, PW, "bb"));
            t.send("FlushContext", flush(FIRST + 1));
            t.send("FlushContext", flush(FIRST));
            t.send("CreatePrimary derivation parent", createPrimary(OWNER,
                    CreateLoadedDifferentialTest.DERIVATION_PARENT));
            t.send("CreateLoaded derived HMAC key", CreateLoadedDifferentialTest.createLoaded(FIRST, PW, "aa", "",
                    CreateLoadedDifferentialTest.derive(keyedHash(0xB, 0x00040452, "", "0005 000b", ""), "01", "02")));
            t.send("ObjectChangeAuth of the derived key", changeAuth(FIRST + 1, FIRST, password(0, "aa"), "bb"));
        }, FixedEntropy::new, preload);
    }
}
