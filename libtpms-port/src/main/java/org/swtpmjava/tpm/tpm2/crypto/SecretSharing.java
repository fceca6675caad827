package org.swtpmjava.tpm.tpm2.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.RuntimeCryptoException;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmaObject;
import org.swtpmjava.tpm.tpm2.types.TpmsEccParms;
import org.swtpmjava.tpm.tpm2.types.TpmsRsaParms;
import org.swtpmjava.tpm.tpm2.types.TpmtAsymScheme;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmuPublicId;

/**
 * Secret sharing with an asymmetric key (Part 1 §24 and Annex B.10 / C.6; reference CryptUtil.c
 * CryptSecretEncrypt / CryptSecretDecrypt): a seed as long as the key's nameAlg digest, shared as
 * TPM2B_ENCRYPTED_SECRET. The label is a null-terminated string ("IDENTITY", "DUPLICATE",
 * "SECRET"; the zero octet is part of L).
 * <ul>
 * <li>RSA: the seed from the TPM's random generator, encrypted with OAEP over the key's nameAlg;
 * the OAEP seed comes from the platform generator (libtpms 0.9 leaves the padding to OpenSSL).
 * Decryption uses the key's OAEP scheme, or OAEP over the nameAlg when it has none.</li>
 * <li>ECC: one-pass Diffie-Hellman with an ephemeral key Qe (made by the platform generator, as
 * libtpms 0.9 has OpenSSL make it); the secret is TPMS_ECC_POINT Qe, the seed KDFe(nameAlg,
 * Z.x, label, Qe.x, Q.x, digest bits) with Z = d * Q.</li>
 * </ul>
 * Failures are bare codes as the reference returns them.
 */
public final class SecretSharing {
    public static final String IDENTITY = "IDENTITY";
    public static final String DUPLICATE = "DUPLICATE";
    public static final String SECRET = "SECRET";
    /** sizeof(TPMU_ENCRYPTED_SECRET): the largest TPM2B_ENCRYPTED_SECRET (an RSA-3072 ciphertext). */
    public static final int MAX_ENCRYPTED_SECRET = 384;

    /** The seed and its TPM2B_ENCRYPTED_SECRET contents (without the size). */
    public record SharedSecret(byte[] seed, byte[] encryptedSecret) {
    }

    private SecretSharing() {
    }

    /**
     * CryptSecretEncrypt: a key without decrypt is TPM_RC_ATTRIBUTES, an RSA modulus too short
     * for OAEP with the nameAlg TPM_RC_FAILURE (after the seed was drawn), an ECC public point off
     * its curve TPM_RC_KEY.
     */
    public static SharedSecret encrypt(TpmtPublic key, String label, KeyRandom tpmRandom, SecureRandom platformRandom) {
        if (!key.has(TpmaObject.DECRYPT)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES);
        }
        byte[] labelBytes = labelBytes(label);
        int seedSize = Hashes.digestSize(key.nameAlg());
        if (key.type() == TpmAlgId.RSA) {
            byte[] seed = tpmRandom.generate(seedSize);
            TpmsRsaParms parms = (TpmsRsaParms) key.parameters();
            OAEPEncoding oaep = new OAEPEncoding(new RSABlindedEngine(), Hashes.newDigest(key.nameAlg()),
                    Hashes.newDigest(key.nameAlg()), labelBytes);
            oaep.init(true, new ParametersWithRandom(
                    RsaSignatures.publicKey(key.unique().first(), parms.exponent()), platformRandom));
            try {
                return new SharedSecret(seed, oaep.processBlock(seed, 0, seed.length));
            } catch (InvalidCipherTextException | RuntimeCryptoException | IllegalArgumentException
                     | IllegalStateException e) {
                // a seed too long for OAEP under this modulus: OpenSSL's failure in libtpms 0.9
                throw new TpmRcException(TpmRc.FAILURE);
            }
        }
        if (key.type() != TpmAlgId.ECC) {
            throw new TpmRcException(TpmRc.KEY);
        }
        ECDomainParameters domain = EccCurves.of(((TpmsEccParms) key.parameters()).curveId());
        ECPoint q = point(domain, key.unique().first(), key.unique().second());
        if (q == null) {
            throw new TpmRcException(TpmRc.KEY);
        }
        int size = EccCurves.orderBytes(domain);
        // FIPS 186-4 B.4.1: 64 extra random bits, reduced mod (n - 1), plus 1
        BigInteger extra = new BigInteger(1, randomBytes(platformRandom, size + 8));
        BigInteger d = extra.mod(domain.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
        ECPoint qe = domain.getG().multiply(d).normalize();
        byte[] qeX = BigIntegers.asUnsignedByteArray(size, qe.getAffineXCoord().toBigInteger());
        byte[] qeY = BigIntegers.asUnsignedByteArray(size, qe.getAffineYCoord().toBigInteger());
        ECPoint z = q.multiply(d).normalize();
        if (z.isInfinity()) {
            throw new TpmRcException(TpmRc.KEY);
        }
        byte[] zx = BigIntegers.asUnsignedByteArray(size, z.getAffineXCoord().toBigInteger());
        byte[] seed = Kdfe.derive(key.nameAlg(), zx, labelBytes, qeX, key.unique().first(), seedSize * 8);
        byte[] secret = new TpmWriter(4 + 2 * size).writeSized(qeX).writeSized(qeY).toByteArray();
        return new SharedSecret(seed, secret);
    }

