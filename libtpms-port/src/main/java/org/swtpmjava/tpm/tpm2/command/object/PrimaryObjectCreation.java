package org.swtpmjava.tpm.tpm2.command.object;

import org.bouncycastle.crypto.ExtendedDigest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.swtpmjava.tpm.tpm2.crypto.EccCurves;
import org.swtpmjava.tpm.tpm2.crypto.EccPrimaryKey;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.Hmacs;
import org.swtpmjava.tpm.tpm2.crypto.KeyRandom;
import org.swtpmjava.tpm.tpm2.crypto.PrimaryObjectDrbg;
import org.swtpmjava.tpm.tpm2.crypto.RsaPrimaryKey;
import org.swtpmjava.tpm.tpm2.crypto.TdesKeys;
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
import org.swtpmjava.tpm.tpm2.types.TpmtSymDefObject;
import org.swtpmjava.tpm.tpm2.types.TpmuPublicId;

/**
 * CryptCreateObject for a primary object (libtpms.md §5.2): the key from the primary-object
 * DRBG by type, then for endorsement primaries two reseeds with shProof and ehProof, then the
 * seedValue (nameAlg digest size), then the unique field of symmetric objects. The result is the
 * completed public area and the sensitive area.
 */
final class PrimaryObjectCreation {
    /** RADIX_BITS of a 64-bit libtpms build: symmetric key sizes must be multiples of it. */
    private static final int RADIX_BITS = 64;
    /** SEED_COMPAT_LEVEL_LAST of libtpms 0.9: what DRBG_GetSeedCompatLevel answers for rand == NULL. */
    private static final int SEED_COMPAT_LEVEL_LAST = 1;

    private TpmtPublic publicArea;
    private byte[] sensitive;
    private byte[] seedValue;

    private PrimaryObjectCreation(TpmtPublic template) {
        this.publicArea = template;
    }

    /**
     * @param seedCompatLevel   the hierarchy seed's compatibility level (RSA prime candidates)
     * @param endorsementProofs shProof and ehProof for an endorsement primary, else null
     */
    static PrimaryObjectCreation create(TpmtPublic template, byte[] sensitiveData, PrimaryObjectDrbg drbg,
                                        int seedCompatLevel, byte[][] endorsementProofs) {
        return create(template, sensitiveData, drbg, seedCompatLevel, () -> {
            if (endorsementProofs != null) {
                for (byte[] proof : endorsementProofs) {
                    drbg.additionalData(proof);
                }
            }
        });
    }

    /**
     * CryptCreateObject for an ordinary object (TPM2_Create, rand == NULL): symmetric keys,
     * seedValue from the TPM's random generator; RSA and ECC keys are made by OpenSSL in libtpms
     * 0.9 and take nothing from that generator, so they come from {@code asymmetricRandom}.
     */
    static PrimaryObjectCreation createOrdinary(TpmtPublic template, byte[] sensitiveData, KeyRandom tpmRandom,
                                                KeyRandom asymmetricRandom) {
        return create(template, sensitiveData, tpmRandom, asymmetricRandom, SEED_COMPAT_LEVEL_LAST, () -> { });
    }

    /**
     * CryptCreateObject for a derived object (TPM2_CreateLoaded under a derivation parent): key,
     * seedValue and all from the parent's KDF; inSensitive.data is not used (it held the label
     * and context). RSA keys are refused before.
     */
    static PrimaryObjectCreation createDerived(TpmtPublic template, KeyRandom kdf) {
        return create(template, new byte[0], kdf, SEED_COMPAT_LEVEL_LAST, () -> { });
    }

    private static PrimaryObjectCreation create(TpmtPublic template, byte[] sensitiveData, KeyRandom drbg,
                                                int seedCompatLevel, Runnable beforeSeed) {
        return create(template, sensitiveData, drbg, drbg, seedCompatLevel, beforeSeed);
    }

    private static PrimaryObjectCreation create(TpmtPublic template, byte[] sensitiveData, KeyRandom drbg,
                                                KeyRandom asymmetricRandom, int seedCompatLevel, Runnable beforeSeed) {
        PrimaryObjectCreation creation = new PrimaryObjectCreation(template);
        byte[] data = template.has(TpmaObject.SENSITIVE_DATA_ORIGIN) ? new byte[0] : sensitiveData;
        switch (template.type()) {
            case TpmAlgId.RSA:
                creation.rsa(asymmetricRandom, seedCompatLevel);
                break;
            case TpmAlgId.ECC:
                creation.ecc(asymmetricRandom);
                break;
            case TpmAlgId.SYMCIPHER:
                creation.symmetric(data, drbg);
                break;
            default:
                creation.keyedHash(data, drbg);
                break;
        }
        beforeSeed.run();
        creation.seedValue = drbg.generate(Hashes.digestSize(template.nameAlg()));
        creation.finishUnique();
        return creation;
    }

