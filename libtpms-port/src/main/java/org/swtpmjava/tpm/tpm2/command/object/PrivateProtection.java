package org.swtpmjava.tpm.tpm2.command.object;

import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.KeyRandom;
import org.swtpmjava.tpm.tpm2.crypto.OuterWrap;
import org.swtpmjava.tpm.tpm2.crypto.SymmetricCfb;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsEccParms;
import org.swtpmjava.tpm.tpm2.types.TpmsRsaParms;
import org.swtpmjava.tpm.tpm2.types.TpmsSymCipherParms;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmtSensitive;
import org.swtpmjava.tpm.tpm2.types.TpmtSymDefObject;

/**
 * The protection of an object's sensitive area by its storage parent (Part 1 §22-23; reference
 * SensitiveToPrivate / PrivateToSensitive, outer wrap with useIV): TPM2B_PRIVATE = integrity
 * (TPM2B_DIGEST) || IV (TPM2B_IV, one block from the TPM's random generator) || CFB encryption of
 * TPM2B_SENSITIVE under that IV. Both keys come from the parent's seedValue with KDFa over the
 * parent's nameAlg: the symmetric key with label "STORAGE" and the object's Name as contextU,
 * the HMAC key with label "INTEGRITY"; the integrity is the HMAC of IV || encrypted part
 * followed by the Name.
 */
public final class PrivateProtection {
    /** sizeof(_PRIVATE) of libtpms 0.9: two TPM2B_DIGEST and a TPM2B_SENSITIVE. */
    public static final int MAX_PRIVATE = 1230;
    /** MAX_SYM_BLOCK_SIZE: the largest TPM2B_IV. */
    private static final int MAX_SYM_BLOCK_SIZE = 16;

    private PrivateProtection() {
    }

    /** SensitiveToPrivate: the TPM2B_PRIVATE buffer (without its own size). */
    public static byte[] wrap(TpmtSensitive sensitive, byte[] name, LoadedObject parent, KeyRandom random) {
        int hashAlg = parent.publicArea().nameAlg();
        TpmtSymDefObject symmetric = parentSymmetric(parent.publicArea());
        byte[] iv = random.generate(SymmetricCfb.blockSize(symmetric.algorithm()));
        byte[] plain = new TpmWriter(1024).writeSized(sensitive.toBytes()).toByteArray();
        byte[] ivAndEncrypted = new TpmWriter(2 + iv.length + plain.length).writeSized(iv)
                .writeBytes(crypt(true, parent, name, iv, plain)).toByteArray();
        byte[] integrity = integrity(parent, hashAlg, ivAndEncrypted, name);
        return new TpmWriter(2 + integrity.length + ivAndEncrypted.length).writeSized(integrity)
                .writeBytes(ivAndEncrypted).toByteArray();
    }

    /**
     * SensitiveToPrivate with a derivation parent (TPM2_ObjectChangeAuth of a derived object):
     * libtpms reads the KEYEDHASH parent's scheme as the symmetric definition, whose "algorithm"
     * (TPM_ALG_XOR) has no block, so the IV is empty and the TPM2B_SENSITIVE stays in the clear;
     * the integrity is computed as usual from the parent's seedValue.
     */
    static byte[] wrapUnderDerivationParent(TpmtSensitive sensitive, byte[] name, LoadedObject parent) {
        byte[] plain = new TpmWriter(1024).writeSized(sensitive.toBytes()).toByteArray();
        byte[] ivAndPlain = new TpmWriter(2 + plain.length).writeSized(new byte[0]).writeBytes(plain).toByteArray();
        byte[] integrity = integrity(parent, parent.publicArea().nameAlg(), ivAndPlain, name);
        return new TpmWriter(2 + integrity.length + ivAndPlain.length).writeSized(integrity).writeBytes(ivAndPlain)
                .toByteArray();
    }

    /**
     * PrivateToSensitive: UnwrapOuter (the integrity as TPM2B_DIGEST, its codes as they come;
     * a mismatch is TPM_RC_INTEGRITY; then the IV, TPM_RC_VALUE unless one block), then decryption; a decrypted part shorter than its
     * size field is TPM_RC_INSUFFICIENT; a TPM2B_SENSITIVE whose size disagrees
     * with the data, which does not unmarshal or leaves bytes over is TPM_RC_SENSITIVE. The codes
     * are bare; the command adds the parameter number.
     */
    static TpmtSensitive unwrap(byte[] inPrivate, byte[] name, LoadedObject parent) {
        int hashAlg = parent.publicArea().nameAlg();
        TpmReader reader = new TpmReader(inPrivate);
        byte[] integrity = reader.readSized(Hashes.MAX_DIGEST_SIZE);
        byte[] ivAndEncrypted = reader.readBytes(reader.remaining());
        if (!Arrays.equals(integrity, integrity(parent, hashAlg, ivAndEncrypted, name))) {
            throw new TpmRcException(TpmRc.INTEGRITY);
        }
        TpmReader ivReader = new TpmReader(ivAndEncrypted);
        byte[] iv = ivReader.readSized(MAX_SYM_BLOCK_SIZE);
        if (iv.length != SymmetricCfb.blockSize(parentSymmetric(parent.publicArea()).algorithm())) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        byte[] plain = crypt(false, parent, name, iv, ivReader.readBytes(ivReader.remaining()));
        TpmReader sensitive = new TpmReader(plain);
        int size = sensitive.readU16();
        if (size + 2 != plain.length) {
            throw new TpmRcException(TpmRc.SENSITIVE);
        }
        try {
            TpmtSensitive value = TpmtSensitive.unmarshal(sensitive);
            if (!sensitive.hasRemaining()) {
                return value;
            }
        } catch (TpmRcException e) {
            // any unmarshalling failure of the decrypted area is reported as TPM_RC_SENSITIVE
        }
        throw new TpmRcException(TpmRc.SENSITIVE);
    }

    /** ComputeOuterIntegrity under the parent's seedValue ({@link OuterWrap}). */
    private static byte[] integrity(LoadedObject parent, int hashAlg, byte[] data, byte[] name) {
        return OuterWrap.integrity(hashAlg, parent.seedValue(), data, name);
    }

    /** ComputeProtectionKeyParms and CryptSymmetricEncrypt/Decrypt in CFB ({@link OuterWrap}). */
    private static byte[] crypt(boolean encrypt, LoadedObject parent, byte[] name, byte[] iv, byte[] data) {
        return OuterWrap.crypt(encrypt, parent.publicArea().nameAlg(), parent.seedValue(),
                parentSymmetric(parent.publicArea()), name, iv, data);
    }

    /** The algorithms the protection uses get their self-test: KDFa, the parent's cipher, CFB. */
    public static void selfTest(TpmState state, LoadedObject parent) {
        state.selfTests().test(TpmAlgId.KDF1_SP800_108);
        state.selfTests().test(parentSymmetric(parent.publicArea()).algorithm());
        state.selfTests().test(TpmAlgId.CFB);
    }

    /** The symmetric definition of a storage parent: TPMS_SYMCIPHER_PARMS.sym or the asymmetric key's. */
    public static TpmtSymDefObject parentSymmetric(TpmtPublic parent) {
        switch (parent.type()) {
            case TpmAlgId.RSA:
                return ((TpmsRsaParms) parent.parameters()).symmetric();
            case TpmAlgId.ECC:
                return ((TpmsEccParms) parent.parameters()).symmetric();
            case TpmAlgId.SYMCIPHER:
                return ((TpmsSymCipherParms) parent.parameters()).sym();
            default:
                throw new TpmRcException(TpmRc.TYPE);
        }
    }
}
