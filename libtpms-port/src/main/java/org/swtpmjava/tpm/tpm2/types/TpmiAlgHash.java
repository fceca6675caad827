package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/**
 * TPMI_ALG_HASH (Part 2 §9.27): a hash libtpms 0.9 implements (SHA-1, SHA-256, SHA-384,
 * SHA-512; SM3 and SHA-3 are compiled out), TPM_ALG_NULL only where the type is "+", anything
 * else TPM_RC_HASH.
 */
public final class TpmiAlgHash {
    private TpmiAlgHash() {
    }

    public static int unmarshal(TpmReader reader, boolean allowNull) {
        int alg = reader.readU16();
        if (Hashes.isImplemented(alg) || (allowNull && alg == TpmAlgId.NULL)) {
            return alg;
        }
        throw new TpmRcException(TpmRc.HASH);
    }
}
