package org.swtpmjava.tpm.tpm2.command.symmetric;

import org.swtpmjava.tpm.tpm2.command.hash.HashCheckTicket;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/**
 * TPM2_EncryptDecrypt2 (Part 3 §15.3): TPM2_EncryptDecrypt with inData first, so that it can be
 * parameter-encrypted; the same checks, with the codes renumbered for this parameter order.
 */
public final class EncryptDecrypt2 implements TpmCommand<EncryptDecrypt2.In> {

    /**
     * @param keyHandle TPMI_DH_OBJECT
     * @param inData    TPM2B_MAX_BUFFER
     * @param decrypt   TPMI_YES_NO
     * @param mode      TPMI_ALG_CIPHER_MODE+
     * @param ivIn      TPM2B_IV
     */
    public record In(int keyHandle, byte[] inData, boolean decrypt, int mode, byte[] ivIn) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] inData = arguments.parameters().next(reader -> reader.readSized(HashCheckTicket.MAX_BUFFER));
        boolean decrypt = arguments.parameters().next(TpmReader::readBool);
        int mode = arguments.parameters().next(SymmetricEncryption::readCipherMode);
        byte[] ivIn = arguments.parameters().next(SymmetricEncryption::readIv);
        return new In(arguments.handle(0), inData, decrypt, mode, ivIn);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        return SymmetricEncryption.run(context, in.keyHandle(), in.decrypt(), in.mode(), in.ivIn(), in.inData(),
                SymmetricEncryption.Numbering.ENCRYPT_DECRYPT_2);
    }
}
