package org.swtpmjava.tpm.tpm2.command.object;

import static org.swtpmjava.tpm.tpm2.types.TpmaObject.DECRYPT;
import static org.swtpmjava.tpm.tpm2.types.TpmaObject.ENCRYPTED_DUPLICATION;
import static org.swtpmjava.tpm.tpm2.types.TpmaObject.FIXED_PARENT;
import static org.swtpmjava.tpm.tpm2.types.TpmaObject.FIXED_TPM;
import static org.swtpmjava.tpm.tpm2.types.TpmaObject.RESTRICTED;
import static org.swtpmjava.tpm.tpm2.types.TpmaObject.SENSITIVE_DATA_ORIGIN;
import static org.swtpmjava.tpm.tpm2.types.TpmaObject.SIGN;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsEccParms;
import org.swtpmjava.tpm.tpm2.types.TpmsKeyedHashParms;
import org.swtpmjava.tpm.tpm2.types.TpmsRsaParms;
import org.swtpmjava.tpm.tpm2.types.TpmsSymCipherParms;
import org.swtpmjava.tpm.tpm2.types.TpmtAsymScheme;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmtSymDefObject;

/**
 * The template checks of object creation and loading (a primary object has no parent object), in the
 * reference's order (Object_spt.c CreateChecks, PublicAttributesValidation, SchemeChecks). The
 * bare codes thrown get the template's parameter number from the command.
 */
public final class TemplateChecks {
    private TemplateChecks() {
    }

    /** CreateChecks(NULL, publicArea, sensitiveDataSize). */
    static void createChecks(TpmtPublic template, int sensitiveDataSize) {
        createChecks(null, template, sensitiveDataSize);
    }

    /** CreateChecks(parentObject, publicArea, sensitiveDataSize); a null parent is a hierarchy. */
    static void createChecks(LoadedObject parent, TpmtPublic template, int sensitiveDataSize) {
        if (!template.has(SENSITIVE_DATA_ORIGIN) && sensitiveDataSize == 0) {
            throw new TpmRcException(TpmRc.ATTRIBUTES);
        }
        // an ordinary object takes data from the caller only when sensitiveDataOrigin is clear
        if (parent != null && template.has(SENSITIVE_DATA_ORIGIN) && sensitiveDataSize != 0) {
            throw new TpmRcException(TpmRc.ATTRIBUTES);
        }
        switch (template.type()) {
            case TpmAlgId.KEYEDHASH:
                // a data object (neither sign nor decrypt) must get its data from the caller
                if (!template.has(SIGN) && !template.has(DECRYPT) && template.has(SENSITIVE_DATA_ORIGIN)) {
                    throw new TpmRcException(TpmRc.ATTRIBUTES);
                }
                restrictedSymmetricOrigin(template);
                break;
            case TpmAlgId.SYMCIPHER:
                restrictedSymmetricOrigin(template);
                break;
            default:
                // asymmetric keys cannot have their sensitive part provided
                if (!template.has(SENSITIVE_DATA_ORIGIN)) {
                    throw new TpmRcException(TpmRc.ATTRIBUTES);
                }
                break;
        }
        publicAttributesValidation(parent, template);
    }

    /** A restricted symmetric key must have sensitiveDataOrigin unless fixedParent and fixedTPM are clear. */
    private static void restrictedSymmetricOrigin(TpmtPublic template) {
        if (template.has(RESTRICTED) && !template.has(SENSITIVE_DATA_ORIGIN)
                && (template.has(FIXED_PARENT) || template.has(FIXED_TPM))) {
            throw new TpmRcException(TpmRc.ATTRIBUTES);
        }
    }

    /** PublicAttributesValidation(NULL, publicArea). */
    public static void publicAttributesValidation(TpmtPublic template) {
        publicAttributesValidation(null, template);
    }

