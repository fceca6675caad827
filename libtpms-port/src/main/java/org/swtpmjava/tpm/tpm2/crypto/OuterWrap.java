package org.swtpmjava.tpm.tpm2.crypto;

import java.util.Arrays;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;
import org.swtpmjava.tpm.tpm2.types.TpmRc;
import org.swtpmjava.tpm.tpm2.types.TpmtSymDefObject;

/**
 * The outer wrapper of a protected blob (Part 1 §23.3.3 and §24.5; reference Object_spt.c
 * ProduceOuterWrap / UnwrapOuter, ComputeProtectionKeyParms, ComputeOuterIntegrity). From a
 * seed (a parent's seedValue, or a seed shared with {@link SecretSharing}) and a hash algorithm:
 * the symmetric key is KDFa(hashAlg, seed, "STORAGE", Name, -, key bits), the HMAC key
 * KDFa(hashAlg, seed, "INTEGRITY", -, -, digest bits); the data is encrypted in CFB mode and
 * preceded by integrity = HMAC(data || Name) as a TPM2B_DIGEST. Private areas put a TPM2B_IV
 * before the data (under the integrity); credentials and duplication blobs use a zero IV and
 * have none.
 */
public final class OuterWrap {
    private OuterWrap() {
    }

    /** ComputeOuterIntegrity over {@code data} (IV area and encrypted part) followed by the Name. */
    public static byte[] integrity(int hashAlg, byte[] seed, byte[] data, byte[] name) {
        byte[] hmacKey = Kdfa.derive(hashAlg, seed, "INTEGRITY", new byte[0], new byte[0],
                Hashes.digestSize(hashAlg) * 8);
        return Hmacs.hmac(hashAlg, hmacKey, data, name);
    }

    /** ComputeProtectionKeyParms and CFB encryption or decryption under {@code iv}. */
    public static byte[] crypt(boolean encrypt, int hashAlg, byte[] seed, TpmtSymDefObject symmetric, byte[] name,
                               byte[] iv, byte[] data) {
        byte[] key = Kdfa.derive(hashAlg, seed, "STORAGE", name, new byte[0], symmetric.keyBits());
        return encrypt ? SymmetricCfb.encrypt(symmetric.algorithm(), key, iv, data)
                : SymmetricCfb.decrypt(symmetric.algorithm(), key, iv, data);
    }

    /** ProduceOuterWrap without an IV: integrity (TPM2B_DIGEST) || CFB(zero IV) of {@code plain}. */
    public static byte[] wrapWithoutIv(int hashAlg, byte[] seed, TpmtSymDefObject symmetric, byte[] name,
                                       byte[] plain) {
        byte[] encrypted = crypt(true, hashAlg, seed, symmetric, name, zeroIv(symmetric), plain);
        byte[] integrity = integrity(hashAlg, seed, encrypted, name);
        return new TpmWriter(2 + integrity.length + encrypted.length).writeSized(integrity).writeBytes(encrypted)
                .toByteArray();
    }

    /**
     * UnwrapOuter without an IV: the integrity TPM2B_DIGEST (its unmarshalling codes, TPM_RC_SIZE
     * or TPM_RC_INSUFFICIENT), TPM_RC_INTEGRITY on a mismatch, then the decrypted rest.
     */
    public static byte[] unwrapWithoutIv(int hashAlg, byte[] seed, TpmtSymDefObject symmetric, byte[] name,
                                         byte[] blob) {
        TpmReader reader = new TpmReader(blob);
        byte[] integrity = reader.readSized(Hashes.MAX_DIGEST_SIZE);
        byte[] encrypted = reader.readBytes(reader.remaining());
        if (!Arrays.equals(integrity, integrity(hashAlg, seed, encrypted, name))) {
            throw new TpmRcException(TpmRc.INTEGRITY);
        }
        return crypt(false, hashAlg, seed, symmetric, name, zeroIv(symmetric), encrypted);
    }

    /** CryptSymmetricEncrypt with a NULL IV: one zero block. */
    private static byte[] zeroIv(TpmtSymDefObject symmetric) {
        return new byte[SymmetricCfb.blockSize(symmetric.algorithm())];
    }
}
