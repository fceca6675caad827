package org.swtpmjava.store.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.swtpmjava.store.StateStoreException;
import org.swtpmjava.store.StoreResults;

/**
 * swtpm's encryption of state data (swtpm-protocol.md §5.2.4): AES-CBC without cipher padding,
 * swtpm's own padding to a multiple of the <em>key</em> length, then HMAC-SHA256 keyed with the
 * AES key over ciphertext || the whole IV TLV value (encrypt-then-MAC).
 *
 * <p>The IV TLV value written here is as long as the key (16 or 32 random bytes), which is what
 * swtpm 0.7.1 demands on reading; readers (this one and swtpm 0.11) accept any length >= 16 and
 * use the first 16 bytes as the CBC IV. Failure codes follow swtpm's order of checks.
 */
public final class StateEncryption {
    /** The three parts swtpm stores as TLVs (encrypted data, HMAC, IV). Arrays are not copied. */
    public record Sealed(byte[] ciphertext, byte[] hmac, byte[] ivValue) {
    }

    private static final int BLOCK = 16;
    private static final int HMAC_LENGTH = 32;

    private final SecureRandom random;

    public StateEncryption(SecureRandom random) {
        this.random = random;
    }

    public StateEncryption() {
        this(new SecureRandom());
    }

    /** Encrypts with a fresh random IV TLV value of the key's length. */
    public Sealed seal(StateKey key, byte[] plain) throws StateStoreException {
        byte[] iv = new byte[key.length()];
        random.nextBytes(iv);
        return seal(key, plain, iv);
    }

    /** Encrypts with the given IV TLV value (at least 16 bytes; the first 16 are the CBC IV). */
    public static Sealed seal(StateKey key, byte[] plain, byte[] ivValue) throws StateStoreException {
        if (ivValue.length < BLOCK) {
            throw new StateStoreException(StoreResults.ENCRYPT_ERROR,
                    "SWTPM_SymmetricKeyData_Encrypt: IV is " + ivValue.length + " bytes, but expected 16 bytes");
        }
        byte[] ciphertext = encryptPadded(key, plain, Arrays.copyOf(ivValue, BLOCK));
        return new Sealed(ciphertext, hmac(key, ciphertext, ivValue), ivValue.clone());
    }

    /**
     * Checks the HMAC and decrypts. {@code ivValue} is the IV TLV value or null if the TLV is
     * absent (then the IV is all zero and the HMAC covers the ciphertext only).
     */
    public static byte[] open(StateKey key, byte[] ciphertext, byte[] hmac, byte[] ivValue) throws StateStoreException {
        if (hmac.length < HMAC_LENGTH) {
            throw new StateStoreException(StoreResults.FAIL, "Insufficient bytes for CheckHMAC()");
        }
        byte[] expected = hmac(key, ciphertext, ivValue);
        // swtpm compares the first 32 bytes in constant time (CRYPTO_memcmp); so does isEqual.
        if (!MessageDigest.isEqual(Arrays.copyOf(hmac, HMAC_LENGTH), expected)) {
            throw new StateStoreException(StoreResults.DECRYPT_ERROR,
                    "Verification of HMAC failed. Data integrity is compromised");
        }
        return decryptPadded(key, ciphertext, ivValue);
    }

    /**
     * Decrypts a legacy header-version-1 body (§5.2.5): AES-CBC with a zero IV over
     * SHA256(data) || data || pad; the leading hash must match (else TPM_FAIL, as in swtpm).
     */
    public static byte[] openLegacy(StateKey key, byte[] body) throws StateStoreException {
        byte[] hashed = decryptPadded(key, body, null);
        if (hashed.length < HMAC_LENGTH) {
            throw new StateStoreException(StoreResults.FAIL, "Verification of hash failed. Data is too short");
        }
        byte[] data = Arrays.copyOfRange(hashed, HMAC_LENGTH, hashed.length);
        if (!MessageDigest.isEqual(Arrays.copyOf(hashed, HMAC_LENGTH), Digests.sha256(data))) {
            throw new StateStoreException(StoreResults.FAIL,
                    "Verification of hash failed. Data integrity is compromised");
        }
        return data;
    }

