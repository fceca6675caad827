package org.swtpmjava.tpm.differential;

import static org.swtpmjava.tpm.TestBytes.command;
import static org.swtpmjava.tpm.differential.DifferentialCommands.NO_SESSIONS;
import static org.swtpmjava.tpm.differential.DifferentialCommands.SESSIONS;
import static org.swtpmjava.tpm.differential.DifferentialCommands.sessions;
import static org.swtpmjava.tpm.differential.EvictControlDifferentialTest.evictControl;
import static org.swtpmjava.tpm.differential.ObjectTemplates.ENDORSEMENT;
import static org.swtpmjava.tpm.differential.ObjectTemplates.OWNER;
import static org.swtpmjava.tpm.differential.ObjectTemplates.PLATFORM;
import static org.swtpmjava.tpm.differential.ObjectTemplates.SIGNING_ATTRIBUTES;
import static org.swtpmjava.tpm.differential.ObjectTemplates.createPrimary;
import static org.swtpmjava.tpm.differential.ObjectTemplates.flush;
import static org.swtpmjava.tpm.differential.ObjectTemplates.readPublic;
import static org.swtpmjava.tpm.differential.SwtpmBootDifferentialTest.PW;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swtpmjava.tpm.FixedEntropy;

/**
 * The order in which the handle area is checked, against the C swtpm with the same fixed entropy:
 * libtpms' ExecuteCommand first unmarshals every handle (the TPMI_* type checks, TPM_RC_VALUE and
 * TPM_RC_INSUFFICIENT with the handle's number) and only then checks that each names a loaded,
 * enabled entity (EntityGetLoadStatus: TPM_RC_REFERENCE_H0+n, TPM_RC_HANDLE, TPM_RC_HIERARCHY,
 * TPM_RC_OBJECT_MEMORY, loading persistent objects). Commands with two and three handles, several
 * bad in different ways: empty transient slots, missing persistent objects, undefined NV indices,
 * sessions of the wrong kind or not loaded, vendor authorization handles, a bad PCR, a flushed
 * context, full object slots and disabled hierarchies. Every answer byte for byte.
 */
class HandleOrderDifferentialTest {
    private static final String HMAC_KEY = ObjectTemplates.keyedHash(0xB, SIGNING_ATTRIBUTES | 0x400, "",
            "0005 000b", "");
    private static final String LOADED = "80000000";
    private static final String EMPTY_1 = "80000001";
    private static final String EMPTY_2 = "80000002";
    /** A transient handle beyond TRANSIENT_LAST: not a TPMI_DH_OBJECT. */
    private static final String BEYOND_SLOTS = "80000005";
    private static final String OWNER_PERSISTENT = "81000001";
    /** An endorsement object at an owner persistent handle. */
    private static final String ENDORSEMENT_PERSISTENT = "81010001";
    private static final String NO_PERSISTENT = "81000099";
    private static final String INDEX = "01000001";
    private static final String NO_INDEX = "01000009";
    /** The HMAC session (first session slot). */
    private static final String HMAC_SESSION = "02000000";
    /** The policy session (second session slot). */
    private static final String POLICY_SESSION = "03000001";
    /** A policy handle at the HMAC session's slot. */
    private static final String POLICY_AT_HMAC = "03000000";
    private static final String NO_POLICY_SESSION = "03000005";
    private static final String NULL = "40000007";
    /** TPM_RH_AUTH_00: TPMI_DH_ENTITY accepts it, EntityGetLoadStatus does not. */
    private static final String AUTH_00 = "40000010";
    /** TPM_RH_PLATFORM_NV: no TPMI_DH_ENTITY. */
    private static final String PLATFORM_NV = "4000000d";
    private static final String BAD_PCR = "00000018";

    private static final int CERTIFY = 0x148;
    private static final int DUPLICATE = 0x14B;
    private static final int REWRAP = 0x152;
    private static final int IMPORT = 0x156;
    private static final int ACTIVATE_CREDENTIAL = 0x147;
    private static final int POLICY_SECRET = 0x151;
    private static final int POLICY_SIGNED = 0x160;
    private static final int POLICY_NV = 0x149;
    private static final int NV_READ = 0x14E;
    private static final int NV_CERTIFY = 0x184;
    private static final int NV_UNDEFINE_SPACE_SPECIAL = 0x11F;
    private static final int EVICT_CONTROL = 0x120;
    private static final int HIERARCHY_CHANGE_AUTH = 0x129;
    private static final int PCR_EXTEND = 0x182;
    private static final int CONTEXT_SAVE = 0x162;
    private static final int START_AUTH_SESSION = 0x176;

