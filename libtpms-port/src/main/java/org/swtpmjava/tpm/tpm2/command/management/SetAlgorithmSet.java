package org.swtpmjava.tpm.tpm2.command.management;

import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/**
 * TPM2_SetAlgorithmSet (Part 3 §26.3; libtpms ManagementCommands.c): auth (TPMI_RH_PLATFORM,
 * USER) stores the vendor-specific UINT32 as gp.algorithmSet and writes PERSISTENT_DATA. libtpms
 * gives the value no meaning beyond TPM_PT_ALGORITHM_SET; it survives restarts and TPM2_Clear.
 */
public final class SetAlgorithmSet implements TpmCommand<SetAlgorithmSet.In> {

    /**
     * @param auth         TPMI_RH_PLATFORM
     * @param algorithmSet UINT32
     */
    public record In(int auth, int algorithmSet) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.parameters().next(TpmReader::readU32));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        context.state().persistent().setAlgorithmSet(in.algorithmSet());
        context.requestNvCommit(); // NV_SYNC_PERSISTENT(algorithmSet)
        return CommandOutput.NONE;
    }
}
