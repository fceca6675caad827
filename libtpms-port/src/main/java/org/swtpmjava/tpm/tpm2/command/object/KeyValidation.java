package org.swtpmjava.tpm.tpm2.command.object;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.swtpmjava.tpm.tpm2.crypto.EccCurves;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.TdesKeys;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmsEccParms;
import org.swtpmjava.tpm.tpm2.types.TpmsKeyedHashParms;
import org.swtpmjava.tpm.tpm2.types.TpmsRsaParms;
import org.swtpmjava.tpm.tpm2.types.TpmsSymCipherParms;
import org.swtpmjava.tpm.tpm2.types.TpmtKeyedHashScheme;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmtSensitive;
import org.swtpmjava.tpm.tpm2.types.TpmtSymDefObject;

/**
 * ObjectLoad's checks (reference Object.c) for TPM2_Load, TPM2_LoadExternal and TPM2_Import:
 * the seedValue size, PublicAttributesValidation (SchemeChecks for a public-only object or one
 * without a nameAlg), CryptValidateKeys (CryptUtil.c), and for an object that goes into a slot
 * the RSA part of loading it (CryptRsaLoadPrivateExponent), with libtpms' codes. Some codes
 * carry the public or sensitive parameter's number, some are bare, as in libtpms.
 */
public final class KeyValidation {
    /** Data of a KEYEDHASH object without a scheme may be up to 128 bytes. */
    private static final int MAX_DATA_OBJECT = 128;

    /** Whether ObjectLoad gets an object slot (Load, LoadExternal) or only checks (Import). */
    public enum Use { LOAD, CHECK_ONLY }

    private final int blamePublic;
    private final int blameSensitive;

    private KeyValidation(int publicParameter, int sensitiveParameter) {
        this.blamePublic = publicParameter;
        this.blameSensitive = sensitiveParameter;
    }

    /**
     * ObjectLoad up to the object's installation. {@code parent} is null for LoadExternal and
     * Import; under a fixedTPM parent Load does not validate the key pair (the parent's own
     * protection vouches for it); Import (no slot) and LoadExternal always do. {@code sensitive}
     * is null for a public-only object.
     *
     * @param publicParameter    the number of the public area's parameter
     * @param sensitiveParameter the number of the sensitive area's parameter
     */
    public static void objectLoad(Use use, LoadedObject parent, TpmtPublic publicArea, TpmtSensitive sensitive,
                                  int publicParameter, int sensitiveParameter) {
        KeyValidation check = new KeyValidation(publicParameter, sensitiveParameter);
        check.attributes(parent, publicArea, sensitive);
        boolean validate = use == Use.CHECK_ONLY || parent == null || !parent.has(TpmaObject.FIXED_TPM);
        if (validate) {
            check.validate(publicArea, sensitive);
        }
        if (use == Use.LOAD && sensitive != null && publicArea.type() == TpmAlgId.RSA) {
            checkRsaPrivateExponent(publicArea, sensitive.sensitive());
        }
    }

    /**
     * ObjectLoad's first part: the seedValue size (sensitive parameter), then the attribute checks
     * against the parent, or for a public-only object or one without a nameAlg only SchemeChecks
     * with no parent (public parameter).
     */
    private void attributes(LoadedObject parent, TpmtPublic publicArea, TpmtSensitive sensitive) {
        boolean schemeOnly = sensitive == null || publicArea.nameAlg() == TpmAlgId.NULL;
        if (!schemeOnly && sensitive.seedValue().length > Hashes.digestSize(publicArea.nameAlg())) {
            throw onSensitive(TpmRc.KEY_SIZE);
        }
        try {
            if (schemeOnly) {
                TemplateChecks.schemeChecks(publicArea);
            } else if (parent == null) {
                TemplateChecks.publicAttributesValidation(publicArea);
            } else {
                TemplateChecks.publicAttributesValidation(parent, publicArea);
            }
        } catch (TpmRcException e) {
            throw onPublic(e.responseCode());
        }
    }

    /** CryptValidateKeys; {@code sensitive} is null for a public-only object. */
    private void validate(TpmtPublic publicArea, TpmtSensitive sensitive) {
        int nameAlg = publicArea.nameAlg();
        int digestSize = nameAlg == TpmAlgId.NULL ? 0 : Hashes.digestSize(nameAlg);
        if (sensitive != null) {
            if (publicArea.type() != sensitive.sensitiveType()) {
                throw onSensitive(TpmRc.TYPE);
            }
            if (sensitive.authValue().length > digestSize && digestSize > 0) {
                throw onSensitive(TpmRc.SIZE);
            }
        }
        switch (publicArea.type()) {
            case TpmAlgId.RSA:
                rsa(publicArea, sensitive);
                break;
            case TpmAlgId.ECC:
                ecc(publicArea, sensitive);
                break;
            default:
                symmetric(publicArea, sensitive, digestSize);
                break;
        }
        // a parent's seedValue must be at least half the nameAlg's digest size
        if (publicArea.has(TpmaObject.RESTRICTED) && publicArea.has(TpmaObject.DECRYPT) && sensitive != null
                && nameAlg != TpmAlgId.NULL) {
            int seedSize = sensitive.seedValue().length;
            if (seedSize < digestSize / 2 || seedSize > digestSize) {
                throw onSensitive(TpmRc.SIZE);
            }
        }
    }

