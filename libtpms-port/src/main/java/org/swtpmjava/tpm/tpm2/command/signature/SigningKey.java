package org.swtpmjava.tpm.tpm2.command.signature;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.swtpmjava.tpm.tpm2.command.asymmetric.EcdaaCommits;
import org.swtpmjava.tpm.tpm2.crypto.EcSchnorrSignatures;
import org.swtpmjava.tpm.tpm2.crypto.EccCurves;
import org.swtpmjava.tpm.tpm2.crypto.EcdaaSignatures;
import org.swtpmjava.tpm.tpm2.crypto.EcdsaSignatures;
import org.swtpmjava.tpm.tpm2.crypto.Hmacs;
import org.swtpmjava.tpm.tpm2.crypto.RsaSignatures;
import org.swtpmjava.tpm.tpm2.crypto.Sm2Signatures;
import org.swtpmjava.tpm.tpm2.crypto.TpmRandom;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.state.TpmState;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsEccParms;
import org.swtpmjava.tpm.tpm2.types.TpmsKeyedHashParms;
import org.swtpmjava.tpm.tpm2.types.TpmsRsaParms;
import org.swtpmjava.tpm.tpm2.types.TpmtAsymScheme;
import org.swtpmjava.tpm.tpm2.types.TpmtKeyedHashScheme;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmtSigScheme;
import org.swtpmjava.tpm.tpm2.types.TpmtSignature;

/**
 * A loaded object used to sign or verify (reference CryptUtil.c CryptSelectSignScheme, CryptSign,
 * CryptValidateSignature): RSASSA, RSAPSS, ECDSA, EC-Schnorr, SM2, ECDAA (with the commit value
 * of a TPM2_Commit count, TPM_RC_VALUE without one) and HMAC. ECDAA signatures are not verified
 * (TPM_RC_SCHEME, as in libtpms).
 */
public final class SigningKey {
    private final LoadedObject object;

    public SigningKey(LoadedObject object) {
        this.object = object;
    }

    /** The scheme in the key's public area (TPM_ALG_NULL for none). */
    private TpmtSigScheme keyScheme() {
        TpmtPublic area = object.publicArea();
        switch (area.type()) {
            case TpmAlgId.RSA: {
                TpmtAsymScheme scheme = ((TpmsRsaParms) area.parameters()).scheme();
                return new TpmtSigScheme(scheme.scheme(), scheme.hashAlg(), scheme.count());
            }
            case TpmAlgId.ECC: {
                TpmtAsymScheme scheme = ((TpmsEccParms) area.parameters()).scheme();
                return new TpmtSigScheme(scheme.scheme(), scheme.hashAlg(), scheme.count());
            }
            default: {
                TpmtKeyedHashScheme scheme = ((TpmsKeyedHashParms) area.parameters()).scheme();
                return new TpmtSigScheme(scheme.scheme(), scheme.hashAlg(), 0);
            }
        }
    }

    /**
     * CryptSelectSignScheme: a key without a scheme needs one from the caller that suits the key
     * type; a key with one
     * takes the caller's TPM_ALG_NULL (unless the scheme is split, i.e. ECDAA) or the very same
     * scheme and hash; else null (TPM_RC_SCHEME). Symmetric keys never sign.
     */
    public TpmtSigScheme selectScheme(TpmtSigScheme requested) {
        if (object.publicArea().type() == TpmAlgId.SYMCIPHER) {
            return null;
        }
        TpmtSigScheme own = keyScheme();
        if (own.scheme() == TpmAlgId.NULL) {
            // Observed on libtpms 0.9.2: the caller's scheme must also suit the key type (RSA:
            // RSASSA/RSAPSS, ECC: the ECC schemes, keyed hash: HMAC), before the digest size check.
            return requested.scheme() != TpmAlgId.NULL && suitsKeyType(requested.scheme()) ? requested : null;
        }
        if (requested.scheme() == TpmAlgId.NULL) {
            return own.scheme() != TpmAlgId.ECDAA ? own : null;
        }
        return own.scheme() == requested.scheme() && own.hashAlg() == requested.hashAlg() ? requested : null;
    }

