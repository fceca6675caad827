package org.swtpmjava.tpm.tpm2.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.encodings.PKCS1Encoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.generators.MGF1BytesGenerator;
import org.bouncycastle.crypto.params.MGFParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.util.BigIntegers;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/**
 * RSASSA-PKCS1-v1_5 and RSASSA-PSS over a digest the caller computed (RFC 8017 §8), as libtpms 0.9
 * does them through OpenSSL: PSS signs with a salt as long as the digest when it fits (else the
 * largest that fits) and verifies with any salt length.
 */
public final class RsaSignatures {
    private RsaSignatures() {
    }

    /** The private key from the public modulus, the exponent (0 = 65537) and the stored prime P. */
    public static RSAPrivateCrtKeyParameters privateKey(byte[] modulus, int exponent, byte[] primeP) {
        BigInteger n = new BigInteger(1, modulus);
        BigInteger e = publicExponent(exponent);
        BigInteger p = new BigInteger(1, primeP);
        BigInteger q = n.divide(p);
        BigInteger phi = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
        BigInteger d = e.modInverse(phi);
        return new RSAPrivateCrtKeyParameters(n, e, d, p, q, d.mod(p.subtract(BigInteger.ONE)),
                d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p));
    }

    public static RSAKeyParameters publicKey(byte[] modulus, int exponent) {
        return new RSAKeyParameters(false, new BigInteger(1, modulus), publicExponent(exponent));
    }

    private static BigInteger publicExponent(int exponent) {
        return exponent == 0 ? BigInteger.valueOf(RsaPrimaryKey.DEFAULT_EXPONENT)
                : BigInteger.valueOf(Integer.toUnsignedLong(exponent));
    }

    /** EMSA-PKCS1-v1_5: DigestInfo(hashAlg, digest) in a type 1 block, then the private operation. */
    public static byte[] signPkcs1(RSAPrivateCrtKeyParameters key, int hashAlg, byte[] digest) {
        PKCS1Encoding encoding = new PKCS1Encoding(new RSABlindedEngine());
        encoding.init(true, key);
        byte[] info = digestInfo(hashAlg, digest);
        try {
            return BigIntegers.asUnsignedByteArray(modulusBytes(key), new BigInteger(1,
                    encoding.processBlock(info, 0, info.length)));
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("PKCS#1 signing failed", e);
        }
    }

    public static boolean verifyPkcs1(RSAKeyParameters key, int hashAlg, byte[] digest, byte[] signature) {
        PKCS1Encoding encoding = new PKCS1Encoding(new RSAEngine());
        encoding.init(false, key);
        try {
            byte[] recovered = encoding.processBlock(signature, 0, signature.length);
            return MessageDigest.isEqual(recovered, digestInfo(hashAlg, digest));
        } catch (InvalidCipherTextException | RuntimeException e) {
            return false;
        }
    }

    /** EMSA-PSS with MGF1 of the same hash; the salt comes from {@code random}. */
    public static byte[] signPss(RSAPrivateCrtKeyParameters key, int hashAlg, byte[] digest, SecureRandom random) {
        int hashSize = Hashes.digestSize(hashAlg);
        int modulusSize = modulusBytes(key);
        int emBits = key.getModulus().bitLength() - 1;
        int emSize = (emBits + 7) / 8;
        int salt = hashSize + digest.length + 2 <= modulusSize ? hashSize : emSize - hashSize - 2;
        PSSSigner signer = PSSSigner.createRawSigner(new RSABlindedEngine(), Hashes.newDigest(hashAlg),
                Hashes.newDigest(hashAlg), salt, PSSSigner.TRAILER_IMPLICIT);
        signer.init(true, new ParametersWithRandom(key, random));
        signer.update(digest, 0, digest.length);
        try {
            return BigIntegers.asUnsignedByteArray(modulusSize, new BigInteger(1, signer.generateSignature()));
        } catch (CryptoException e) {
            throw new IllegalStateException("PSS signing failed", e);
        }
    }

    /** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with the salt length recovered from the encoding. */
    public static boolean verifyPss(RSAKeyParameters key, int hashAlg, byte[] digest, byte[] signature) {
        BigInteger s = new BigInteger(1, signature);
        if (s.compareTo(key.getModulus()) >= 0) {
            return false;
        }
        int emBits = key.getModulus().bitLength() - 1;
        int emSize = (emBits + 7) / 8;
        byte[] em = BigIntegers.asUnsignedByteArray(emSize, s.modPow(key.getExponent(), key.getModulus()));
        int hashSize = Hashes.digestSize(hashAlg);
        if (digest.length != hashSize || emSize < hashSize + 2 || (em[emSize - 1] & 0xFF) != 0xBC) {
            return false;
        }
        int dbSize = emSize - hashSize - 1;
        byte[] h = Arrays.copyOfRange(em, dbSize, dbSize + hashSize);
        byte[] db = mgf1(hashAlg, h, dbSize);
        for (int i = 0; i < dbSize; i++) {
            db[i] ^= em[i];
        }
        int unusedBits = 8 * emSize - emBits;
        if ((em[0] & 0xFF) >>> (8 - unusedBits) != 0) {
            return false;
        }
        db[0] &= (byte) (0xFF >>> unusedBits);
        int separator = 0;
        while (separator < dbSize && db[separator] == 0) {
            separator++;
        }
        if (separator == dbSize || db[separator] != 1) {
            return false;
        }
        byte[] salt = Arrays.copyOfRange(db, separator + 1, dbSize);
        byte[] expected = Hashes.digest(hashAlg, new byte[8], digest, salt);
        return MessageDigest.isEqual(expected, h);
    }

    private static byte[] mgf1(int hashAlg, byte[] seed, int length) {
        MGF1BytesGenerator generator = new MGF1BytesGenerator(Hashes.newDigest(hashAlg));
        generator.init(new MGFParameters(seed));
        byte[] mask = new byte[length];
        generator.generateBytes(mask, 0, length);
        return mask;
    }

    private static int modulusBytes(RSAKeyParameters key) {
        return (key.getModulus().bitLength() + 7) / 8;
    }

    private static byte[] digestInfo(int hashAlg, byte[] digest) {
        try {
            return new DigestInfo(new AlgorithmIdentifier(oid(hashAlg), DERNull.INSTANCE), digest)
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ASN1ObjectIdentifier oid(int hashAlg) {
        switch (hashAlg) {
            case TpmAlgId.SHA1:
                return X509ObjectIdentifiers.id_SHA1;
            case TpmAlgId.SHA256:
                return NISTObjectIdentifiers.id_sha256;
            case TpmAlgId.SHA384:
                return NISTObjectIdentifiers.id_sha384;
            case TpmAlgId.SHA512:
                return NISTObjectIdentifiers.id_sha512;
            default:
                throw new IllegalArgumentException(String.format("not a hash: 0x%04x", hashAlg));
        }
    }
}
