package org.swtpmjava.tpm.tpm2.command;

import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.DECRYPT_2;
import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.ENCRYPT_2;
import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.NO_SESSIONS;
import static org.swtpmjava.tpm.tpm2.exec.CommandAttribute.NV;
import static org.swtpmjava.tpm.tpm2.exec.CommandRow.withoutHandles;

import java.util.List;
import org.swtpmjava.tpm.tpm2.command.capability.Capabilities;
import org.swtpmjava.tpm.tpm2.command.capability.GetCapability;
import org.swtpmjava.tpm.tpm2.command.pcr.PcrRead;
import org.swtpmjava.tpm.tpm2.command.random.GetRandom;
import org.swtpmjava.tpm.tpm2.command.random.StirRandom;
import org.swtpmjava.tpm.tpm2.command.startup.Shutdown;
import org.swtpmjava.tpm.tpm2.command.startup.Startup;
import org.swtpmjava.tpm.tpm2.command.testing.GetTestResult;
import org.swtpmjava.tpm.tpm2.exec.CommandTable;
import org.swtpmjava.tpm.tpm2.types.TpmCc;

/**
 * The command table of the TPM 2.0 engine: one row per implemented command, with the
 * attributes of libtpms 0.9.2's CommandAttributeData.h (session attributes) and s_ccAttr
 * (TPMA_CC). Commands not listed answer TPM_RC_COMMAND_CODE.
 */
public final class Tpm2Commands {
    private static final int STIR_RANDOM = 0x146;

    /** Immutable and stateless, so one table serves every engine. */
    private static final CommandTable TABLE = CommandTable.of(List.of(
            withoutHandles(TpmCc.STARTUP, "Startup", new Startup(), NO_SESSIONS, NV),
            withoutHandles(TpmCc.SHUTDOWN, "Shutdown", new Shutdown(), NV),
            withoutHandles(STIR_RANDOM, "StirRandom", new StirRandom(), DECRYPT_2, NV),
            withoutHandles(TpmCc.GET_CAPABILITY, "GetCapability", new GetCapability(Capabilities.providers())),
            withoutHandles(TpmCc.GET_RANDOM, "GetRandom", new GetRandom(), ENCRYPT_2),
            withoutHandles(TpmCc.GET_TEST_RESULT, "GetTestResult", new GetTestResult(), ENCRYPT_2),
            withoutHandles(TpmCc.PCR_READ, "PCR_Read", new PcrRead())));

    private Tpm2Commands() {
    }

    public static CommandTable table() {
        return TABLE;
    }
}
