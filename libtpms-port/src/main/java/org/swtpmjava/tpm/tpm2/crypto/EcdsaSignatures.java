package org.swtpmjava.tpm.tpm2.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDSA over a digest the caller computed (FIPS 186-4 §6.4; the digest is cut to the order's bit
 * length). libtpms 0.9 takes k from OpenSSL's random generator, so its signatures cannot be
 * reproduced; this engine derives k deterministically (RFC 6979 with the signing hash), which
 * needs no randomness and verifies the same way. r and s are padded to the order's byte size.
 */
public final class EcdsaSignatures {
    private EcdsaSignatures() {
    }

    /** @return r and s */
    public static byte[][] sign(ECDomainParameters domain, byte[] d, int hashAlg, byte[] digest) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(Hashes.newDigest(hashAlg)));
        signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, d), domain));
        BigInteger[] rs = signer.generateSignature(digest);
        int size = EccCurves.orderBytes(domain);
        return new byte[][] {BigIntegers.asUnsignedByteArray(size, rs[0]),
            BigIntegers.asUnsignedByteArray(size, rs[1])};
    }

    /** BnValidateSignatureEcdsa after the range checks (r, s in [1, n - 1]) the caller made. */
    public static boolean verify(ECDomainParameters domain, byte[] x, byte[] y, byte[] digest, byte[] r, byte[] s) {
        try {
            ECPublicKeyParameters key = new ECPublicKeyParameters(
                    domain.getCurve().createPoint(new BigInteger(1, x), new BigInteger(1, y)), domain);
            ECDSASigner signer = new ECDSASigner();
            signer.init(false, key);
            return signer.verifySignature(digest, new BigInteger(1, r), new BigInteger(1, s));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
