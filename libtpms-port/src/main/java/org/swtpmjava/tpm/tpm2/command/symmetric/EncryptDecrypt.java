package org.swtpmjava.tpm.tpm2.command.symmetric;

import org.swtpmjava.tpm.tpm2.command.hash.HashCheckTicket;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/**
 * TPM2_EncryptDecrypt (Part 3 §15.2): encrypts or decrypts inData with a loaded symmetric key in
 * the key's mode or the one given, starting from ivIn; returns outData and ivOut, the chaining
 * value to pass as ivIn of the next call. See {@link SymmetricEncryption} for the checks. Its
 * first parameter is not a TPM2B, so it cannot be parameter-encrypted (EncryptDecrypt2 can).
 */
public final class EncryptDecrypt implements TpmCommand<EncryptDecrypt.In> {

    /**
     * @param keyHandle TPMI_DH_OBJECT
     * @param decrypt   TPMI_YES_NO
     * @param mode      TPMI_ALG_CIPHER_MODE+
     * @param ivIn      TPM2B_IV
     * @param inData    TPM2B_MAX_BUFFER
     */
    public record In(int keyHandle, boolean decrypt, int mode, byte[] ivIn, byte[] inData) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        boolean decrypt = arguments.parameters().next(TpmReader::readBool);
        int mode = arguments.parameters().next(SymmetricEncryption::readCipherMode);
        byte[] ivIn = arguments.parameters().next(SymmetricEncryption::readIv);
        byte[] inData = arguments.parameters().next(reader -> reader.readSized(HashCheckTicket.MAX_BUFFER));
        return new In(arguments.handle(0), decrypt, mode, ivIn, inData);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        return SymmetricEncryption.run(context, in.keyHandle(), in.decrypt(), in.mode(), in.ivIn(), in.inData(),
                SymmetricEncryption.Numbering.ENCRYPT_DECRYPT);
    }
}
