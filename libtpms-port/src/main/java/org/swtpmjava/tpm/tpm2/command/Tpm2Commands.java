package org.swtpmjava.tpm.tpm2.command;

import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.DECRYPT_2;
import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.ENCRYPT_2;
import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.EXTENSIVE;
import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.FLUSHED;
import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.NO_SESSIONS;
import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.NV;
import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.PP_REQUIRED;
import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.R_HANDLE;
import static org.swtpmjava.tpm.tpm2.exec.CommandRow.withHandle;
import static org.swtpmjava.tpm.tpm2.exec.CommandRow.withoutHandles;

import java.util.EnumSet;
import java.util.List;
import org.swtpmjava.tpm.tpm2.command.asymmetric.Commit;
import org.swtpmjava.tpm.tpm2.command.asymmetric.EcEphemeral;
import org.swtpmjava.tpm.tpm2.command.asymmetric.EccParameters;
import org.swtpmjava.tpm.tpm2.command.asymmetric.EcdhKeyGen;
import org.swtpmjava.tpm.tpm2.command.asymmetric.EcdhZGen;
import org.swtpmjava.tpm.tpm2.command.asymmetric.RsaDecrypt;
import org.swtpmjava.tpm.tpm2.command.asymmetric.RsaEncrypt;
import org.swtpmjava.tpm.tpm2.command.asymmetric.ZGen2Phase;
import org.swtpmjava.tpm.tpm2.command.attestation.Certify;
import org.swtpmjava.tpm.tpm2.command.attestation.CertifyCreation;
import org.swtpmjava.tpm.tpm2.command.attestation.CertifyX509;
import org.swtpmjava.tpm.tpm2.command.attestation.GetCommandAuditDigest;
import org.swtpmjava.tpm.tpm2.command.attestation.GetSessionAuditDigest;
import org.swtpmjava.tpm.tpm2.command.attestation.GetTime;
import org.swtpmjava.tpm.tpm2.command.attestation.NvCertify;
import org.swtpmjava.tpm.tpm2.command.audit.SetCommandCodeAuditStatus;
import org.swtpmjava.tpm.tpm2.command.attestation.Quote;
import org.swtpmjava.tpm.tpm2.command.capability.Capabilities;
import org.swtpmjava.tpm.tpm2.command.capability.GetCapability;
import org.swtpmjava.tpm.tpm2.command.capability.TestParms;
import org.swtpmjava.tpm.tpm2.command.clock.ClockRateAdjust;
import org.swtpmjava.tpm.tpm2.command.clock.ClockSet;
import org.swtpmjava.tpm.tpm2.command.clock.ReadClock;
import org.swtpmjava.tpm.tpm2.command.context.ContextLoad;
import org.swtpmjava.tpm.tpm2.command.context.ContextSave;
import org.swtpmjava.tpm.tpm2.command.context.EvictControl;
import org.swtpmjava.tpm.tpm2.command.context.FlushContext;
import org.swtpmjava.tpm.tpm2.command.credential.ActivateCredential;
import org.swtpmjava.tpm.tpm2.command.credential.MakeCredential;
import org.swtpmjava.tpm.tpm2.command.da.DictionaryAttackLockReset;
import org.swtpmjava.tpm.tpm2.command.da.DictionaryAttackParameters;
import org.swtpmjava.tpm.tpm2.command.duplication.Duplicate;
import org.swtpmjava.tpm.tpm2.command.duplication.Import;
import org.swtpmjava.tpm.tpm2.command.duplication.Rewrap;
import org.swtpmjava.tpm.tpm2.command.hash.Hash;
import org.swtpmjava.tpm.tpm2.command.hierarchy.ChangeEps;
import org.swtpmjava.tpm.tpm2.command.hierarchy.ChangePps;
import org.swtpmjava.tpm.tpm2.command.hierarchy.Clear;
import org.swtpmjava.tpm.tpm2.command.hierarchy.ClearControl;
import org.swtpmjava.tpm.tpm2.command.hierarchy.HierarchyChangeAuth;
import org.swtpmjava.tpm.tpm2.command.hierarchy.HierarchyControl;
import org.swtpmjava.tpm.tpm2.command.hierarchy.SetPrimaryPolicy;
import org.swtpmjava.tpm.tpm2.command.management.PpCommands;
import org.swtpmjava.tpm.tpm2.command.management.SetAlgorithmSet;
import org.swtpmjava.tpm.tpm2.command.nv.NvChangeAuth;
import org.swtpmjava.tpm.tpm2.command.nv.NvDefineSpace;
import org.swtpmjava.tpm.tpm2.command.nv.NvExtend;
import org.swtpmjava.tpm.tpm2.command.nv.NvGlobalWriteLock;
import org.swtpmjava.tpm.tpm2.command.nv.NvIncrement;
import org.swtpmjava.tpm.tpm2.command.nv.NvReadLock;
import org.swtpmjava.tpm.tpm2.command.nv.NvSetBits;
import org.swtpmjava.tpm.tpm2.command.nv.NvUndefineSpaceSpecial;
import org.swtpmjava.tpm.tpm2.command.nv.NvWriteLock;
import org.swtpmjava.tpm.tpm2.command.nv.NvRead;
import org.swtpmjava.tpm.tpm2.command.nv.NvReadPublic;
import org.swtpmjava.tpm.tpm2.command.nv.NvUndefineSpace;
import org.swtpmjava.tpm.tpm2.command.nv.NvWrite;
import org.swtpmjava.tpm.tpm2.command.object.Create;
import org.swtpmjava.tpm.tpm2.command.object.CreateLoaded;
import org.swtpmjava.tpm.tpm2.command.object.CreatePrimary;
import org.swtpmjava.tpm.tpm2.command.object.Load;
import org.swtpmjava.tpm.tpm2.command.object.LoadExternal;
import org.swtpmjava.tpm.tpm2.command.object.ObjectChangeAuth;
import org.swtpmjava.tpm.tpm2.command.object.ReadPublic;
import org.swtpmjava.tpm.tpm2.command.object.Unseal;
import org.swtpmjava.tpm.tpm2.command.pcr.PcrAllocate;
import org.swtpmjava.tpm.tpm2.command.pcr.PcrEvent;
import org.swtpmjava.tpm.tpm2.command.pcr.PcrExtend;
import org.swtpmjava.tpm.tpm2.command.pcr.PcrRead;
import org.swtpmjava.tpm.tpm2.command.pcr.PcrReset;
import org.swtpmjava.tpm.tpm2.command.pcr.PcrSetAuthPolicy;
import org.swtpmjava.tpm.tpm2.command.pcr.PcrSetAuthValue;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyAuthValue;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyAuthorize;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyCounterTimer;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyCpHash;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyDuplicationSelect;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyNameHash;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyAuthorizeNv;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyNv;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyNvWritten;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyOr;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyPhysicalPresence;
import org.swtpmjava.tpm.tpm2.command.policy.PolicySecret;
import org.swtpmjava.tpm.tpm2.command.policy.PolicySigned;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyTemplate;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyTicket;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyCommandCode;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyGetDigest;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyLocality;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyPassword;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyPcr;
import org.swtpmjava.tpm.tpm2.command.policy.PolicyRestart;
import org.swtpmjava.tpm.tpm2.command.random.GetRandom;
import org.swtpmjava.tpm.tpm2.command.random.StirRandom;
import org.swtpmjava.tpm.tpm2.command.sequence.EventSequenceComplete;
import org.swtpmjava.tpm.tpm2.command.sequence.HashSequenceStart;
import org.swtpmjava.tpm.tpm2.command.sequence.MacStart;
import org.swtpmjava.tpm.tpm2.command.sequence.SequenceComplete;
import org.swtpmjava.tpm.tpm2.command.sequence.SequenceUpdate;
import org.swtpmjava.tpm.tpm2.command.session.StartAuthSession;
import org.swtpmjava.tpm.tpm2.command.signature.Sign;
import org.swtpmjava.tpm.tpm2.command.signature.VerifySignature;
import org.swtpmjava.tpm.tpm2.command.startup.Shutdown;
import org.swtpmjava.tpm.tpm2.command.symmetric.EncryptDecrypt;
import org.swtpmjava.tpm.tpm2.command.symmetric.EncryptDecrypt2;
import org.swtpmjava.tpm.tpm2.command.symmetric.Mac;
import org.swtpmjava.tpm.tpm2.command.startup.Startup;
import org.swtpmjava.tpm.tpm2.command.testing.GetTestResult;
import org.swtpmjava.tpm.tpm2.command.testing.IncrementalSelfTest;
import org.swtpmjava.tpm.tpm2.command.testing.SelfTest;
import org.swtpmjava.tpm.tpm2.exec.AuthRole;
import org.swtpmjava.tpm.tpm2.exec.CommandAttribute;
import org.swtpmjava.tpm.tpm2.exec.CommandRow;
import org.swtpmjava.tpm.tpm2.exec.CommandTable;
import org.swtpmjava.tpm.tpm2.exec.HandleSpec;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.types.TpmCc;

