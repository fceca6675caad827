package org.swtpmjava.tpm.tpm2.command.random;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/** TPM2_GetRandom (Part 3 §16.1): at most sizeof(TPMU_HA) = 64 bytes from the DRBG. */
public final class GetRandom implements TpmCommand<GetRandom.In> {

    /** @param bytesRequested UINT16 */
    public record In(int bytesRequested) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        return new In(arguments.parameters().next(TpmReader::readU16));
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        byte[] randomBytes = context.random().generate(Math.min(in.bytesRequested(), Hashes.MAX_DIGEST_SIZE));
        return writer -> writer.writeSized(randomBytes);
    }
}