    /** Encrypts a legacy header-version-1 body: zero IV over SHA256(data) || data || pad. */
    public static byte[] sealLegacy(StateKey key, byte[] data) throws StateStoreException {
        byte[] hashed = new byte[HMAC_LENGTH + data.length];
        System.arraycopy(Digests.sha256(data), 0, hashed, 0, HMAC_LENGTH);
        System.arraycopy(data, 0, hashed, HMAC_LENGTH, data.length);
        return encryptPadded(key, hashed, new byte[BLOCK]);
    }

    private static byte[] encryptPadded(StateKey key, byte[] plain, byte[] iv16) throws StateStoreException {
        int keyLength = key.length();
        int pad = keyLength - plain.length % keyLength;
        byte[] padded = Arrays.copyOf(plain, plain.length + pad);
        Arrays.fill(padded, plain.length, padded.length, (byte) pad);
        try {
            return aesCbc(Cipher.ENCRYPT_MODE, key, iv16).doFinal(padded);
        } catch (GeneralSecurityException e) {
            throw new StateStoreException(StoreResults.ENCRYPT_ERROR, "Could not encrypt " + padded.length + " bytes.", e);
        }
    }

    private static byte[] decryptPadded(StateKey key, byte[] ciphertext, byte[] ivValue) throws StateStoreException {
        int keyLength = key.length();
        if (ciphertext.length < keyLength) {
            throw new StateStoreException(StoreResults.DECRYPT_ERROR, "SWTPM_SymmetricKeyData_Decrypt: Error, bad length");
        }
        if (ivValue != null && ivValue.length < BLOCK) {
            throw new StateStoreException(StoreResults.DECRYPT_ERROR,
                    "SWTPM_SymmetricKeyData_Decrypt: IV is " + ivValue.length + " bytes, but expected 16 bytes");
        }
        if (ciphertext.length % BLOCK != 0) {
            // OpenSSL refuses a partial block with padding off; swtpm maps that to TPM_FAIL.
            throw new StateStoreException(StoreResults.FAIL, "Could not decrypt " + ciphertext.length + " bytes.");
        }
        byte[] padded;
        try {
            byte[] iv16 = ivValue == null ? new byte[BLOCK] : Arrays.copyOf(ivValue, BLOCK);
            padded = aesCbc(Cipher.DECRYPT_MODE, key, iv16).doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new StateStoreException(StoreResults.FAIL, "Could not decrypt " + ciphertext.length + " bytes.", e);
        }
        int pad = padded[padded.length - 1] & 0xff;
        if (pad == 0 || pad > keyLength) {
            throw new StateStoreException(StoreResults.DECRYPT_ERROR,
                    "SWTPM_SymmetricKeyData_Decrypt: Error, illegal pad length");
        }
        int bad = 0;
        for (int i = padded.length - pad; i < padded.length; i++) {
            bad |= (padded[i] & 0xff) ^ pad;
        }
        if (bad != 0) {
            throw new StateStoreException(StoreResults.DECRYPT_ERROR, "SWTPM_SymmetricKeyData_Decrypt: Error, bad pad");
        }
        return Arrays.copyOf(padded, padded.length - pad);
    }

    private static Cipher aesCbc(int opMode, StateKey key, byte[] iv16) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
        cipher.init(opMode, new SecretKeySpec(key.rawBytes(), "AES"), new IvParameterSpec(iv16));
        return cipher;
    }

    private static byte[] hmac(StateKey key, byte[] ciphertext, byte[] ivValue) throws StateStoreException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.rawBytes(), "HmacSHA256"));
            mac.update(ciphertext);
            if (ivValue != null) {
                mac.update(ivValue);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new StateStoreException(StoreResults.FAIL, "HMAC calculation failed.", e);
        }
    }
}