    TpmtPublic publicArea() {
        return publicArea;
    }

    SensitiveArea sensitiveArea() {
        return new SensitiveArea(sensitive, seedValue);
    }

    private void rsa(KeyRandom drbg, int seedCompatLevel) {
        TpmsRsaParms parms = (TpmsRsaParms) publicArea.parameters();
        RsaPrimaryKey key = RsaPrimaryKey.derive(parms.keyBits(), parms.exponent(), seedCompatLevel, drbg);
        publicArea = publicArea.withUnique(TpmuPublicId.single(key.modulus()));
        sensitive = key.prime();
    }

    private void ecc(KeyRandom drbg) {
        ECDomainParameters domain = EccCurves.of(((TpmsEccParms) publicArea.parameters()).curveId());
        if (domain == null) {
            throw new TpmRcException(TpmRc.CURVE);
        }
        EccPrimaryKey key = EccPrimaryKey.derive(domain, drbg);
        publicArea = publicArea.withUnique(TpmuPublicId.point(key.x(), key.y()));
        sensitive = key.d();
    }

    /**
     * CryptGenerateKeySymmetric: given key bytes must be keyBits / 8 long (TPM_RC_KEY_SIZE) and a
     * valid TDES key (TPM_RC_KEY); TDES keys are generated with odd parity, weak keys redrawn.
     */
    private void symmetric(byte[] data, KeyRandom drbg) {
        TpmtSymDefObject sym = ((TpmsSymCipherParms) publicArea.parameters()).sym();
        if (sym.keyBits() % RADIX_BITS != 0) {
            throw new TpmRcException(TpmRc.KEY_SIZE);
        }
        if (data.length != 0) {
            // CryptSymKeyValidate: the size, and for TDES no weak key and distinct key parts
            if (data.length != sym.keyBits() / 8) {
                throw new TpmRcException(TpmRc.KEY_SIZE);
            }
            if (sym.algorithm() == TpmAlgId.TDES && !TdesKeys.isValid(data)) {
                throw new TpmRcException(TpmRc.KEY);
            }
            sensitive = data;
        } else if (sym.algorithm() == TpmAlgId.TDES) {
            sensitive = TdesKeys.derive(sym.keyBits(), drbg);
        } else {
            sensitive = drbg.generate(sym.keyBits() / 8);
        }
    }

    /**
     * CryptGenerateKeyedHash: the scheme's hash (nameAlg for TPM_ALG_NULL) sizes a generated key;
     * a given key of an HMAC or XOR key may not exceed that hash's block size (TPM_RC_SIZE).
     */
    private void keyedHash(byte[] data, KeyRandom drbg) {
        TpmtKeyedHashScheme scheme = ((TpmsKeyedHashParms) publicArea.parameters()).scheme();
        int hashAlg = scheme.scheme() == TpmAlgId.NULL ? publicArea.nameAlg() : scheme.hashAlg();
        if (data.length != 0) {
            boolean isKey = publicArea.has(TpmaObject.SIGN) || publicArea.has(TpmaObject.DECRYPT);
            if (isKey && data.length > ((ExtendedDigest) Hashes.newDigest(hashAlg)).getByteLength()) {
                throw new TpmRcException(TpmRc.SIZE);
            }
            sensitive = data;
        } else {
            sensitive = drbg.generate(Hashes.digestSize(hashAlg));
        }
    }

    /**
     * Symmetric objects: unique = HMAC_nameAlg(seedValue, key) for parents (restricted decrypt),
     * else H_nameAlg(seedValue || key). Asymmetric keys keep the seedValue only as parents.
     */
    private void finishUnique() {
        int type = publicArea.type();
        if (type == TpmAlgId.SYMCIPHER || type == TpmAlgId.KEYEDHASH) {
            publicArea = publicArea.withUnique(TpmuPublicId.single(symmetricUnique(publicArea, seedValue, sensitive)));
        } else if (publicArea.has(TpmaObject.SIGN) || !publicArea.has(TpmaObject.RESTRICTED)) {
            seedValue = new byte[0];
        }
    }

    /** CryptComputeSymmetricUnique: HMAC_nameAlg(seedValue, key) for a parent, else H_nameAlg(seedValue || key). */
    static byte[] symmetricUnique(TpmtPublic publicArea, byte[] seedValue, byte[] key) {
        boolean parent = publicArea.has(TpmaObject.RESTRICTED) && publicArea.has(TpmaObject.DECRYPT);
        return parent ? Hmacs.hmac(publicArea.nameAlg(), seedValue, key)
                : Hashes.digest(publicArea.nameAlg(), seedValue, key);
    }
}
