package org.swtpmjava.tpm.tpm2.crypto;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.types.TpmRc;

/**
 * The generator of derived objects (TPM2_CreateLoaded under a derivation parent, Part 1 §28.4;
 * reference DRBG_InstantiateSeededKdf and the KDF branch of DRBG_Generate): the KDFa stream
 * (SP800-108 counter mode, HMAC with the parent's XOR-scheme hash) keyed with the parent's
 * derivation secret, with the label and context of the command and L = TPM_MAX_DERIVATION_BITS.
 * Requests are served from whole KDFa blocks; the unused tail of a block is kept for the next
 * request. A request that would pass the limit (counted in generated blocks, as libtpms counts)
 * is refused with TPM_RC_NO_RESULT, which is what object creation answers when its generator
 * returns nothing.
 */
public final class KdfRandom implements KeyRandom {
    /** TPM_MAX_DERIVATION_BITS (Part 2 §6.1). */
    public static final int MAX_DERIVATION_BITS = 8192;

    private final int hashAlg;
    private final byte[] seed;
    private final byte[] label;
    private final byte[] context;
    private final int digestSize;
    private int counter;
    private byte[] residual = new byte[0];
    private int residualSize;

    public KdfRandom(int hashAlg, byte[] seed, byte[] label, byte[] context) {
        this.hashAlg = hashAlg;
        this.seed = seed.clone();
        this.label = label.clone();
        this.context = context.clone();
        this.digestSize = Hashes.digestSize(hashAlg);
    }

    @Override
    public byte[] generate(int length) {
        if (((long) counter * digestSize + length) * 8 > MAX_DERIVATION_BITS) {
            throw new TpmRcException(TpmRc.NO_RESULT);
        }
        byte[] out = new byte[length];
        int produced = 0;
        while (produced < length) {
            if (residualSize > 0) {
                int take = Math.min(residualSize, length - produced);
                System.arraycopy(residual, digestSize - residualSize, out, produced, take);
                residualSize -= take;
                produced += take;
            } else if (length - produced >= digestSize) {
                byte[] block = nextBlock();
                System.arraycopy(block, 0, out, produced, digestSize);
                produced += digestSize;
            } else {
                residual = nextBlock();
                residualSize = digestSize;
            }
        }
        return out;
    }

    private byte[] nextBlock() {
        counter++;
        return Kdfa.block(hashAlg, seed, label, context, new byte[0], MAX_DERIVATION_BITS, counter);
    }
}