    private static Path preload;

    @BeforeAll
    static void buildPreloadLibrary() throws IOException, InterruptedException {
        preload = RandBytesPreload.shared();
    }

    /** A command with the given handle area, a password session and no parameters. */
    private static byte[] withHandles(int code, String... handles) {
        return command(SESSIONS, code, String.join("", handles) + sessions(PW));
    }

    private static byte[] withHandlesNoSessions(int code, String... handles) {
        return command(NO_SESSIONS, code, String.join("", handles));
    }

    /** StartAuthSession, unbound and unsalted, SHA-256; the answer is recorded without the nonce. */
    private static void startSession(Transcript t, String label, int type) {
        t.send(label, command(NO_SESSIONS, START_AUTH_SESSION, "40000007 40000007 0010" + "00".repeat(16)
                + String.format("0000 %02x 0010 000b", type)), r -> Arrays.copyOf(r, Math.min(r.length, 14)));
    }

    private static byte[] hierarchyControl(String enable) {
        return command(SESSIONS, 0x121, PLATFORM + sessions(PW) + enable + "00");
    }

    private static byte[] defineIndex() {
        String area = INDEX + "000b" + "00060006" + "0000" + "0020";
        return command(SESSIONS, 0x12A, OWNER + sessions(PW) + "0000" + String.format("%04x", area.length() / 2)
                + area);
    }

