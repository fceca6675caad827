package org.swtpmjava.tpm.tpm2.command.attestation;

import java.security.SecureRandom;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.PersistentData;
import org.swtpmjava.tpm.tpm2.state.TpmState;

/**
 * TPM2_GetTime (Part 3 §18.7): TPMS_TIME_ATTEST_INFO, the time, the clock information and the
 * firmware version, all in plain text (only the common fields of the structure are obfuscated).
 * The privacy administrator is the endorsement hierarchy.
 */
public final class GetTime implements TpmCommand<GetTime.In> {
    /** TPM_ST_ATTEST_TIME. */
    private static final int ST_ATTEST_TIME = 0x8019;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param privacyAdminHandle TPMI_RH_ENDORSEMENT
     * @param signHandle         TPMI_DH_OBJECT+
     */
    public record In(int privacyAdminHandle, int signHandle, AttestParameters.DataAndScheme parameters) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.handle(0), arguments.handle(1), AttestParameters.DataAndScheme.read(arguments));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        AttestSigner signer = AttestSigner.select(context, in.signHandle(), in.parameters().inScheme(), 2, 2);
        TpmsAttest attest = TpmsAttest.fill(context, signer, in.parameters().qualifyingData());
        TpmState state = context.state();
        PersistentData persistent = state.persistent();
        long firmware = ((long) persistent.firmwareV1() << 32) + (persistent.firmwareV2() & 0xFFFFFFFFL);
        byte[] info = new TpmWriter(40).writeU64(state.flags().time()).writeU64(state.orderly().clock())
                .writeU32(persistent.resetCount()).writeU32(state.resetData().restartCount())
                .writeBool(state.orderly().clockSafe()).writeU64(firmware).toByteArray();
        return attest.sign(context, random, ST_ATTEST_TIME, info);
    }
}