/**
 * The command table of the TPM 2.0 engine: one row per implemented command, with the
 * attributes of libtpms 0.9.2's CommandAttributeData.h (session attributes) and s_ccAttr
 * (TPMA_CC). Commands not listed answer TPM_RC_COMMAND_CODE.
 */
public final class Tpm2Commands {
    private static final int HIERARCHY_CONTROL = 0x121;
    private static final int CHANGE_EPS = 0x124;
    private static final int CHANGE_PPS = 0x125;
    private static final int CLEAR = 0x126;
    private static final int CLEAR_CONTROL = 0x127;
    private static final int CLOCK_SET = 0x128;
    private static final int HIERARCHY_CHANGE_AUTH = 0x129;
    private static final int PCR_ALLOCATE = 0x12B;
    private static final int PCR_SET_AUTH_POLICY = 0x12C;
    private static final int SET_PRIMARY_POLICY = 0x12E;
    private static final int SET_ALGORITHM_SET = 0x13F;
    private static final int CLOCK_RATE_ADJUST = 0x130;
    private static final int DICTIONARY_ATTACK_LOCK_RESET = 0x139;
    private static final int DICTIONARY_ATTACK_PARAMETERS = 0x13A;
    private static final int PCR_EVENT = 0x13C;
    private static final int PCR_RESET = 0x13D;
    private static final int SEQUENCE_COMPLETE = 0x13E;
    private static final int SEQUENCE_UPDATE = 0x15C;
    private static final int FLUSH_CONTEXT = 0x165;
    private static final int EVICT_CONTROL = 0x120;
    private static final int CONTEXT_LOAD = 0x161;
    private static final int CONTEXT_SAVE = 0x162;
    private static final int EVENT_SEQUENCE_COMPLETE = 0x185;
    private static final int HASH_SEQUENCE_START = 0x186;
    private static final int INCREMENTAL_SELF_TEST = 0x142;
    private static final int SELF_TEST = 0x143;
    private static final int STIR_RANDOM = 0x146;
    private static final int HASH = 0x17D;
    private static final int READ_CLOCK = 0x181;
    private static final int PCR_EXTEND = 0x182;
    private static final int PCR_SET_AUTH_VALUE = 0x183;
    private static final int TEST_PARMS = 0x18A;
    private static final int START_AUTH_SESSION = 0x176;
    private static final int POLICY_AUTH_VALUE = 0x16B;
    private static final int POLICY_COMMAND_CODE = 0x16C;
    private static final int POLICY_LOCALITY = 0x16F;
    private static final int POLICY_PCR = 0x17F;
    private static final int POLICY_RESTART = 0x180;
    private static final int POLICY_GET_DIGEST = 0x189;
    private static final int POLICY_PASSWORD = 0x18C;
    private static final int POLICY_SECRET = 0x151;
    private static final int POLICY_SIGNED = 0x160;
    private static final int POLICY_AUTHORIZE = 0x16A;
    private static final int POLICY_COUNTER_TIMER = 0x16D;
    private static final int POLICY_CP_HASH = 0x16E;
    private static final int POLICY_NAME_HASH = 0x170;
    private static final int POLICY_OR = 0x171;
    private static final int POLICY_TICKET = 0x172;
    private static final int POLICY_PHYSICAL_PRESENCE = 0x187;
    private static final int POLICY_DUPLICATION_SELECT = 0x188;
    private static final int POLICY_NV_WRITTEN = 0x18F;
    private static final int POLICY_TEMPLATE = 0x190;
    private static final int CREATE_PRIMARY = 0x131;
    private static final int CREATE = 0x153;
    private static final int LOAD = 0x157;
    private static final int LOAD_EXTERNAL = 0x167;
    private static final int OBJECT_CHANGE_AUTH = 0x150;
    private static final int CREATE_LOADED = 0x191;
    private static final int UNSEAL = 0x15E;
    private static final int READ_PUBLIC = 0x173;
    private static final int SIGN = 0x15D;
    private static final int VERIFY_SIGNATURE = 0x177;
    private static final int MAC = 0x155;
    private static final int MAC_START = 0x15B;
    private static final int ENCRYPT_DECRYPT = 0x164;
    private static final int ENCRYPT_DECRYPT_2 = 0x193;
    private static final int ECDH_ZGEN = 0x154;
    private static final int RSA_DECRYPT = 0x159;
    private static final int ECDH_KEYGEN = 0x163;
    private static final int RSA_ENCRYPT = 0x174;
    private static final int ECC_PARAMETERS = 0x178;
    private static final int COMMIT = 0x18B;
    private static final int EC_EPHEMERAL = 0x18E;
    private static final int ZGEN_2PHASE = 0x18D;
    private static final int ACTIVATE_CREDENTIAL = 0x147;
    private static final int DUPLICATE = 0x14B;
    private static final int REWRAP = 0x152;
    private static final int IMPORT = 0x156;
    private static final int CERTIFY = 0x148;
    private static final int CERTIFY_CREATION = 0x14A;
    private static final int GET_TIME = 0x14C;
    private static final int GET_COMMAND_AUDIT_DIGEST = 0x133;
    private static final int GET_SESSION_AUDIT_DIGEST = 0x14D;
    private static final int SET_COMMAND_CODE_AUDIT_STATUS = 0x140;
    private static final int QUOTE = 0x158;
    private static final int MAKE_CREDENTIAL = 0x168;
    private static final int NV_UNDEFINE_SPACE = 0x122;
    private static final int NV_DEFINE_SPACE = 0x12A;
    private static final int NV_WRITE = 0x137;
    private static final int NV_READ = 0x14E;
    private static final int NV_READ_PUBLIC = 0x169;
    private static final int NV_UNDEFINE_SPACE_SPECIAL = 0x11F;
    private static final int NV_GLOBAL_WRITE_LOCK = 0x132;
    private static final int NV_INCREMENT = 0x134;
    private static final int NV_SET_BITS = 0x135;
    private static final int NV_EXTEND = 0x136;
    private static final int NV_WRITE_LOCK = 0x138;
    private static final int NV_CHANGE_AUTH = 0x13B;
    private static final int NV_READ_LOCK = 0x14F;
    private static final int NV_CERTIFY = 0x184;
    private static final int CERTIFY_X509 = 0x197;
    private static final int POLICY_NV = 0x149;
    private static final int POLICY_AUTHORIZE_NV = 0x192;

