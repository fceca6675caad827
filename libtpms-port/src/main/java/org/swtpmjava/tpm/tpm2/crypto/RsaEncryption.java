package org.swtpmjava.tpm.tpm2.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.encodings.PKCS1Encoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.util.BigIntegers;

/**
 * RSA encryption schemes (RFC 8017 §7) as TPM commands use them: RSAES-OAEP with one hash for the
 * label digest and MGF1 and a label that, when not empty, includes its terminating zero octet
 * (Part 1 §B.4: "DUPLICATE\0", "SECRET\0", "IDENTITY\0", or a caller's TPM2_RSA_Encrypt label);
 * RSAES-PKCS1-v1_5; and the raw RSA primitive (the TPM's TPM_ALG_NULL scheme) on a value exactly
 * as long as the modulus. Every failure (message too long, bad padding, a value not below the
 * modulus) is a {@link RsaEncryptionException}; callers map it to their response code.
 */
public final class RsaEncryption {
    private RsaEncryption() {
    }

    /** Raised for any message or ciphertext the scheme cannot process. */
    public static final class RsaEncryptionException extends Exception {
        private static final long serialVersionUID = 1L;

        RsaEncryptionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static byte[] oaepEncrypt(RSAKeyParameters key, int hashAlg, byte[] label, byte[] message,
                                     SecureRandom random) throws RsaEncryptionException {
        return encrypt(oaep(hashAlg, label), key, message, random);
    }

    public static byte[] oaepDecrypt(RSAPrivateCrtKeyParameters key, int hashAlg, byte[] label, byte[] cipherText)
            throws RsaEncryptionException {
        return decrypt(oaep(hashAlg, label), key, cipherText);
    }

    public static byte[] pkcs1Encrypt(RSAKeyParameters key, byte[] message, SecureRandom random)
            throws RsaEncryptionException {
        return encrypt(new PKCS1Encoding(new RSABlindedEngine()), key, message, random);
    }

    public static byte[] pkcs1Decrypt(RSAPrivateCrtKeyParameters key, byte[] cipherText)
            throws RsaEncryptionException {
        return decrypt(new PKCS1Encoding(new RSABlindedEngine()), key, cipherText);
    }

    /** RSAEP on a modulus-sized block; the result is as long as the modulus. */
    public static byte[] rawEncrypt(RSAKeyParameters key, byte[] block) throws RsaEncryptionException {
        return raw(key, block, null);
    }

    /** RSADP on a modulus-sized block; the result is as long as the modulus (leading zeros kept). */
    public static byte[] rawDecrypt(RSAPrivateCrtKeyParameters key, byte[] block, SecureRandom blinding)
            throws RsaEncryptionException {
        return raw(key, block, blinding);
    }

    private static byte[] raw(RSAKeyParameters key, byte[] block, SecureRandom blinding)
            throws RsaEncryptionException {
        int size = (key.getModulus().bitLength() + 7) / 8;
        if (block.length != size || new java.math.BigInteger(1, block).compareTo(key.getModulus()) >= 0) {
            throw new RsaEncryptionException("value not below the modulus", null);
        }
        RSABlindedEngine engine = new RSABlindedEngine();
        engine.init(!key.isPrivate(), blinding == null ? key : new ParametersWithRandom(key, blinding));
        byte[] out = engine.processBlock(block, 0, block.length);
        return BigIntegers.asUnsignedByteArray(size, new java.math.BigInteger(1, out));
    }

    private static AsymmetricBlockCipher oaep(int hashAlg, byte[] label) {
        return new OAEPEncoding(new RSABlindedEngine(), Hashes.newDigest(hashAlg), Hashes.newDigest(hashAlg), label);
    }

    private static byte[] encrypt(AsymmetricBlockCipher cipher, RSAKeyParameters key, byte[] message,
                                  SecureRandom random) throws RsaEncryptionException {
        try {
            cipher.init(true, new ParametersWithRandom(key, random));
            if (message.length > cipher.getInputBlockSize()) {
                throw new RsaEncryptionException("message too long", null);
            }
            return cipher.processBlock(message, 0, message.length);
        } catch (InvalidCipherTextException | DataLengthException e) {
            throw new RsaEncryptionException("cannot encrypt", e);
        }
    }

    private static byte[] decrypt(AsymmetricBlockCipher cipher, RSAPrivateCrtKeyParameters key, byte[] cipherText)
            throws RsaEncryptionException {
        try {
            cipher.init(false, key);
            return cipher.processBlock(cipherText, 0, cipherText.length);
        } catch (InvalidCipherTextException | DataLengthException e) {
            throw new RsaEncryptionException("cannot decrypt", e);
        }
    }
}
