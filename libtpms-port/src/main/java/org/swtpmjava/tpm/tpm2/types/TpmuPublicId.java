package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMU_PUBLIC_ID (Part 2 §12.2.3.2): the unique field of a public area. KEYEDHASH and SYMCIPHER
 * hold a TPM2B_DIGEST, RSA a TPM2B_PUBLIC_KEY_RSA (the modulus), ECC a TPMS_ECC_POINT (x and y).
 *
 * @param first  the digest, the modulus or x
 * @param second y for ECC, else empty
 */
public record TpmuPublicId(byte[] first, byte[] second) {
    /** MAX_RSA_KEY_BYTES: RSA-3072 is the largest key of libtpms 0.9. */
    public static final int MAX_RSA_KEY_BYTES = 384;
    /** MAX_ECC_KEY_BYTES: BN P-638 is the largest curve. */
    public static final int MAX_ECC_KEY_BYTES = 80;

    public TpmuPublicId {
        first = first.clone();
        second = second.clone();
    }

    public static TpmuPublicId single(byte[] value) {
        return new TpmuPublicId(value, new byte[0]);
    }

    public static TpmuPublicId point(byte[] x, byte[] y) {
        return new TpmuPublicId(x, y);
    }

    @Override
    public byte[] first() {
        return first.clone();
    }

    @Override
    public byte[] second() {
        return second.clone();
    }

    /** The selector's member; an unknown type is TPM_RC_SELECTOR (never reached after TPMI_ALG_PUBLIC). */
    public static TpmuPublicId unmarshal(TpmReader reader, int type) {
        switch (type) {
            case TpmAlgId.KEYEDHASH:
            case TpmAlgId.SYMCIPHER:
                return single(reader.readSized(Hashes.MAX_DIGEST_SIZE));
            case TpmAlgId.RSA:
                return single(reader.readSized(MAX_RSA_KEY_BYTES));
            case TpmAlgId.ECC:
                byte[] x = reader.readSized(MAX_ECC_KEY_BYTES);
                return point(x, reader.readSized(MAX_ECC_KEY_BYTES));
            default:
                throw new TpmRcException(TpmRc.SELECTOR);
        }
    }

    public void marshal(TpmWriter writer, int type) {
        writer.writeSized(first);
        if (type == TpmAlgId.ECC) {
            writer.writeSized(second);
        }
    }
}
