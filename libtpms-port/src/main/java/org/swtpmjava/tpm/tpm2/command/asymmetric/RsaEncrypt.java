package org.swtpmjava.tpm.tpm2.command.asymmetric;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
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
 * TPM2_RSA_Encrypt (Part 3 §14.2): encrypts with the public part of a loaded RSA key that has
 * decrypt set (restricted keys too; no authorization). OAEP and RSAES pad with randomness, which
 * libtpms takes from OpenSSL's generator (here a SecureRandom); TPM_ALG_NULL is raw RSA: the
 * message without its leading zero octets must fit in the modulus (else TPM_RC_VALUE) and is
 * right-aligned in a modulus-sized block. Whatever OpenSSL refuses (a message too long for the
 * padding, a raw value not below the modulus) libtpms answers TPM_RC_FAILURE, and so does this.
 */
public final class RsaEncrypt implements TpmCommand<RsaEncrypt.In> {
    /** MAX_RSA_KEY_BYTES of libtpms 0.9. */
    static final int MAX_RSA_KEY_BYTES = 384;
    /** sizeof(TPMT_HA): the largest TPM2B_DATA. */
    static final int MAX_DATA = 66;

    private final SecureRandom random = new SecureRandom();

    /**
     * @param keyHandle TPMI_DH_OBJECT
     * @param message   TPM2B_PUBLIC_KEY_RSA
     * @param inScheme  TPMT_RSA_DECRYPT+
     * @param label     TPM2B_DATA
     */
    public record In(int keyHandle, byte[] message, TpmtAsymScheme inScheme, byte[] label) {
    }

    @Override
    public In unmarshal(CommandArguments arguments) {
        byte[] message = arguments.parameters().next(reader -> reader.readSized(MAX_RSA_KEY_BYTES));
        TpmtAsymScheme scheme = arguments.parameters().next(RsaDecryptScheme::unmarshal);
        byte[] label = arguments.parameters().next(reader -> reader.readSized(MAX_DATA));
        return new In(arguments.handle(0), message, scheme, label);
    }

    @Override
    public CommandOutput execute(In in, CommandContext context) {
        LoadedObject key = context.state().objects().object(in.keyHandle());
        if (key == null || key.publicArea().type() != TpmAlgId.RSA) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.KEY, 1));
        }
        if (!key.has(TpmaObject.DECRYPT)) {
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
        RSAKeyParameters publicKey = RsaSignatures.publicKey(modulus,
                ((TpmsRsaParms) key.publicArea().parameters()).exponent());
        context.state().selfTests().test(scheme.scheme());
        byte[] cipherText;
        try {
            switch (scheme.scheme()) {
                case TpmAlgId.OAEP:
                    cipherText = RsaEncryption.oaepEncrypt(publicKey, scheme.hashAlg(), in.label(), in.message(),
                            random);
                    break;
                case TpmAlgId.RSAES:
                    cipherText = RsaEncryption.pkcs1Encrypt(publicKey, in.message(), random);
                    break;
                default:
                    cipherText = RsaEncryption.rawEncrypt(publicKey, rawBlock(in.message(), modulus.length));
                    break;
            }
        } catch (RsaEncryptionException e) {
            throw new TpmRcException(TpmRc.FAILURE);
        }
        return writer -> writer.writeSized(cipherText);
    }

    /** The message without leading zero octets, right-aligned in a block of the modulus' size. */
    private static byte[] rawBlock(byte[] message, int size) {
        int start = 0;
        while (start < message.length && message[start] == 0) {
            start++;
        }
        int length = message.length - start;
        if (length > size) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        byte[] block = new byte[size];
        System.arraycopy(message, start, block, size - length, length);
        return block;
    }
}
