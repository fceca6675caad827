package org.swtpmjava.tpm.tpm2.crypto;

import java.util.List;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.EncodableDigest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.swtpmjava.tpm.tpm2.types.TpmAlgId;

/** The hash algorithms libtpms implements (SHA-1/256/384/512), by TPM_ALG_ID. */
public final class Hashes {
    /** In the reference's HASH_COUNT order, which is also the PCR bank order. */
    public static final List<Integer> IMPLEMENTED =
            List.of(TpmAlgId.SHA1, TpmAlgId.SHA256, TpmAlgId.SHA384, TpmAlgId.SHA512);

    /** sizeof(TPMU_HA): the largest digest (SHA-512). */
    public static final int MAX_DIGEST_SIZE = 64;

    private Hashes() {
    }

    public static boolean isImplemented(int alg) {
        return IMPLEMENTED.contains(alg);
    }

    /** Digest size in bytes, or 0 for an algorithm that is not an implemented hash. */
    public static int digestSize(int alg) {
        return switch (alg) {
            case TpmAlgId.SHA1 -> 20;
            case TpmAlgId.SHA256 -> 32;
            case TpmAlgId.SHA384 -> 48;
            case TpmAlgId.SHA512 -> 64;
            default -> 0;
        };
    }

    /** A fresh digest for an implemented algorithm. */
    public static Digest newDigest(int alg) {
        return switch (alg) {
            case TpmAlgId.SHA1 -> new SHA1Digest();
            // not newInstance(): a native digest would not have the encoded state OpenSslHashState reads
            case TpmAlgId.SHA256 -> new SHA256Digest();
            case TpmAlgId.SHA384 -> new SHA384Digest();
            case TpmAlgId.SHA512 -> new SHA512Digest();
            default -> throw new IllegalArgumentException(String.format("not a hash: 0x%04x", alg));
        };
    }

    /** H(parts...) in one call. */
    public static byte[] digest(int alg, byte[]... parts) {
        Digest digest = newDigest(alg);
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    /** The running state of a digest made by {@link #newDigest} (Bouncy Castle's encoded state). */
    public static byte[] encodedState(Digest digest) {
        return ((EncodableDigest) digest).getEncodedState();
    }

    /** A digest continued from {@link #encodedState}; a malformed state is IllegalArgumentException. */
    public static Digest restoreDigest(int alg, byte[] state) {
        try {
            return switch (alg) {
                case TpmAlgId.SHA1 -> new SHA1Digest(state);
                case TpmAlgId.SHA256 -> new SHA256Digest(state);
                case TpmAlgId.SHA384 -> new SHA384Digest(state);
                case TpmAlgId.SHA512 -> new SHA512Digest(state);
                default -> throw new IllegalArgumentException(String.format("not a hash: 0x%04x", alg));
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad digest state", e);
        }
    }
}
