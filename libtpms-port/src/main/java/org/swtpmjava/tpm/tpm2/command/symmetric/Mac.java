package org.swtpmjava.tpm.tpm2.command.symmetric;

import org.swtpmjava.tpm.tpm2.command.hash.HashCheckTicket;
import org.swtpmjava.tpm.tpm2.crypto.MacComputation;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;

/**
 * TPM2_MAC (Part 3 §15.5, command code 0x155, which TPM2_HMAC §15.4 shares): the HMAC of buffer
 * with a loaded unrestricted keyed-hash signing key, or its CMAC with a symmetric signing key;
 * inScheme TPM_ALG_NULL takes the key's scheme. See {@link MacKey} for the checks.
 */
public final class Mac implements TpmCommand<Mac.In> {

    /**
     * @param handle   TPMI_DH_OBJECT
     * @param buffer   TPM2B_MAX_BUFFER
     * @param inScheme TPMI_ALG_MAC_SCHEME+
     */
    public record In(int handle, byte[] buffer, int inScheme) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] buffer = arguments.parameters().next(reader -> reader.readSized(HashCheckTicket.MAX_BUFFER));
        int inScheme = arguments.parameters().next(MacKey::readScheme);
        return new In(arguments.handle(0), buffer, inScheme);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        MacComputation mac = MacKey.start(context, MacKey.select(context, in.handle(), in.inScheme()));
        mac.update(in.buffer());
        byte[] result = mac.finish();
        return writer -> writer.writeSized(result);
    }
}
