package org.swtpmjava.tpm.tpm2.command.asymmetric;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.swtpmjava.tpm.tpm2.crypto.RsaEncryption;
import org.swtpmjava.tpm.tpm2.crypto.RsaEncryption.RsaEncryptionException;
import org.swtpmjava.tpm.tpm2.crypto.RsaSignatures;
import org.swtpmjava.tpm.tpm2.exec.CommandArguments;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.exec.TpmCommand;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmsRsaParms;
import org.swtpmjava.tpm.tpm2.types.TpmtAsymScheme;

/**
 * TPM2_RSA_Decrypt (Part 3 §14.3): decrypts with a loaded unrestricted RSA decryption key. The
 * ciphertext must be exactly as long as the modulus (TPM_RC_SIZE); OAEP takes the label (with its
 * terminating zero) as given; TPM_ALG_NULL returns the raw modulus-sized block. A padding
 * check that fails, or a raw value not below the modulus, is TPM_RC_FAILURE as libtpms answers
 * when OpenSSL refuses.
 */
public final class RsaDecrypt implements TpmCommand<RsaDecrypt.In> {
    private final SecureRandom blinding = new SecureRandom();

    /**
     * @param keyHandle  TPMI_DH_OBJECT
     * @param cipherText TPM2B_PUBLIC_KEY_RSA
     * @param inScheme   TPMT_RSA_DECRYPT+
     * @param label      TPM2B_DATA
     */
    public record In(int keyHandle, byte[] cipherText, TpmtAsymScheme inScheme, byte[] label) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] cipherText = arguments.parameters().next(reader -> reader.readSized(RsaEncrypt.MAX_RSA_KEY_BYTES));
        TpmtAsymScheme scheme = arguments.parameters().next(RsaDecryptScheme::unmarshal);
        byte[] label = arguments.parameters().next(reader -> reader.readSized(RsaEncrypt.MAX_DATA));
        return new In(arguments.handle(0), cipherText, scheme, label);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        LoadedObject key = context.state().objects().object(in.keyHandle());
        if (key == null || key.publicArea().type() != TpmAlgId.RSA) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.KEY, 1));
        }
        if (key.has(TpmaObject.RESTRICTED) || !key.has(TpmaObject.DECRYPT)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 1));
        }
        if (!RsaDecryptScheme.isLabelWellFormed(in.label())) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, 3));
        }
        TpmtAsymScheme scheme = RsaDecryptScheme.select(key, in.inScheme());
        if (scheme == null) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SCHEME, 2));
        }
        byte[] modulus = key.publicArea().unique().first();
        if (in.cipherText().length != modulus.length) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        context.state().selfTests().test(scheme.scheme());
        RSAPrivateCrtKeyParameters privateKey = RsaSignatures.privateKey(modulus,
                ((TpmsRsaParms) key.publicArea().parameters()).exponent(), key.sensitive());
        byte[] message;
        try {
            switch (scheme.scheme()) {
                case TpmAlgId.OAEP:
                    message = RsaEncryption.oaepDecrypt(privateKey, scheme.hashAlg(), in.label(), in.cipherText());
                    break;
                case TpmAlgId.RSAES:
                    message = RsaEncryption.pkcs1Decrypt(privateKey, in.cipherText());
                    break;
                default:
                    message = RsaEncryption.rawDecrypt(privateKey, in.cipherText(), blinding);
                    break;
            }
        } catch (RsaEncryptionException e) {
            throw new TpmRcException(TpmRc.FAILURE);
        }
        return writer -> writer.writeSized(message);
    }
}