    private boolean suitsKeyType(int scheme) {
        switch (object.publicArea().type()) {
            case TpmAlgId.RSA:
                return scheme == TpmAlgId.RSASSA || scheme == TpmAlgId.RSAPSS;
            case TpmAlgId.ECC:
                return scheme == TpmAlgId.ECDSA || scheme == TpmAlgId.ECDAA || scheme == TpmAlgId.SM2
                        || scheme == TpmAlgId.ECSCHNORR;
            default:
                return scheme == TpmAlgId.HMAC;
        }
    }

    /**
     * CryptSign; unsupported combinations are TPM_RC_SCHEME (not numbered). {@code random} serves
     * where libtpms uses OpenSSL's generator (PSS salt, EC-Schnorr nonce), {@code tpmRandom} where
     * it uses the TPM's DRBG (the SM2 nonce); {@code state} holds the ECDAA commit counter and
     * array (STATE_RESET_DATA) and the self-tests.
     */
    public TpmtSignature sign(TpmtSigScheme scheme, byte[] digest, SecureRandom random, TpmRandom tpmRandom,
                       TpmState state) {
        TpmtPublic area = object.publicArea();
        int sigAlg = scheme.scheme();
        int hashAlg = scheme.hashAlg();
        switch (area.type()) {
            case TpmAlgId.RSA: {
                int exponent = ((TpmsRsaParms) area.parameters()).exponent();
                var key = RsaSignatures.privateKey(area.unique().first(), exponent, object.sensitive());
                if (sigAlg == TpmAlgId.RSASSA) {
                    return single(sigAlg, hashAlg, RsaSignatures.signPkcs1(key, hashAlg, digest));
                }
                if (sigAlg == TpmAlgId.RSAPSS) {
                    return single(sigAlg, hashAlg, RsaSignatures.signPss(key, hashAlg, digest, random));
                }
                throw new TpmRcException(TpmRc.SCHEME);
            }
            case TpmAlgId.ECC: {
                byte[][] rs;
                if (sigAlg == TpmAlgId.ECDSA) {
                    rs = EcdsaSignatures.sign(domain(), object.sensitive(), hashAlg, digest);
                } else if (sigAlg == TpmAlgId.ECSCHNORR) {
                    rs = EcSchnorrSignatures.sign(domain(), object.sensitive(), hashAlg, digest, random);
                } else if (sigAlg == TpmAlgId.SM2) {
                    rs = Sm2Signatures.sign(domain(), object.sensitive(), digest, tpmRandom);
                } else if (sigAlg == TpmAlgId.ECDAA) {
                    rs = signEcdaa(scheme, digest, random, state);
                } else {
                    throw new TpmRcException(TpmRc.SCHEME);
                }
                return new TpmtSignature(sigAlg, hashAlg, rs[0], rs[1]);
            }
            default:
                if (sigAlg != TpmAlgId.HMAC) {
                    // libtpms would put an HMAC into another scheme's union member
                    throw new TpmRcException(TpmRc.SCHEME);
                }
                return single(sigAlg, hashAlg, Hmacs.hmac(hashAlg, object.sensitive(), digest));
        }
    }

    /**
     * BnSignEcdaa: the count must name a live commitment (CryptGenerateR, else TPM_RC_VALUE); a
     * successful signature ends it (CryptEndCommit).
     */
    private byte[][] signEcdaa(TpmtSigScheme scheme, byte[] digest, SecureRandom random, TpmState state) {
        ECDomainParameters domain = domain();
        BigInteger r = EcdaaCommits.committedR(state, scheme.count(), domain, object.name());
        if (r == null) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        byte[][] rs = EcdaaSignatures.sign(domain, object.sensitive(), scheme.hashAlg(), digest, r, random);
        EcdaaCommits.end(state, scheme.count());
        return rs;
    }