    /** Immutable and stateless, so one table serves every engine. */
    private static final CommandTable TABLE = CommandTable.of(List.of(
            withHandle(HIERARCHY_CONTROL, "HierarchyControl", HandleSpec.hierarchy(AuthRole.USER),
                    new HierarchyControl(), NV, EXTENSIVE),
            withHandle(CHANGE_EPS, "ChangeEPS", HandleSpec.platform(AuthRole.USER), new ChangeEps(), NV, EXTENSIVE),
            withHandle(CHANGE_PPS, "ChangePPS", HandleSpec.platform(AuthRole.USER), new ChangePps(), NV, EXTENSIVE),
            withHandle(CLEAR, "Clear", HandleSpec.clear(AuthRole.USER), new Clear(), NV, EXTENSIVE),
            withHandle(CLEAR_CONTROL, "ClearControl", HandleSpec.clear(AuthRole.USER), new ClearControl(), NV),
            withHandle(SET_PRIMARY_POLICY, "SetPrimaryPolicy", HandleSpec.hierarchyAuth(AuthRole.USER),
                    new SetPrimaryPolicy(), DECRYPT_2, NV),
            // Part 3 §26: TPMA_CC nv and one handle, as s_ccAttr; PP_Commands needs physical presence
            withHandle(TpmCc.PP_COMMANDS, "PP_Commands", HandleSpec.platform(AuthRole.USER), new PpCommands(), NV,
                    PP_REQUIRED),
            withHandle(SET_ALGORITHM_SET, "SetAlgorithmSet", HandleSpec.platform(AuthRole.USER),
                    new SetAlgorithmSet(), NV),
            withHandle(CLOCK_SET, "ClockSet", HandleSpec.provision(AuthRole.USER), new ClockSet(), NV),
            withHandle(CLOCK_RATE_ADJUST, "ClockRateAdjust", HandleSpec.provision(AuthRole.USER), new ClockRateAdjust()),
            withHandle(HIERARCHY_CHANGE_AUTH, "HierarchyChangeAuth", HandleSpec.hierarchyAuth(AuthRole.USER),
                    new HierarchyChangeAuth(), DECRYPT_2, NV),
            withHandle(PCR_ALLOCATE, "PCR_Allocate", HandleSpec.platform(AuthRole.USER), new PcrAllocate(), NV),
            withHandle(PCR_SET_AUTH_POLICY, "PCR_SetAuthPolicy", HandleSpec.platform(AuthRole.USER),
                    new PcrSetAuthPolicy(), DECRYPT_2, NV),
            withHandle(DICTIONARY_ATTACK_LOCK_RESET, "DictionaryAttackLockReset", HandleSpec.lockout(AuthRole.USER),
                    new DictionaryAttackLockReset(), NV),
            withHandle(DICTIONARY_ATTACK_PARAMETERS, "DictionaryAttackParameters", HandleSpec.lockout(AuthRole.USER),
                    new DictionaryAttackParameters(), NV),
            withHandle(PCR_EVENT, "PCR_Event", HandleSpec.pcr(AuthRole.USER, true), new PcrEvent(), DECRYPT_2, NV),
            withHandle(PCR_RESET, "PCR_Reset", HandleSpec.pcr(AuthRole.USER, false), new PcrReset(), NV),
            withHandle(SEQUENCE_COMPLETE, "SequenceComplete", HandleSpec.object(AuthRole.USER), new SequenceComplete(),
                    DECRYPT_2, ENCRYPT_2, FLUSHED),
            withoutHandles(INCREMENTAL_SELF_TEST, "IncrementalSelfTest", new IncrementalSelfTest(), NV),
            withoutHandles(SELF_TEST, "SelfTest", new SelfTest(), NV),
            withHandle(PCR_EXTEND, "PCR_Extend", HandleSpec.pcr(AuthRole.USER, true), new PcrExtend(), NV),
            withHandle(PCR_SET_AUTH_VALUE, "PCR_SetAuthValue", HandleSpec.pcr(AuthRole.USER, false),
                    new PcrSetAuthValue(), DECRYPT_2),
            withHandle(SEQUENCE_UPDATE, "SequenceUpdate", HandleSpec.object(AuthRole.USER), new SequenceUpdate(),
                    DECRYPT_2),
            withoutHandles(TpmCc.STARTUP, "Startup", new Startup(), NO_SESSIONS, NV),
            withoutHandles(TpmCc.SHUTDOWN, "Shutdown", new Shutdown(), NV),
            withoutHandles(STIR_RANDOM, "StirRandom", new StirRandom(), DECRYPT_2, NV),
            withoutHandles(FLUSH_CONTEXT, "FlushContext", new FlushContext(), NO_SESSIONS),
            new CommandRow(EVICT_CONTROL, "EvictControl",
                    List.of(HandleSpec.provision(AuthRole.USER), HandleSpec.object(AuthRole.NONE)), EnumSet.of(NV),
                    new EvictControl()),
            withHandle(CONTEXT_SAVE, "ContextSave", HandleSpec.context(AuthRole.NONE), new ContextSave(), NO_SESSIONS),
            withoutHandles(CONTEXT_LOAD, "ContextLoad", new ContextLoad(), NO_SESSIONS, R_HANDLE),
            withoutHandles(TpmCc.GET_CAPABILITY, "GetCapability", new GetCapability(Capabilities.providers())),
            withoutHandles(TpmCc.GET_RANDOM, "GetRandom", new GetRandom(), ENCRYPT_2),
            withoutHandles(TpmCc.GET_TEST_RESULT, "GetTestResult", new GetTestResult(), ENCRYPT_2),
            withoutHandles(HASH, "Hash", new Hash(), DECRYPT_2, ENCRYPT_2),
            withoutHandles(TpmCc.PCR_READ, "PCR_Read", new PcrRead()),
            withHandle(POLICY_AUTH_VALUE, "PolicyAuthValue", HandleSpec.policySession(AuthRole.NONE),
                    new PolicyAuthValue()),
            withHandle(POLICY_COMMAND_CODE, "PolicyCommandCode", HandleSpec.policySession(AuthRole.NONE),
                    new PolicyCommandCode()),
            withHandle(POLICY_LOCALITY, "PolicyLocality", HandleSpec.policySession(AuthRole.NONE),
                    new PolicyLocality()),
            withHandle(POLICY_PCR, "PolicyPCR", HandleSpec.policySession(AuthRole.NONE), new PolicyPcr(), DECRYPT_2),
            withHandle(POLICY_RESTART, "PolicyRestart", HandleSpec.policySession(AuthRole.NONE), new PolicyRestart()),
            withHandle(POLICY_GET_DIGEST, "PolicyGetDigest", HandleSpec.policySession(AuthRole.NONE),
                    new PolicyGetDigest(), ENCRYPT_2),
            withHandle(POLICY_PASSWORD, "PolicyPassword", HandleSpec.policySession(AuthRole.NONE),
                    new PolicyPassword()),
            new CommandRow(POLICY_SECRET, "PolicySecret",
                    List.of(HandleSpec.entity(AuthRole.USER), HandleSpec.policySession(AuthRole.NONE)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2), new PolicySecret()),
            new CommandRow(POLICY_SIGNED, "PolicySigned",
                    List.of(HandleSpec.object(AuthRole.NONE), HandleSpec.policySession(AuthRole.NONE)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2), new PolicySigned()),
            withHandle(POLICY_TICKET, "PolicyTicket", HandleSpec.policySession(AuthRole.NONE), new PolicyTicket(),
                    DECRYPT_2),
            withHandle(POLICY_OR, "PolicyOR", HandleSpec.policySession(AuthRole.NONE), new PolicyOr()),
            withHandle(POLICY_AUTHORIZE, "PolicyAuthorize", HandleSpec.policySession(AuthRole.NONE),
                    new PolicyAuthorize(), DECRYPT_2),
            withHandle(POLICY_COUNTER_TIMER, "PolicyCounterTimer", HandleSpec.policySession(AuthRole.NONE),
                    new PolicyCounterTimer(), DECRYPT_2),
            withHandle(POLICY_CP_HASH, "PolicyCpHash", HandleSpec.policySession(AuthRole.NONE), new PolicyCpHash(),
                    DECRYPT_2),
            withHandle(POLICY_NAME_HASH, "PolicyNameHash", HandleSpec.policySession(AuthRole.NONE),
                    new PolicyNameHash(), DECRYPT_2),
            withHandle(POLICY_PHYSICAL_PRESENCE, "PolicyPhysicalPresence", HandleSpec.policySession(AuthRole.NONE),
                    new PolicyPhysicalPresence()),
            withHandle(POLICY_DUPLICATION_SELECT, "PolicyDuplicationSelect", HandleSpec.policySession(AuthRole.NONE),
                    new PolicyDuplicationSelect(), DECRYPT_2),
            withHandle(POLICY_NV_WRITTEN, "PolicyNvWritten", HandleSpec.policySession(AuthRole.NONE),
                    new PolicyNvWritten()),
            withHandle(POLICY_TEMPLATE, "PolicyTemplate", HandleSpec.policySession(AuthRole.NONE),
                    new PolicyTemplate(), DECRYPT_2),
            new CommandRow(START_AUTH_SESSION, "StartAuthSession",
                    List.of(HandleSpec.objectOrNull(AuthRole.NONE), HandleSpec.entityOrNull(AuthRole.NONE)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2, R_HANDLE), new StartAuthSession()),
            withoutHandles(READ_CLOCK, "ReadClock", new ReadClock()),
            new CommandRow(EVENT_SEQUENCE_COMPLETE, "EventSequenceComplete",
                    List.of(HandleSpec.pcr(AuthRole.USER, true), HandleSpec.object(AuthRole.USER)),
                    EnumSet.of(DECRYPT_2, NV, FLUSHED), new EventSequenceComplete()),
            withoutHandles(HASH_SEQUENCE_START, "HashSequenceStart", new HashSequenceStart(), DECRYPT_2, R_HANDLE),
            withoutHandles(TEST_PARMS, "TestParms", new TestParms()),
            withHandle(CREATE_PRIMARY, "CreatePrimary", HandleSpec.hierarchyOrNull(AuthRole.USER), new CreatePrimary(),
                    DECRYPT_2, ENCRYPT_2, R_HANDLE),
            withHandle(CREATE, "Create", HandleSpec.object(AuthRole.USER), new Create(), DECRYPT_2, ENCRYPT_2),
            withHandle(LOAD, "Load", HandleSpec.object(AuthRole.USER), new Load(), DECRYPT_2, ENCRYPT_2, R_HANDLE),
            withoutHandles(LOAD_EXTERNAL, "LoadExternal", new LoadExternal(), DECRYPT_2, ENCRYPT_2, R_HANDLE),
            new CommandRow(OBJECT_CHANGE_AUTH, "ObjectChangeAuth",
                    List.of(HandleSpec.object(AuthRole.ADMIN), HandleSpec.object(AuthRole.NONE)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2), new ObjectChangeAuth()),
            withHandle(CREATE_LOADED, "CreateLoaded", HandleSpec.parentOrNull(AuthRole.USER), new CreateLoaded(),
                    DECRYPT_2, ENCRYPT_2, R_HANDLE),
            withHandle(UNSEAL, "Unseal", HandleSpec.object(AuthRole.USER), new Unseal(), ENCRYPT_2),
            withHandle(READ_PUBLIC, "ReadPublic", HandleSpec.object(AuthRole.NONE), new ReadPublic(), ENCRYPT_2),
            withHandle(SIGN, "Sign", HandleSpec.object(AuthRole.USER), new Sign(), DECRYPT_2),
            withHandle(VERIFY_SIGNATURE, "VerifySignature", HandleSpec.object(AuthRole.NONE), new VerifySignature(),
                    DECRYPT_2),
            // CMAC is compiled into libtpms 0.9.2: 0x155 / 0x15B are TPM2_MAC / TPM2_MAC_Start
            withHandle(MAC, "MAC", HandleSpec.object(AuthRole.USER), new Mac(), DECRYPT_2, ENCRYPT_2),
            withHandle(MAC_START, "MAC_Start", HandleSpec.object(AuthRole.USER), new MacStart(), DECRYPT_2,
                    R_HANDLE),
            withHandle(ENCRYPT_DECRYPT, "EncryptDecrypt", HandleSpec.object(AuthRole.USER), new EncryptDecrypt(),
                    ENCRYPT_2),
            withHandle(ENCRYPT_DECRYPT_2, "EncryptDecrypt2", HandleSpec.object(AuthRole.USER), new EncryptDecrypt2(),
                    DECRYPT_2, ENCRYPT_2),
            withHandle(RSA_ENCRYPT, "RSA_Encrypt", HandleSpec.object(AuthRole.NONE), new RsaEncrypt(), DECRYPT_2,
                    ENCRYPT_2),
            withHandle(RSA_DECRYPT, "RSA_Decrypt", HandleSpec.object(AuthRole.USER), new RsaDecrypt(), DECRYPT_2,
                    ENCRYPT_2),
            withHandle(ECDH_KEYGEN, "ECDH_KeyGen", HandleSpec.object(AuthRole.NONE), new EcdhKeyGen(), ENCRYPT_2),
            withHandle(ECDH_ZGEN, "ECDH_ZGen", HandleSpec.object(AuthRole.USER), new EcdhZGen(), DECRYPT_2,
                    ENCRYPT_2),
            withoutHandles(ECC_PARAMETERS, "ECC_Parameters", new EccParameters()),
            withHandle(COMMIT, "Commit", HandleSpec.object(AuthRole.USER), new Commit(), DECRYPT_2, ENCRYPT_2),
            withoutHandles(EC_EPHEMERAL, "EC_Ephemeral", new EcEphemeral(), ENCRYPT_2),
            withHandle(ZGEN_2PHASE, "ZGen_2Phase", HandleSpec.object(AuthRole.USER), new ZGen2Phase(), DECRYPT_2,
                    ENCRYPT_2),
            new CommandRow(ACTIVATE_CREDENTIAL, "ActivateCredential",
                    List.of(HandleSpec.object(AuthRole.ADMIN), HandleSpec.object(AuthRole.USER)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2), new ActivateCredential()),
            withHandle(MAKE_CREDENTIAL, "MakeCredential", HandleSpec.object(AuthRole.NONE), new MakeCredential(),
                    DECRYPT_2, ENCRYPT_2),
            new CommandRow(DUPLICATE, "Duplicate",
                    List.of(HandleSpec.object(AuthRole.DUP), HandleSpec.objectOrNull(AuthRole.NONE)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2), new Duplicate()),
            new CommandRow(REWRAP, "Rewrap",
                    List.of(HandleSpec.objectOrNull(AuthRole.USER), HandleSpec.objectOrNull(AuthRole.NONE)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2), new Rewrap()),
            withHandle(IMPORT, "Import", HandleSpec.object(AuthRole.USER), new Import(), DECRYPT_2, ENCRYPT_2),
            new CommandRow(CERTIFY, "Certify",
                    List.of(HandleSpec.object(AuthRole.ADMIN), HandleSpec.objectOrNull(AuthRole.USER)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2), new Certify()),
            new CommandRow(CERTIFY_CREATION, "CertifyCreation",
                    List.of(HandleSpec.objectOrNull(AuthRole.USER), HandleSpec.object(AuthRole.NONE)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2), new CertifyCreation()),
            new CommandRow(CERTIFY_X509, "CertifyX509",
                    List.of(HandleSpec.object(AuthRole.ADMIN), HandleSpec.object(AuthRole.USER)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2), new CertifyX509()),
            new CommandRow(GET_TIME, "GetTime",
                    List.of(HandleSpec.endorsement(AuthRole.USER), HandleSpec.objectOrNull(AuthRole.USER)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2), new GetTime()),
            withHandle(QUOTE, "Quote", HandleSpec.objectOrNull(AuthRole.USER), new Quote(), DECRYPT_2, ENCRYPT_2),
            new CommandRow(GET_COMMAND_AUDIT_DIGEST, "GetCommandAuditDigest",
                    List.of(HandleSpec.endorsement(AuthRole.USER), HandleSpec.objectOrNull(AuthRole.USER)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2, NV), new GetCommandAuditDigest()),
            new CommandRow(GET_SESSION_AUDIT_DIGEST, "GetSessionAuditDigest",
                    List.of(HandleSpec.endorsement(AuthRole.USER), HandleSpec.objectOrNull(AuthRole.USER),
                            HandleSpec.hmacSession(AuthRole.NONE)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2), new GetSessionAuditDigest()),
            withHandle(SET_COMMAND_CODE_AUDIT_STATUS, "SetCommandCodeAuditStatus", HandleSpec.provision(AuthRole.USER),
                    new SetCommandCodeAuditStatus(), NV),
            withHandle(NV_DEFINE_SPACE, "NV_DefineSpace", HandleSpec.provision(AuthRole.USER), new NvDefineSpace(),
                    DECRYPT_2, NV),
            new CommandRow(NV_UNDEFINE_SPACE, "NV_UndefineSpace",
                    List.of(HandleSpec.provision(AuthRole.USER), HandleSpec.nvIndex(AuthRole.NONE)), EnumSet.of(NV),
                    new NvUndefineSpace()),
            withHandle(NV_READ_PUBLIC, "NV_ReadPublic", HandleSpec.nvIndex(AuthRole.NONE), new NvReadPublic(),
                    ENCRYPT_2),
            new CommandRow(NV_WRITE, "NV_Write",
                    List.of(HandleSpec.nvAuth(AuthRole.USER), HandleSpec.nvIndex(AuthRole.NONE)),
                    EnumSet.of(DECRYPT_2, NV), new NvWrite()),
            new CommandRow(NV_READ, "NV_Read",
                    List.of(HandleSpec.nvAuth(AuthRole.USER), HandleSpec.nvIndex(AuthRole.NONE)),
                    EnumSet.of(ENCRYPT_2), new NvRead()),
            new CommandRow(NV_CERTIFY, "NV_Certify",
                    List.of(HandleSpec.objectOrNull(AuthRole.USER), HandleSpec.nvAuth(AuthRole.USER),
                            HandleSpec.nvIndex(AuthRole.NONE)),
                    EnumSet.of(DECRYPT_2, ENCRYPT_2), new NvCertify()),
            new CommandRow(NV_UNDEFINE_SPACE_SPECIAL, "NV_UndefineSpaceSpecial",
                    List.of(HandleSpec.nvIndex(AuthRole.ADMIN), HandleSpec.platform(AuthRole.USER)), EnumSet.of(NV),
                    new NvUndefineSpaceSpecial()),
            withHandle(NV_GLOBAL_WRITE_LOCK, "NV_GlobalWriteLock", HandleSpec.provision(AuthRole.USER),
                    new NvGlobalWriteLock(), NV),
            nvAuthorized(NV_INCREMENT, "NV_Increment", new NvIncrement(), NV),
            nvAuthorized(NV_SET_BITS, "NV_SetBits", new NvSetBits(), NV),
            nvAuthorized(NV_EXTEND, "NV_Extend", new NvExtend(), DECRYPT_2, NV),
            nvAuthorized(NV_WRITE_LOCK, "NV_WriteLock", new NvWriteLock(), NV),
            nvAuthorized(NV_READ_LOCK, "NV_ReadLock", new NvReadLock(), NV),
            new CommandRow(POLICY_NV, "PolicyNV", List.of(HandleSpec.nvAuth(AuthRole.USER),
                    HandleSpec.nvIndex(AuthRole.NONE), HandleSpec.policySession(AuthRole.NONE)),
                    EnumSet.of(DECRYPT_2), new PolicyNv()),
            new CommandRow(POLICY_AUTHORIZE_NV, "PolicyAuthorizeNV", List.of(HandleSpec.nvAuth(AuthRole.USER),
                    HandleSpec.nvIndex(AuthRole.NONE), HandleSpec.policySession(AuthRole.NONE)),
                    EnumSet.noneOf(CommandAttribute.class), new PolicyAuthorizeNv()),
            withHandle(NV_CHANGE_AUTH, "NV_ChangeAuth", HandleSpec.nvIndex(AuthRole.ADMIN), new NvChangeAuth(),
                    DECRYPT_2, NV)));

    /** A command on (TPMI_RH_NV_AUTH authHandle: USER, TPMI_RH_NV_INDEX nvIndex). */
    private static CommandRow nvAuthorized(int code, String name, TpmCommand<?> command,
                                           CommandAttribute... attributes) {
        return new CommandRow(code, name,
                List.of(HandleSpec.nvAuth(AuthRole.USER), HandleSpec.nvIndex(AuthRole.NONE)),
                java.util.Set.of(attributes), command);
    }

    private Tpm2Commands() {
    }

    public static CommandTable table() {
        return TABLE;
    }
}
