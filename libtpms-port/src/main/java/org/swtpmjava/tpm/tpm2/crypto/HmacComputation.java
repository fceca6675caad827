package org.swtpmjava.tpm.tpm2.crypto;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.ExtendedDigest;

/**
 * A running HMAC (RFC 2104) kept as libtpms keeps an HMAC sequence (CryptHmacStart /
 * CryptHmacEnd, the reference's HMAC_STATE): the inner digest, already fed with the key block
 * XOR ipad, and the outer key block (key XOR opad, one hash block long; a key longer than a
 * block is first hashed). Both parts are explicit so that a sequence object can be stored and
 * restored; the digests are Bouncy Castle's ({@link Hashes}). One-shot HMACs use {@link Hmacs}.
 */
public final class HmacComputation implements MacComputation {
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private final int hashAlg;
    private final Digest inner;
    private final byte[] outerKeyBlock;

    private HmacComputation(int hashAlg, Digest inner, byte[] outerKeyBlock) {
        this.hashAlg = hashAlg;
        this.inner = inner;
        this.outerKeyBlock = outerKeyBlock.clone();
    }

    /** CryptHmacStart. */
    public static HmacComputation start(int hashAlg, byte[] key) {
        Digest inner = Hashes.newDigest(hashAlg);
        int blockSize = ((ExtendedDigest) inner).getByteLength();
        byte[] block = new byte[blockSize];
        byte[] shortKey = key.length > blockSize ? Hashes.digest(hashAlg, key) : key;
        System.arraycopy(shortKey, 0, block, 0, shortKey.length);
        byte[] innerKeyBlock = new byte[blockSize];
        byte[] outerKeyBlock = new byte[blockSize];
        for (int i = 0; i < blockSize; i++) {
            innerKeyBlock[i] = (byte) (block[i] ^ IPAD);
            outerKeyBlock[i] = (byte) (block[i] ^ OPAD);
        }
        inner.update(innerKeyBlock, 0, blockSize);
        return new HmacComputation(hashAlg, inner, outerKeyBlock);
    }

    /** An HMAC continued from {@link #innerDigestState()} and {@link #outerKeyBlock()}. */
    public static HmacComputation restore(int hashAlg, byte[] innerDigestState, byte[] outerKeyBlock) {
        Digest inner = Hashes.restoreDigest(hashAlg, innerDigestState);
        if (outerKeyBlock.length != ((ExtendedDigest) inner).getByteLength()) {
            throw new IllegalArgumentException("outer key block is not one hash block");
        }
        return new HmacComputation(hashAlg, inner, outerKeyBlock);
    }

    @Override
    public int macAlg() {
        return hashAlg;
    }

    @Override
    public int macSize() {
        return inner.getDigestSize();
    }

    /** The running inner digest in Bouncy Castle's encoding ({@link Hashes#encodedState}). */
    public byte[] innerDigestState() {
        return Hashes.encodedState(inner);
    }

    /** The key block XOR opad (the reference's hmacKey after CryptHmacStart). */
    public byte[] outerKeyBlock() {
        return outerKeyBlock.clone();
    }

    @Override
    public void update(byte[] data) {
        inner.update(data, 0, data.length);
    }

    @Override
    public byte[] finish() {
        byte[] innerHash = new byte[inner.getDigestSize()];
        inner.doFinal(innerHash, 0);
        return Hashes.digest(hashAlg, outerKeyBlock, innerHash);
    }
}