    /** CryptValidateSignature: TPM_RC_SCHEME or TPM_RC_SIGNATURE (not numbered) if it fails. */
    public void verify(byte[] digest, TpmtSignature signature) {
        TpmtPublic area = object.publicArea();
        int sigAlg = signature.sigAlg();
        switch (area.type()) {
            case TpmAlgId.RSA: {
                if (sigAlg != TpmAlgId.RSASSA && sigAlg != TpmAlgId.RSAPSS) {
                    throw new TpmRcException(TpmRc.SCHEME);
                }
                byte[] modulus = area.unique().first();
                if (signature.first().length != modulus.length) {
                    throw new TpmRcException(TpmRc.SIGNATURE);
                }
                var key = RsaSignatures.publicKey(modulus, ((TpmsRsaParms) area.parameters()).exponent());
                boolean valid = sigAlg == TpmAlgId.RSASSA
                        ? RsaSignatures.verifyPkcs1(key, signature.hashAlg(), digest, signature.first())
                        : RsaSignatures.verifyPss(key, signature.hashAlg(), digest, signature.first());
                require(valid);
                return;
            }
            case TpmAlgId.ECC: {
                if (sigAlg != TpmAlgId.ECDSA && sigAlg != TpmAlgId.ECSCHNORR && sigAlg != TpmAlgId.SM2) {
                    throw new TpmRcException(TpmRc.SCHEME);
                }
                ECDomainParameters domain = domain();
                BigInteger r = new BigInteger(1, signature.first());
                BigInteger s = new BigInteger(1, signature.second());
                if (r.signum() == 0 || s.signum() == 0 || r.compareTo(domain.getN()) >= 0
                        || s.compareTo(domain.getN()) >= 0) {
                    throw new TpmRcException(TpmRc.SIGNATURE);
                }
                byte[] x = area.unique().first();
                byte[] y = area.unique().second();
                if (sigAlg == TpmAlgId.ECDSA) {
                    require(EcdsaSignatures.verify(domain, x, y, digest, signature.first(), signature.second()));
                } else if (sigAlg == TpmAlgId.ECSCHNORR) {
                    require(EcSchnorrSignatures.verify(domain, x, y, signature.hashAlg(), digest, signature.first(),
                            signature.second()));
                } else {
                    require(Sm2Signatures.verify(domain, x, y, digest, signature.first(), signature.second()));
                }
                return;
            }
            case TpmAlgId.KEYEDHASH: {
                if (object.publicOnly()) {
                    // CryptValidateSignature: no HMAC key to verify with
                    throw new TpmRcException(TpmRc.HANDLE);
                }
                if (sigAlg != TpmAlgId.HMAC) {
                    throw new TpmRcException(TpmRc.SCHEME);
                }
                TpmtSigScheme own = keyScheme();
                if (own.scheme() != TpmAlgId.NULL
                        && (own.scheme() != sigAlg || own.hashAlg() != signature.hashAlg())) {
                    throw new TpmRcException(TpmRc.SIGNATURE);
                }
                byte[] expected = Hmacs.hmac(signature.hashAlg(), object.sensitive(), digest);
                require(MessageDigest.isEqual(expected, signature.first()));
                return;
            }
            default:
                throw new TpmRcException(TpmRc.SCHEME);
        }
    }

    private ECDomainParameters domain() {
        return EccCurves.of(((TpmsEccParms) object.publicArea().parameters()).curveId());
    }

    private static TpmtSignature single(int sigAlg, int hashAlg, byte[] value) {
        return new TpmtSignature(sigAlg, hashAlg, value, new byte[0]);
    }

    private static void require(boolean valid) {
        if (!valid) {
            throw new TpmRcException(TpmRc.SIGNATURE);
        }
    }
}