    @Test
    void allHandlesAreUnmarshalledBeforeAnyIsLookedUp() {
        DifferentialRunner.compare(t -> {
            t.send("Startup", command(NO_SESSIONS, 0x144, "0000"));
            t.send("CreatePrimary HMAC key (owner)", createPrimary(OWNER, HMAC_KEY));
            t.send("EvictControl to 81000001", evictControl(OWNER, 0x80000000, 0x81000001));
            t.send("CreatePrimary HMAC key (endorsement)", createPrimary(ENDORSEMENT, HMAC_KEY));
            t.send("EvictControl to 81010001", evictControl(OWNER, 0x80000001, 0x81010001));
            t.send("FlushContext 80000001", flush(0x80000001));
            t.send("NV_DefineSpace", defineIndex());
            startSession(t, "StartAuthSession HMAC", 0x00);
            startSession(t, "StartAuthSession policy", 0x01);

            // two objects
            t.send("Certify: empty slot, owner", withHandles(CERTIFY, EMPTY_1, OWNER));
            t.send("Certify: missing persistent, beyond the slots",
                    withHandles(CERTIFY, NO_PERSISTENT, BEYOND_SLOTS));
            t.send("Certify: empty slot, missing persistent", withHandles(CERTIFY, EMPTY_1, NO_PERSISTENT));
            t.send("Certify: missing persistent, empty slot", withHandles(CERTIFY, NO_PERSISTENT, EMPTY_2));
            t.send("Certify: loaded, empty slot", withHandles(CERTIFY, LOADED, EMPTY_2));
            t.send("Certify: persistent, NV index", withHandles(CERTIFY, OWNER_PERSISTENT, INDEX));
            t.send("Certify: NV index, empty slot", withHandles(CERTIFY, INDEX, EMPTY_1));
            t.send("Certify: session, empty slot", withHandles(CERTIFY, HMAC_SESSION, EMPTY_1));
            t.send("Certify: empty slot, truncated second handle",
                    command(NO_SESSIONS, CERTIFY, EMPTY_1 + "8000"));
            t.send("Certify: missing persistent, truncated second handle",
                    command(NO_SESSIONS, CERTIFY, NO_PERSISTENT + "81"));
            t.send("Duplicate: empty slot, owner", withHandles(DUPLICATE, EMPTY_1, OWNER));
            t.send("Duplicate: missing persistent, null", withHandles(DUPLICATE, NO_PERSISTENT, NULL));
            t.send("Rewrap: empty slot, NV index", withHandles(REWRAP, EMPTY_2, INDEX));
            t.send("Rewrap: null, missing persistent", withHandles(REWRAP, NULL, NO_PERSISTENT));
            t.send("Import: owner", withHandles(IMPORT, OWNER));
            t.send("Import: empty slot", withHandles(IMPORT, EMPTY_1));
            t.send("ActivateCredential: missing persistent, platform",
                    withHandles(ACTIVATE_CREDENTIAL, NO_PERSISTENT, PLATFORM));
            t.send("ActivateCredential: HMAC session, empty slot",
                    withHandles(ACTIVATE_CREDENTIAL, HMAC_SESSION, EMPTY_1));
            t.send("ActivateCredential: empty slot, empty slot",
                    withHandles(ACTIVATE_CREDENTIAL, EMPTY_1, EMPTY_2));

            // entity and policy session
            t.send("PolicySecret: empty slot, HMAC session", withHandles(POLICY_SECRET, EMPTY_1, HMAC_SESSION));
            t.send("PolicySecret: TPM_RH_AUTH_00, unloaded policy session",
                    withHandles(POLICY_SECRET, AUTH_00, NO_POLICY_SESSION));
            t.send("PolicySecret: TPM_RH_AUTH_00, policy session", withHandles(POLICY_SECRET, AUTH_00, POLICY_SESSION));
            t.send("PolicySecret: undefined index, object", withHandles(POLICY_SECRET, NO_INDEX, LOADED));
            t.send("PolicySecret: empty slot, unloaded policy session",
                    withHandles(POLICY_SECRET, EMPTY_1, NO_POLICY_SESSION));
            t.send("PolicySecret: owner, unloaded policy session",
                    withHandles(POLICY_SECRET, OWNER, NO_POLICY_SESSION));
            t.send("PolicySecret: owner, policy handle of the HMAC session",
                    withHandles(POLICY_SECRET, OWNER, POLICY_AT_HMAC));
            t.send("PolicySecret: missing persistent, platform NV",
                    withHandles(POLICY_SECRET, NO_PERSISTENT, PLATFORM_NV));
            t.send("PolicySecret: PCR 23, HMAC session", withHandles(POLICY_SECRET, "00000017", HMAC_SESSION));
            t.send("PolicySecret: PCR 24, unloaded policy session",
                    withHandles(POLICY_SECRET, BAD_PCR, NO_POLICY_SESSION));
            t.send("PolicySigned: empty slot, HMAC session", withHandles(POLICY_SIGNED, EMPTY_1, HMAC_SESSION));

            // NV
            t.send("NV_Read: undefined index, owner", withHandles(NV_READ, NO_INDEX, OWNER));
            t.send("NV_Read: owner, undefined index", withHandles(NV_READ, OWNER, NO_INDEX));
            t.send("NV_Read: undefined index, index", withHandles(NV_READ, NO_INDEX, INDEX));
            t.send("NV_Read: endorsement, undefined index", withHandles(NV_READ, ENDORSEMENT, NO_INDEX));
            t.send("NV_Read: empty slot, undefined index", withHandles(NV_READ, EMPTY_1, NO_INDEX));
            t.send("PolicyNV: undefined index, index, object",
                    withHandles(POLICY_NV, NO_INDEX, INDEX, LOADED));
            t.send("PolicyNV: owner, undefined index, unloaded policy session",
                    withHandles(POLICY_NV, OWNER, NO_INDEX, NO_POLICY_SESSION));
            t.send("PolicyNV: owner, index, HMAC session", withHandles(POLICY_NV, OWNER, INDEX, HMAC_SESSION));
            t.send("PolicyNV: undefined index, undefined index, HMAC session",
                    withHandles(POLICY_NV, NO_INDEX, NO_INDEX, HMAC_SESSION));
            t.send("PolicyNV: owner, index, policy handle of the HMAC session",
                    withHandles(POLICY_NV, OWNER, INDEX, POLICY_AT_HMAC));
            t.send("NV_Certify: empty slot, owner, owner", withHandles(NV_CERTIFY, EMPTY_1, OWNER, OWNER));
            t.send("NV_Certify: missing persistent, undefined index, index",
                    withHandles(NV_CERTIFY, NO_PERSISTENT, NO_INDEX, INDEX));
            t.send("NV_Certify: null, undefined index, index", withHandles(NV_CERTIFY, NULL, NO_INDEX, INDEX));
            t.send("NV_Certify: empty slot, undefined index, PCR 0",
                    withHandles(NV_CERTIFY, EMPTY_1, NO_INDEX, "00000000"));
            t.send("NV_UndefineSpaceSpecial: undefined index, owner",
                    withHandles(NV_UNDEFINE_SPACE_SPECIAL, NO_INDEX, OWNER));

            // hierarchies, PCRs, contexts, sessions
            t.send("EvictControl: owner, owner", withHandles(EVICT_CONTROL, OWNER, OWNER));
            t.send("EvictControl: platform, empty slot", withHandles(EVICT_CONTROL, PLATFORM, EMPTY_1));
            t.send("EvictControl: endorsement, empty slot", withHandles(EVICT_CONTROL, ENDORSEMENT, EMPTY_1));
            t.send("HierarchyChangeAuth: null", withHandles(HIERARCHY_CHANGE_AUTH, NULL));
            t.send("PCR_Extend: PCR 24", withHandles(PCR_EXTEND, BAD_PCR));
            t.send("PCR_Extend: owner", withHandles(PCR_EXTEND, OWNER));
            t.send("ContextSave: flushed object", withHandlesNoSessions(CONTEXT_SAVE, EMPTY_1));
            t.send("ContextSave: persistent object", withHandlesNoSessions(CONTEXT_SAVE, OWNER_PERSISTENT));
            t.send("ContextSave: unloaded policy session", withHandlesNoSessions(CONTEXT_SAVE, NO_POLICY_SESSION));
            t.send("StartAuthSession: empty slot, TPM_RH_AUTH_00",
                    withHandlesNoSessions(START_AUTH_SESSION, EMPTY_1, AUTH_00));
            t.send("StartAuthSession: empty slot, platform NV",
                    withHandlesNoSessions(START_AUTH_SESSION, EMPTY_1, PLATFORM_NV));
            t.send("StartAuthSession: null, TPM_RH_AUTH_00", withHandlesNoSessions(START_AUTH_SESSION, NULL, AUTH_00));

            // all object slots in use: a persistent copy finds no slot
            t.send("CreatePrimary 80000001", createPrimary(OWNER, HMAC_KEY));
            t.send("CreatePrimary 80000002", createPrimary(OWNER, HMAC_KEY));
            t.send("Certify: persistent without a slot, owner", withHandles(CERTIFY, OWNER_PERSISTENT, OWNER));
            t.send("Certify: persistent without a slot, missing persistent",
                    withHandles(CERTIFY, OWNER_PERSISTENT, NO_PERSISTENT));
            t.send("Certify: loaded, persistent without a slot", withHandles(CERTIFY, LOADED, OWNER_PERSISTENT));
            t.send("FlushContext 80000001 again", flush(0x80000001));
            t.send("FlushContext 80000002", flush(0x80000002));
            t.send("Certify: persistent, missing persistent", withHandles(CERTIFY, OWNER_PERSISTENT, NO_PERSISTENT));
            t.send("ReadPublic 80000001 (the copy is gone)", readPublic(0x80000001));

            // disabled hierarchies
            t.send("HierarchyControl: owner off", hierarchyControl(OWNER));
            t.send("Certify: owner persistent, owner", withHandles(CERTIFY, OWNER_PERSISTENT, OWNER));
            t.send("Certify: owner persistent, empty slot", withHandles(CERTIFY, OWNER_PERSISTENT, EMPTY_2));
            t.send("NV_Read: owner, null", withHandles(NV_READ, OWNER, NULL));
            t.send("NV_Read: owner, index", withHandles(NV_READ, OWNER, INDEX));
            t.send("NV_Read: index, index", withHandles(NV_READ, INDEX, INDEX));
            t.send("NV_Read: platform, index", withHandles(NV_READ, PLATFORM, INDEX));
            t.send("PolicySecret: owner, HMAC session", withHandles(POLICY_SECRET, OWNER, HMAC_SESSION));
            t.send("PolicySecret: owner, policy session", withHandles(POLICY_SECRET, OWNER, POLICY_SESSION));
            t.send("EvictControl: owner, owner (disabled)", withHandles(EVICT_CONTROL, OWNER, OWNER));
            t.send("EvictControl: owner, owner persistent", withHandles(EVICT_CONTROL, OWNER, OWNER_PERSISTENT));
            t.send("HierarchyChangeAuth: owner", withHandles(HIERARCHY_CHANGE_AUTH, OWNER));
            t.send("HierarchyControl: endorsement off", hierarchyControl(ENDORSEMENT));
            t.send("Certify: endorsement persistent, owner", withHandles(CERTIFY, ENDORSEMENT_PERSISTENT, OWNER));
            t.send("EvictControl: platform, endorsement persistent",
                    withHandles(EVICT_CONTROL, PLATFORM, ENDORSEMENT_PERSISTENT));
            t.send("PolicySecret: endorsement, HMAC session",
                    withHandles(POLICY_SECRET, ENDORSEMENT, HMAC_SESSION));
            t.send("PolicySecret: endorsement, policy session",
                    withHandles(POLICY_SECRET, ENDORSEMENT, POLICY_SESSION));
            t.send("GetTime: endorsement, owner", withHandles(0x14C, ENDORSEMENT, OWNER));
            t.send("GetTime: endorsement, empty slot", withHandles(0x14C, ENDORSEMENT, EMPTY_1));
            t.send("ReadPublic 80000001 (no copy left)", readPublic(0x80000001));
        }, FixedEntropy::new, preload);
    }

}