    /**
     * PublicAttributesValidation(parentObject, publicArea): a hierarchy counts as a fixedTPM
     * parent; under a parent that is not fixedTPM the object cannot be fixedTPM; a child has its
     * parent's encryptedDuplication.
     */
    static void publicAttributesValidation(LoadedObject parent, TpmtPublic template) {
        if (template.nameAlg() == TpmAlgId.NULL) {
            throw new TpmRcException(TpmRc.HASH);
        }
        int policySize = template.authPolicy().length;
        if (policySize != 0 && policySize != Hashes.digestSize(template.nameAlg())) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        if (parent == null || parent.has(FIXED_TPM)) {
            if (template.has(FIXED_PARENT) != template.has(FIXED_TPM)) {
                throw new TpmRcException(TpmRc.ATTRIBUTES);
            }
        } else if (template.has(FIXED_TPM)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES);
        }
        if (template.has(SIGN) == template.has(DECRYPT)) {
            if (template.has(RESTRICTED)) {
                throw new TpmRcException(TpmRc.ATTRIBUTES);
            }
            if (template.type() != TpmAlgId.KEYEDHASH && !template.has(SIGN)) {
                throw new TpmRcException(TpmRc.ATTRIBUTES);
            }
        }
        if (template.has(FIXED_TPM) && template.has(ENCRYPTED_DUPLICATION)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES);
        }
        // under a parent that is not fixedTPM a child has its parent's encryptedDuplication
        if (parent != null && !parent.has(FIXED_TPM)
                && template.has(ENCRYPTED_DUPLICATION) != parent.has(ENCRYPTED_DUPLICATION)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES);
        }
        // a derived object (Part 1 §28.4) has its parent's fixedTPM and is fixedParent
        if (parent != null && parent.isDerivationParent()
                && (template.has(FIXED_TPM) != parent.has(FIXED_TPM) || !template.has(FIXED_PARENT))) {
            throw new TpmRcException(TpmRc.ATTRIBUTES);
        }
        schemeChecks(parent, template);
    }

    /** SchemeChecks(NULL, publicArea). */
    static void schemeChecks(TpmtPublic template) {
        schemeChecks(null, template);
    }

    /**
     * SchemeChecks(parentObject, publicArea). A storage parent needs a symmetric algorithm; a
     * fixedParent one under a parent object has that parent's nameAlg (TPM_RC_HASH) and symmetric
     * definition (TPM_RC_SYMMETRIC; libtpms compares the first six bytes of the parent's
     * parameters, which for a KEYEDHASH parent are its scheme and never match).
     */
    static void schemeChecks(LoadedObject parent, TpmtPublic template) {
        TpmtSymDefObject symmetric = null;
        switch (template.type()) {
            case TpmAlgId.SYMCIPHER:
                symmetric = ((TpmsSymCipherParms) template.parameters()).sym();
                if (template.has(DECRYPT) && !isBlockCipherMode(symmetric.mode())) {
                    throw new TpmRcException(TpmRc.SCHEME);
                }
                break;
            case TpmAlgId.KEYEDHASH:
                keyedHashScheme(template);
                break;
            default:
                symmetric = asymmetricScheme(template);
                break;
        }
        if (symmetric != null && template.has(RESTRICTED) && template.has(DECRYPT)
                && symmetric.algorithm() == TpmAlgId.NULL) {
            // an ordinary (storage) parent needs a symmetric algorithm
            throw new TpmRcException(TpmRc.SYMMETRIC);
        }
        if (symmetric != null && template.has(RESTRICTED) && template.has(DECRYPT) && template.has(FIXED_PARENT)
                && parent != null) {
            if (template.nameAlg() != parent.publicArea().nameAlg()) {
                throw new TpmRcException(TpmRc.HASH);
            }
            if (parent.publicArea().type() == TpmAlgId.KEYEDHASH
                    || !symmetric.equals(PrivateProtection.parentSymmetric(parent.publicArea()))) {
                throw new TpmRcException(TpmRc.SYMMETRIC);
            }
        }
    }

    /** CryptSymModeIsValid(mode, TRUE): a block cipher mode or TPM_ALG_NULL, not CMAC. */
    private static boolean isBlockCipherMode(int mode) {
        return mode == TpmAlgId.CTR || mode == TpmAlgId.OFB || mode == TpmAlgId.CBC || mode == TpmAlgId.CFB
                || mode == TpmAlgId.ECB || mode == TpmAlgId.NULL;
    }

    private static void keyedHashScheme(TpmtPublic template) {
        var scheme = ((TpmsKeyedHashParms) template.parameters()).scheme();
        if (template.has(SIGN) == template.has(DECRYPT)) {
            if (scheme.scheme() != TpmAlgId.NULL) {
                throw new TpmRcException(TpmRc.SCHEME);
            }
        } else if (template.has(SIGN) && scheme.scheme() != TpmAlgId.HMAC) {
            throw new TpmRcException(TpmRc.SCHEME);
        } else if (template.has(DECRYPT)) {
            if (scheme.scheme() != TpmAlgId.XOR) {
                throw new TpmRcException(TpmRc.SCHEME);
            }
            // a derivation parent: SP800-108 is the only KDF this implementation derives with
            if (template.has(RESTRICTED) && scheme.kdf() != TpmAlgId.KDF1_SP800_108) {
                throw new TpmRcException(TpmRc.SCHEME);
            }
        }
    }

    /** The asymmetric part of SchemeChecks; returns the key's symmetric definition. */
    private static TpmtSymDefObject asymmetricScheme(TpmtPublic template) {
        TpmtSymDefObject symmetric;
        TpmtAsymScheme scheme;
        if (template.type() == TpmAlgId.RSA) {
            TpmsRsaParms rsa = (TpmsRsaParms) template.parameters();
            symmetric = rsa.symmetric();
            scheme = rsa.scheme();
        } else {
            TpmsEccParms ecc = (TpmsEccParms) template.parameters();
            symmetric = ecc.symmetric();
            scheme = ecc.scheme();
        }
        int id = scheme.scheme();
        if (template.has(SIGN) == template.has(DECRYPT)) {
            if (id != TpmAlgId.NULL) {
                throw new TpmRcException(TpmRc.SCHEME);
            }
        } else if (template.has(SIGN)) {
            if (isSignScheme(template.type(), id)) {
                if (scheme.hashAlg() == TpmAlgId.NULL) {
                    throw new TpmRcException(TpmRc.SCHEME);
                }
            } else if (template.has(RESTRICTED) || id != TpmAlgId.NULL) {
                throw new TpmRcException(TpmRc.SCHEME);
            }
        } else {
            if (template.has(RESTRICTED)) {
                if (id != TpmAlgId.NULL) {
                    throw new TpmRcException(TpmRc.SCHEME);
                }
            } else if (id != TpmAlgId.NULL && !isDecryptScheme(template.type(), id)) {
                throw new TpmRcException(TpmRc.SCHEME);
            }
        }
        if ((!template.has(RESTRICTED) || !template.has(DECRYPT)) && symmetric.algorithm() != TpmAlgId.NULL) {
            // only a parent has a symmetric algorithm
            throw new TpmRcException(TpmRc.SYMMETRIC);
        }
        // no libtpms 0.9 curve prescribes a signing scheme; the KDF must be TPM_ALG_NULL
        if (template.type() == TpmAlgId.ECC
                && ((TpmsEccParms) template.parameters()).kdf().scheme() != TpmAlgId.NULL) {
            throw new TpmRcException(TpmRc.KDF);
        }
        return symmetric;
    }

    /** CryptIsAsymSignScheme. */
    static boolean isSignScheme(int type, int scheme) {
        if (type == TpmAlgId.RSA) {
            return scheme == TpmAlgId.RSASSA || scheme == TpmAlgId.RSAPSS;
        }
        return scheme == TpmAlgId.ECDSA || scheme == TpmAlgId.ECDAA || scheme == TpmAlgId.ECSCHNORR
                || scheme == TpmAlgId.SM2;
    }

    /** CryptIsAsymDecryptScheme. */
    private static boolean isDecryptScheme(int type, int scheme) {
        if (type == TpmAlgId.RSA) {
            return scheme == TpmAlgId.RSAES || scheme == TpmAlgId.OAEP;
        }
        return scheme == TpmAlgId.ECDH || scheme == TpmAlgId.SM2 || scheme == TpmAlgId.ECMQV;
    }
}
