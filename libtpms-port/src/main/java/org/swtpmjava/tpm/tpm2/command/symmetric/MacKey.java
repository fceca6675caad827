package org.swtpmjava.tpm.tpm2.command.symmetric;

import org.swtpmjava.tpm.tpm2.crypto.Cmac;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.HmacComputation;
import org.swtpmjava.tpm.tpm2.crypto.MacComputation;
import org.swtpmjava.tpm.tpm2.exec.CommandContext;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TransientObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmsKeyedHashParms;
import org.swtpmjava.tpm.tpm2.types.TpmsSymCipherParms;
import org.swtpmjava.tpm.tpm2.types.TpmtSymDefObject;

/**
 * The key checks TPM2_MAC and TPM2_MAC_Start share (Part 3 rev 1.59 §15.4-15.5, §17.2-17.3), in
 * libtpms' order: CryptSelectMac (only KEYEDHASH and SYMCIPHER keys MAC, else TPM_RC_TYPE on the
 * handle; the command's scheme must be TPM_ALG_NULL or the key's, and is required when the key
 * has none, else TPM_RC_VALUE; the result must suit the key type - a hash for a keyed-hash key,
 * CMAC for a symmetric key - else TPM_RC_SCHEME; both numbered as inScheme, parameter 2), then a
 * restricted key is TPM_RC_ATTRIBUTES and a key without sign TPM_RC_KEY (both on the handle).
 * libtpms 0.9.2 compiles CMAC in, so 0x155 / 0x15B are TPM2_MAC / TPM2_MAC_Start and not
 * TPM2_HMAC / TPM2_HMAC_Start; for keyed-hash keys the wire format and results are those of HMAC.
 */
public final class MacKey {
    /** The parameter number of inScheme in both commands. */
    private static final int IN_SCHEME = 2;

    private MacKey() {
    }

    /** TPMI_ALG_MAC_SCHEME+: an implemented hash, CMAC or TPM_ALG_NULL, else TPM_RC_SYMMETRIC. */
    public static int readScheme(TpmReader reader) {
        int alg = reader.readU16();
        if (Hashes.isImplemented(alg) || alg == TpmAlgId.CMAC || alg == TpmAlgId.NULL) {
            return alg;
        }
        throw new TpmRcException(TpmRc.SYMMETRIC);
    }

    /**
     * The key and the MAC algorithm CryptSelectMac settled on.
     *
     * @param key    the keyed-hash or symmetric key
     * @param macAlg the hash of an HMAC, or TPM_ALG_CMAC
     */
    public record Selection(LoadedObject key, int macAlg) {
    }

    /** Checks the key at {@code handle} against {@code inScheme}, in libtpms' order. */
    public static Selection select(CommandContext context, int handle, int inScheme) {
        TransientObject object = context.state().objects().get(handle);
        if (!(object instanceof LoadedObject)) {
            // a sequence object has type TPM_ALG_NULL
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 1));
        }
        LoadedObject key = (LoadedObject) object;
        int type = key.publicArea().type();
        int keyMac;
        if (type == TpmAlgId.KEYEDHASH) {
            // HMAC's hash, or XOR's, which sits in the same place of the scheme union
            keyMac = ((TpmsKeyedHashParms) key.publicArea().parameters()).scheme().hashAlg();
        } else if (type == TpmAlgId.SYMCIPHER) {
            keyMac = ((TpmsSymCipherParms) key.publicArea().parameters()).sym().mode();
        } else {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.TYPE, 1));
        }
        int macAlg;
        if (inScheme != TpmAlgId.NULL) {
            if (keyMac != TpmAlgId.NULL && inScheme != keyMac) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, IN_SCHEME));
            }
            macAlg = inScheme;
        } else {
            if (keyMac == TpmAlgId.NULL) {
                throw new TpmRcException(ResponseCodes.parameter(TpmRc.VALUE, IN_SCHEME));
            }
            macAlg = keyMac;
        }
        boolean suitsKey = type == TpmAlgId.KEYEDHASH ? Hashes.isImplemented(macAlg) : macAlg == TpmAlgId.CMAC;
        if (!suitsKey) {
            throw new TpmRcException(ResponseCodes.parameter(TpmRc.SCHEME, IN_SCHEME));
        }
        if (key.has(TpmaObject.RESTRICTED)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.ATTRIBUTES, 1));
        }
        if (!key.has(TpmaObject.SIGN)) {
            throw new TpmRcException(ResponseCodes.handle(TpmRc.KEY, 1));
        }
        return new Selection(key, macAlg);
    }

    /** CryptMacStart: an HMAC (after its hash's self-test) or a CMAC with the selected key. */
    public static MacComputation start(CommandContext context, Selection selection) {
        LoadedObject key = selection.key();
        if (key.publicArea().type() == TpmAlgId.KEYEDHASH) {
            context.state().selfTests().test(selection.macAlg());
            return HmacComputation.start(selection.macAlg(), key.sensitive());
        }
        TpmtSymDefObject sym = ((TpmsSymCipherParms) key.publicArea().parameters()).sym();
        return Cmac.start(sym.algorithm(), sym.keyBits(), key.sensitive());
    }
}
