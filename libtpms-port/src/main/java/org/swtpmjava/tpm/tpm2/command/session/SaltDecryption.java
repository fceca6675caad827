package org.swtpmjava.tpm.tpm2.command.session;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.swtpmjava.tpm.tpm2.crypto.EccCurves;
import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.crypto.Kdfe;
import org.swtpmjava.tpm.tpm2.crypto.RsaSignatures;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.state.LoadedObject;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmsEccParms;
import org.swtpmjava.tpm.tpm2.types.TpmsRsaParms;
import org.swtpmjava.tpm.tpm2.types.TpmtAsymScheme;
import org.swtpmjava.tpm.tpm2.types.TpmtPublic;
import org.swtpmjava.tpm.tpm2.types.TpmuPublicId;

/**
 * CryptSecretDecrypt for a session salt (Part 1 §24, reference CryptUtil.c) with an asymmetric
 * tpmKey and the label "SECRET\0": RSA decrypts with OAEP (the key's OAEP hash, or its nameAlg
 * when the key has no scheme; the ciphertext must be as long as the modulus, the salt at most a
 * digest long); ECC reads a TPMS_ECC_POINT Qe, Z = d * Qe, and the salt is KDFe(nameAlg, Z.x,
 * "SECRET", Qe.x, Q.x, digest size). Any failure is a bare TPM_RC_VALUE the caller numbers.
 */
final class SaltDecryption {
    private static final byte[] LABEL = "SECRET\0".getBytes(StandardCharsets.US_ASCII);

    private SaltDecryption() {
    }

    static byte[] decrypt(LoadedObject key, byte[] encryptedSalt) {
        try {
            return key.publicArea().type() == TpmAlgId.RSA ? rsa(key, encryptedSalt) : ecc(key, encryptedSalt);
        } catch (TpmRcException | InvalidCipherTextException | IllegalArgumentException e) {
            throw new TpmRcException(TpmRc.VALUE);
        }
    }

    private static byte[] rsa(LoadedObject key, byte[] secret) throws InvalidCipherTextException {
        TpmtPublic area = key.publicArea();
        TpmsRsaParms parms = (TpmsRsaParms) area.parameters();
        TpmtAsymScheme scheme = parms.scheme();
        int hashAlg = scheme.scheme() == TpmAlgId.NULL ? area.nameAlg() : scheme.hashAlg();
        if (scheme.scheme() != TpmAlgId.NULL && scheme.scheme() != TpmAlgId.OAEP) {
            throw new TpmRcException(TpmRc.SCHEME);
        }
        byte[] modulus = area.unique().first();
        if (secret.length != modulus.length) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        OAEPEncoding oaep = new OAEPEncoding(new RSABlindedEngine(), Hashes.newDigest(hashAlg),
                Hashes.newDigest(hashAlg), LABEL);
        oaep.init(false, RsaSignatures.privateKey(modulus, parms.exponent(), key.sensitive()));
        byte[] salt = oaep.processBlock(secret, 0, secret.length);
        if (salt.length > Hashes.digestSize(hashAlg)) {
            throw new TpmRcException(TpmRc.VALUE);
        }
        return salt;
    }

    private static byte[] ecc(LoadedObject key, byte[] secret) {
        TpmtPublic area = key.publicArea();
        ECDomainParameters domain = EccCurves.of(((TpmsEccParms) area.parameters()).curveId());
        TpmReader reader = new TpmReader(secret);
        byte[] x = reader.readSized(TpmuPublicId.MAX_ECC_KEY_BYTES);
        byte[] y = reader.readSized(TpmuPublicId.MAX_ECC_KEY_BYTES);
        ECPoint qe = domain.getCurve().createPoint(new BigInteger(1, x), new BigInteger(1, y));
        if (!qe.isValid()) {
            throw new TpmRcException(TpmRc.ECC_POINT);
        }
        ECPoint z = qe.multiply(new BigInteger(1, key.sensitive())).normalize();
        if (z.isInfinity()) {
            throw new TpmRcException(TpmRc.NO_RESULT);
        }
        int size = EccCurves.orderBytes(domain);
        byte[] zx = BigIntegers.asUnsignedByteArray(size, z.getAffineXCoord().toBigInteger());
        return Kdfe.derive(area.nameAlg(), zx, LABEL, x, area.unique().first(),
                Hashes.digestSize(area.nameAlg()) * 8);
    }
}
