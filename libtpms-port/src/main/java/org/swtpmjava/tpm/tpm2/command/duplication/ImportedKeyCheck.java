package org.swtpmjava.tpm.tpm2.command.duplication;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.swtpmjava.tpm.tpm2.crypto.EccCurves;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.Hmacs;
import org.swtpmjava.tpm.tpm2.crypto.TdesKeys;
import org.swtpmjava.tpm.tpm2.exec.ResponseCodes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
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
 * CryptValidateKeys (reference CryptUtil.c) for a public area with its sensitive area, as
 * TPM2_Import runs it under a fixedTPM parent: matching types (TPM_RC_TYPE) and an authValue no
 * longer than the nameAlg digest (TPM_RC_SIZE) on the sensitive parameter; RSA modulus size and
 * top bit (TPM_RC_KEY) and exponent (TPM_RC_VALUE) on the public parameter, the prime's size and
 * top bit (TPM_RC_KEY_SIZE) on the sensitive one (the key pair itself is not checked, as in the
 * reference); an ECC scalar outside [1, n) is a bare TPM_RC_KEY_SIZE and one that does not give
 * the public point a bare TPM_RC_BINDING; symmetric keys of the wrong size (TPM_RC_KEY_SIZE) or
 * weak TDES keys (TPM_RC_KEY), keyed-hash keys beyond the scheme hash's block size
 * (TPM_RC_KEY_SIZE), a seedValue not of digest size (TPM_RC_KEY_SIZE) and a unique field that
 * is not the object's obfuscation of seedValue and key (bare TPM_RC_BINDING); a storage key's
 * seedValue must be at least half a digest long (TPM_RC_SIZE).
 */
final class ImportedKeyCheck {
    /** The largest keyed-hash data object. */
    private static final int MAX_SYM_DATA = 128;

    private ImportedKeyCheck() {
    }

    static void validate(TpmtPublic area, TpmtSensitive sensitive, int publicParameter, int sensitiveParameter) {
        int digestSize = Hashes.digestSize(area.nameAlg());
        if (area.type() != sensitive.sensitiveType()) {
            throw fail(TpmRc.TYPE, sensitiveParameter);
        }
        if (sensitive.authValue().length > digestSize) {
            throw fail(TpmRc.SIZE, sensitiveParameter);
        }
        byte[] key = sensitive.sensitive();
        switch (area.type()) {
            case TpmAlgId.RSA:
                rsa(area, key, publicParameter, sensitiveParameter);
                break;
            case TpmAlgId.ECC:
                ecc(area, key);
                break;
            default:
                symmetric(area, sensitive, publicParameter, sensitiveParameter);
                break;
        }
        int seedSize = sensitive.seedValue().length;
        if (area.has(TpmaObject.RESTRICTED) && area.has(TpmaObject.DECRYPT)
                && (seedSize < digestSize / 2 || seedSize > digestSize)) {
            throw fail(TpmRc.SIZE, sensitiveParameter);
        }
    }

    private static void rsa(TpmtPublic area, byte[] primeP, int publicParameter, int sensitiveParameter) {
        TpmsRsaParms parms = (TpmsRsaParms) area.parameters();
        int keyBytes = (parms.keyBits() + 7) / 8;
        byte[] modulus = area.unique().first();
        if (modulus.length != keyBytes || (modulus[0] & 0xFF) < 0x80) {
            throw fail(TpmRc.KEY, publicParameter);
        }
        if (parms.exponent() != 0 && Integer.compareUnsigned(parms.exponent(), 7) < 0) {
            throw fail(TpmRc.VALUE, publicParameter);
        }
        if (primeP.length * 2 != keyBytes || (primeP[0] & 0xFF) < 0x80) {
            throw fail(TpmRc.KEY_SIZE, sensitiveParameter);
        }
    }

    private static void ecc(TpmtPublic area, byte[] scalar) {
        ECDomainParameters domain = EccCurves.of(((TpmsEccParms) area.parameters()).curveId());
        BigInteger d = new BigInteger(1, scalar);
        if (d.signum() == 0 || d.compareTo(domain.getN()) >= 0) {
            throw new TpmRcException(TpmRc.KEY_SIZE);
        }
        ECPoint q = domain.getG().multiply(d).normalize();
        byte[] x = area.unique().first();
        byte[] y = area.unique().second();
        if (!Arrays.equals(x, BigIntegers.asUnsignedByteArray(x.length, q.getAffineXCoord().toBigInteger()))
                || !Arrays.equals(y, BigIntegers.asUnsignedByteArray(y.length, q.getAffineYCoord().toBigInteger()))) {
            throw new TpmRcException(TpmRc.BINDING);
        }
    }

    private static void symmetric(TpmtPublic area, TpmtSensitive sensitive, int publicParameter,
                                  int sensitiveParameter) {
        byte[] key = sensitive.sensitive();
        if (area.type() == TpmAlgId.SYMCIPHER) {
            TpmtSymDefObject sym = ((TpmsSymCipherParms) area.parameters()).sym();
            if (key.length != (sym.keyBits() + 7) / 8) {
                throw fail(TpmRc.KEY_SIZE, sensitiveParameter);
            }
            if (sym.algorithm() == TpmAlgId.TDES && !TdesKeys.isValid(key)) {
                throw fail(TpmRc.KEY, sensitiveParameter);
            }
        } else {
            TpmtKeyedHashScheme scheme = ((TpmsKeyedHashParms) area.parameters()).scheme();
            int maxSize;
            if (scheme.scheme() == TpmAlgId.XOR || scheme.scheme() == TpmAlgId.HMAC) {
                maxSize = ((ExtendedDigest) Hashes.newDigest(scheme.hashAlg())).getByteLength();
            } else if (scheme.scheme() == TpmAlgId.NULL) {
                maxSize = MAX_SYM_DATA;
            } else {
                throw fail(TpmRc.SCHEME, publicParameter);
            }
            if (key.length > maxSize) {
                throw fail(TpmRc.KEY_SIZE, sensitiveParameter);
            }
        }
        byte[] seed = sensitive.seedValue();
        if (seed.length != Hashes.digestSize(area.nameAlg())) {
            throw fail(TpmRc.KEY_SIZE, sensitiveParameter);
        }
        // CryptComputeSymmetricUnique: an HMAC keyed by the seed for parents, else a hash
        byte[] unique = area.has(TpmaObject.RESTRICTED) && area.has(TpmaObject.DECRYPT)
                ? Hmacs.hmac(area.nameAlg(), seed, key) : Hashes.digest(area.nameAlg(), seed, key);
        if (!Arrays.equals(unique, area.unique().first())) {
            throw new TpmRcException(TpmRc.BINDING);
        }
    }

    private static TpmRcException fail(int rc, int parameter) {
        return new TpmRcException(ResponseCodes.parameter(rc, parameter));
    }
}
