package org.swtpmjava.tpm.tpm2.command.symmetric;

import org.swtpmjava.tpm.tpm2.crypto.SymmetricCfb;
import org.swtpmjava.tpm.tpm2.crypto.SymmetricModes;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.CommandOutput;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmsSymCipherParms;
import org.swtpmjava.tpm.tpm2.types.TpmtSymDefObject;

/**
 * What TPM2_EncryptDecrypt and TPM2_EncryptDecrypt2 share (the reference's EncryptDecryptShared,
 * Part 3 §15.2-15.3), with the checks in libtpms' order: the key must be a SYMCIPHER (TPM_RC_KEY),
 * unrestricted and with decrypt (to decrypt) or sign (to encrypt) set (TPM_RC_ATTRIBUTES), its
 * mode must be a cipher mode or TPM_ALG_NULL (a CMAC key: TPM_RC_MODE on the handle); the
 * command's mode must be TPM_ALG_NULL or the key's, and is required when the key has none
 * (TPM_RC_MODE); ivIn must be empty for ECB and one block otherwise (TPM_RC_SIZE); CBC and ECB
 * data must be whole blocks (TPM_RC_SIZE). The codes are numbered as for TPM2_EncryptDecrypt
 * (mode 2, ivIn 3, inData 4); {@link Numbering} renumbers them for EncryptDecrypt2.
 */
final class SymmetricEncryption {
    /** MAX_SYM_BLOCK_SIZE: the maximum of TPM2B_IV. */
    static final int MAX_IV = 16;

    /** The parameter numbers of mode, ivIn and inData in one of the two commands. */
    record Numbering(int mode, int ivIn, int inData) {
        static final Numbering ENCRYPT_DECRYPT = new Numbering(2, 3, 4);
        static final Numbering ENCRYPT_DECRYPT_2 = new Numbering(3, 4, 1);
    }

    private SymmetricEncryption() {
    }

    /**
     * TPMI_ALG_CIPHER_MODE+ (Part 2 Table 70, rev 1.59): CTR, OFB, CBC, CFB, ECB or TPM_ALG_NULL,
     * else TPM_RC_MODE (unlike a key's TPMI_ALG_SYM_MODE, CMAC is not one).
     */
    static int readCipherMode(TpmReader reader) {
        int mode = reader.readU16();
        if (mode != TpmAlgId.NULL && !SymmetricModes.isCipherMode(mode)) {
            throw new TpmRcException(TpmRc.MODE);
        }
        return mode;
    }

    /** TPM2B_IV: at most MAX_SYM_BLOCK_SIZE bytes, else TPM_RC_SIZE. */
    static byte[] readIv(TpmReader reader) {
        return reader.readSized(MAX_IV);
    }

    static CommandOutput run(CommandContext context, int keyHandle, boolean decrypt, int modeIn, byte[] ivIn,
                             byte[] inData, Numbering numbering) {
        LoadedObject key = context.state().objects().object(keyHandle);
        if (key == null || key.publicArea().type() != TpmAlgId.SYMCIPHER) {
            // a sequence object has type TPM_ALG_NULL in the reference
            throw new TpmRcException(ResponseCodes.handle(TpmRc.KEY, 1));
        }
        boolean allowed = !key.has(TpmaObject.RESTRICTED) && key.has(decrypt ? TpmaObject.DECRYPT : TpmaObject.SIGN);
        if (!allowed) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 1));
        }
        TpmtSymDefObject sym = ((TpmsSymCipherParms) key.publicArea().parameters()).sym();
        int mode = sym.mode();
        if (mode != TpmAlgId.NULL && !SymmetricModes.isCipherMode(mode)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.MODE, 1));
        }
        if (mode == TpmAlgId.NULL) {
            if (modeIn == TpmAlgId.NULL) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.MODE, numbering.mode()));
            }
            mode = modeIn;
        } else if (modeIn != TpmAlgId.NULL && modeIn != mode) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.MODE, numbering.mode()));
        }
        int blockSize = SymmetricCfb.blockSize(sym.algorithm());
        int expectedIv = mode == TpmAlgId.ECB ? 0 : blockSize;
        if (ivIn.length != expectedIv) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, numbering.ivIn()));
        }
        if ((mode == TpmAlgId.CBC || mode == TpmAlgId.ECB) && inData.length % blockSize != 0) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SIZE, numbering.inData()));
        }
        if (inData.length > 0) {
            // CryptSymmetricEncrypt/Decrypt return at once for empty data (ivOut = ivIn)
            context.state().selfTests().test(sym.algorithm());
        }
        byte[] keyBytes = key.sensitive();
        SymmetricModes.Output out = decrypt
                ? SymmetricModes.decrypt(sym.algorithm(), keyBytes, mode, ivIn, inData)
                : SymmetricModes.encrypt(sym.algorithm(), keyBytes, mode, ivIn, inData);
        return writer -> {
            writer.writeSized(out.data());
            writer.writeSized(out.ivOut());
        };
    }
}