    private void rsa(TpmtPublic publicArea, TpmtSensitive sensitive) {
        TpmsRsaParms parms = (TpmsRsaParms) publicArea.parameters();
        int keyBytes = (parms.keyBits() + 7) / 8;
        byte[] modulus = publicArea.unique().first();
        if (modulus.length != keyBytes || (modulus[0] & 0xFF) < 0x80) {
            throw onPublic(TpmRc.KEY);
        }
        if (parms.exponent() != 0 && Integer.compareUnsigned(parms.exponent(), 7) < 0) {
            throw onPublic(TpmRc.VALUE);
        }
        if (sensitive != null) {
            byte[] prime = sensitive.sensitive();
            if (prime.length * 2 != keyBytes || (prime[0] & 0xFF) < 0x80) {
                throw onSensitive(TpmRc.KEY_SIZE);
            }
        }
    }

    private void ecc(TpmtPublic publicArea, TpmtSensitive sensitive) {
        ECDomainParameters domain = EccCurves.of(((TpmsEccParms) publicArea.parameters()).curveId());
        if (domain == null) {
            throw new TpmRcException(TpmRc.CURVE);
        }
        int keyBytes = (domain.getCurve().getFieldSize() + 7) / 8;
        byte[] x = publicArea.unique().first();
        byte[] y = publicArea.unique().second();
        if (sensitive == null) {
            if (x.length != keyBytes || y.length != keyBytes) {
                throw onPublic(TpmRc.KEY);
            }
            if (publicArea.nameAlg() != TpmAlgId.NULL && !isOnCurve(domain, x, y)) {
                throw onPublic(TpmRc.ECC_POINT);
            }
            return;
        }
        BigInteger d = new BigInteger(1, sensitive.sensitive());
        if (d.signum() == 0 || d.compareTo(domain.getN()) >= 0) {
            throw new TpmRcException(TpmRc.KEY_SIZE);
        }
        if (publicArea.nameAlg() != TpmAlgId.NULL) {
            ECPoint q = domain.getG().multiply(d).normalize();
            if (!q.getAffineXCoord().toBigInteger().equals(new BigInteger(1, x))
                    || !q.getAffineYCoord().toBigInteger().equals(new BigInteger(1, y))) {
                throw new TpmRcException(TpmRc.BINDING);
            }
        }
    }

    private static boolean isOnCurve(ECDomainParameters domain, byte[] x, byte[] y) {
        try {
            return domain.getCurve().createPoint(new BigInteger(1, x), new BigInteger(1, y)).isValid();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** SYMCIPHER and KEYEDHASH: the unique size, the key size, and the binding of unique to the key. */
    private void symmetric(TpmtPublic publicArea, TpmtSensitive sensitive, int digestSize) {
        if (sensitive == null) {
            if (publicArea.unique().first().length != digestSize) {
                throw onPublic(TpmRc.KEY);
            }
            return;
        }
        byte[] key = sensitive.sensitive();
        if (publicArea.type() == TpmAlgId.SYMCIPHER) {
            TpmtSymDefObject sym = ((TpmsSymCipherParms) publicArea.parameters()).sym();
            if (key.length != (sym.keyBits() + 7) / 8) {
                throw onSensitive(TpmRc.KEY_SIZE);
            }
            if (sym.algorithm() == TpmAlgId.TDES && !TdesKeys.isValid(key)) {
                throw onSensitive(TpmRc.KEY);
            }
        } else {
            TpmtKeyedHashScheme scheme = ((TpmsKeyedHashParms) publicArea.parameters()).scheme();
            int maxSize = scheme.scheme() == TpmAlgId.NULL ? MAX_DATA_OBJECT
                    : ((ExtendedDigest) Hashes.newDigest(scheme.hashAlg())).getByteLength();
            if (key.length > maxSize) {
                throw onSensitive(TpmRc.KEY_SIZE);
            }
        }
        if (publicArea.nameAlg() != TpmAlgId.NULL) {
            if (sensitive.seedValue().length != digestSize) {
                throw onSensitive(TpmRc.KEY_SIZE);
            }
            byte[] unique = PrimaryObjectCreation.symmetricUnique(publicArea, sensitive.seedValue(), key);
            if (!Arrays.equals(unique, publicArea.unique().first())) {
                throw new TpmRcException(TpmRc.BINDING);
            }
        }
    }

    /**
     * CryptRsaLoadPrivateExponent: the second prime is the modulus divided by the first (a
     * remainder is TPM_RC_BINDING), and the private exponent and CRT values must exist (else
     * TPM_RC_BINDING). Both codes are bare.
     */
    private static void checkRsaPrivateExponent(TpmtPublic publicArea, byte[] prime) {
        BigInteger n = new BigInteger(1, publicArea.unique().first());
        BigInteger p = new BigInteger(1, prime);
        long exponent = Integer.toUnsignedLong(((TpmsRsaParms) publicArea.parameters()).exponent());
        BigInteger e = BigInteger.valueOf(exponent == 0 ? 65537 : exponent);
        if (p.signum() == 0) {
            throw new TpmRcException(TpmRc.BINDING);
        }
        BigInteger[] quotient = n.divideAndRemainder(p);
        if (quotient[1].signum() != 0) {
            throw new TpmRcException(TpmRc.BINDING);
        }
        BigInteger q = quotient[0];
        try {
            e.modInverse(p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE)));
            q.modInverse(p);
        } catch (ArithmeticException notInvertible) {
            throw new TpmRcException(TpmRc.BINDING);
        }
    }

    private TpmRcException onPublic(int rc) {
        return new TpmRcException(ResponseCodes.parameter(rc, blamePublic));
    }

    private TpmRcException onSensitive(int rc) {
        return new TpmRcException(ResponseCodes.parameter(rc, blameSensitive));
    }
}
