package org.swtpmjava.tpm.tpm2.command;

import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.DECRYPT_2;
import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.ENCRYPT_2;
import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.NO_SESSIONS;
import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.NV;
import static org.swtpmjava.tpm.tpm2.exec.CommandRow.withHandle;
import static org.swtpmjava.tpm.tpm2.exec.CommandRow.withoutHandles;

import java.util.List;
import org.swtpmjava.tpm.tpm2.command.capability.Capabilities;
import org.swtpmjava.tpm.tpm2.command.capability.GetCapability;
import org.swtpmjava.tpm.tpm2.command.hash.Hash;
import org.swtpmjava.tpm.tpm2.command.hierarchy.HierarchyChangeAuth;
import org.swtpmjava.tpm.tpm2.command.pcr.PcrEvent;
import org.swtpmjava.tpm.tpm2.command.pcr.PcrExtend;
import org.swtpmjava.tpm.tpm2.command.pcr.PcrRead;
import org.swtpmjava.tpm.tpm2.command.pcr.PcrReset;
import org.swtpmjava.tpm.tpm2.command.random.GetRandom;
import org.swtpmjava.tpm.tpm2.command.random.StirRandom;
import org.swtpmjava.tpm.tpm2.command.startup.Shutdown;
import org.swtpmjava.tpm.tpm2.command.startup.Startup;
import org.swtpmjava.tpm.tpm2.command.testing.GetTestResult;
import org.swtpmjava.tpm.tpm2.command.testing.IncrementalSelfTest;
import org.swtpmjava.tpm.tpm2.command.testing.SelfTest;
import org.swtpmjava.tpm.tpm2.exec.AuthRole;
import org.swtpmjava.tpm.tpm2.exec.CommandTable;
import org.swtpmjava.tpm.tpm2.exec.HandleSpec;
import org.swtpmjava.tpm.tpm2.types.TpmCc;

/**
 * The command table of the TPM 2.0 engine: one row per implemented command, with the
 * attributes of libtpms 0.9.2's CommandAttributeData.h (session attributes) and s_ccAttr
 * (TPMA_CC). Commands not listed answer TPM_RC_COMMAND_CODE.
 */
public final class Tpm2Commands {
    private static final int HIERARCHY_CHANGE_AUTH = 0x129;
    private static final int PCR_EVENT = 0x13C;
    private static final int PCR_RESET = 0x13D;
    private static final int INCREMENTAL_SELF_TEST = 0x142;
    private static final int SELF_TEST = 0x143;
    private static final int STIR_RANDOM = 0x146;
    private static final int HASH = 0x17D;
    private static final int PCR_EXTEND = 0x182;

    /** Immutable and stateless, so one table serves every engine. */
    private static final CommandTable TABLE = CommandTable.of(List.of(
            withHandle(HIERARCHY_CHANGE_AUTH, "HierarchyChangeAuth", HandleSpec.hierarchyAuth(AuthRole.USER),
                    new HierarchyChangeAuth(), DECRYPT_2, NV),
            withHandle(PCR_EVENT, "PCR_Event", HandleSpec.pcr(AuthRole.USER, true), new PcrEvent(), DECRYPT_2, NV),
            withHandle(PCR_RESET, "PCR_Reset", HandleSpec.pcr(AuthRole.USER, false), new PcrReset(), NV),
            withoutHandles(INCREMENTAL_SELF_TEST, "IncrementalSelfTest", new IncrementalSelfTest(), NV),
            withoutHandles(SELF_TEST, "SelfTest", new SelfTest(), NV),
            withHandle(PCR_EXTEND, "PCR_Extend", HandleSpec.pcr(AuthRole.USER, true), new PcrExtend(), NV),
            withoutHandles(TpmCc.STARTUP, "Startup", new Startup(), NO_SESSIONS, NV),
            withoutHandles(TpmCc.SHUTDOWN, "Shutdown", new Shutdown(), NV),
            withoutHandles(STIR_RANDOM, "StirRandom", new StirRandom(), DECRYPT_2, NV),
            withoutHandles(TpmCc.GET_CAPABILITY, "GetCapability", new GetCapability(Capabilities.providers())),
            withoutHandles(TpmCc.GET_RANDOM, "GetRandom", new GetRandom(), ENCRYPT_2),
            withoutHandles(TpmCc.GET_TEST_RESULT, "GetTestResult", new GetTestResult(), ENCRYPT_2),
            withoutHandles(HASH, "Hash", new Hash(), DECRYPT_2, ENCRYPT_2),
            withoutHandles(TpmCc.PCR_READ, "PCR_Read", new PcrRead())));

    private Tpm2Commands() {
    }

    public static CommandTable table() {
        return TABLE;
    }
}