    /**
     * CryptSecretDecrypt for an RSA or ECC key. RSA: a scheme other than OAEP (or NULL) is
     * TPM_RC_SCHEME, a ciphertext not as long as the modulus TPM_RC_SIZE, a failed OAEP decoding
     * TPM_RC_FAILURE (libtpms 0.9's OpenSSL path), a seed longer than the digest TPM_RC_VALUE.
     * ECC: the TPMS_ECC_POINT's unmarshalling codes, a point off the curve TPM_RC_ECC_POINT, a
     * product at infinity TPM_RC_NO_RESULT.
     *
     * @param sensitive the key's private part (the RSA prime P or the ECC scalar)
     */
    public static byte[] decrypt(TpmtPublic key, byte[] sensitive, String label, byte[] secret) {
        byte[] labelBytes = labelBytes(label);
        if (key.type() == TpmAlgId.RSA) {
            return rsaDecrypt(key, sensitive, labelBytes, secret);
        }
        ECDomainParameters domain = EccCurves.of(((TpmsEccParms) key.parameters()).curveId());
        TpmReader reader = new TpmReader(secret);
        byte[] x = reader.readSized(TpmuPublicId.MAX_ECC_KEY_BYTES);
        byte[] y = reader.readSized(TpmuPublicId.MAX_ECC_KEY_BYTES);
        ECPoint qe = point(domain, x, y);
        if (qe == null) {
            throw new TpmRcException(TpmRc.ECC_POINT);
        }
        ECPoint z = qe.multiply(new BigInteger(1, sensitive)).normalize();
        if (z.isInfinity()) {
            throw new TpmRcException(TpmRc.NO_RESULT);
        }
        byte[] zx = BigIntegers.asUnsignedByteArray(EccCurves.orderBytes(domain), z.getAffineXCoord().toBigInteger());
        return Kdfe.derive(key.nameAlg(), zx, labelBytes, x, key.unique().first(),
                Hashes.digestSize(key.nameAlg()) * 8);
    }

    private static byte[] rsaDecrypt(TpmtPublic key, byte[] primeP, byte[] label, byte[] secret) {
        TpmsRsaParms parms = (TpmsRsaParms) key.parameters();
        TpmtAsymScheme scheme = parms.scheme();
        int hashAlg = scheme.scheme() == TpmAlgId.NULL ? key.nameAlg() : scheme.hashAlg();
        if (scheme.scheme() != TpmAlgId.NULL && scheme.scheme() != TpmAlgId.OAEP) {
            throw new TpmRcException(TpmRc.SCHEME);
        }
        byte[] modulus = key.unique().first();
        if (secret.length != modulus.length) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        OAEPEncoding oaep = new OAEPEncoding(new RSABlindedEngine(), Hashes.newDigest(hashAlg),
                Hashes.newDigest(hashAlg), label);
        oaep.init(false, RsaSignatures.privateKey(modulus, parms.exponent(), primeP));
        byte[] seed;
        try {
            seed = oaep.processBlock(secret, 0, secret.length);
        } catch (InvalidCipherTextException | RuntimeCryptoException | IllegalArgumentException
                 | ArithmeticException e) {
            // a bad padding or a ciphertext not below the modulus: OpenSSL's failure in libtpms 0.9
            throw new TpmRcException(TpmRc.FAILURE);
        }
        if (seed.length > Hashes.digestSize(hashAlg)) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return seed;
    }

    /** The point (x, y) if it lies on the curve, else null. */
    private static ECPoint point(ECDomainParameters domain, byte[] x, byte[] y) {
        try {
            ECPoint point = domain.getCurve().createPoint(new BigInteger(1, x), new BigInteger(1, y));
            return point.isValid() ? point : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] labelBytes(String label) {
        return (label + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] randomBytes(SecureRandom random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
