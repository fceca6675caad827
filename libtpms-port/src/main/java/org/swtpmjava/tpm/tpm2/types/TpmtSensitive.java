package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;
import org.swtpmjava.tpm.tpm2.marshal.TpmWriter;

/**
 * TPMT_SENSITIVE (Part 2 §12.3.2.4): sensitiveType, authValue, seedValue and the private part
 * (TPMU_SENSITIVE_COMPOSITE, one TPM2B whatever the type: the RSA prime P, the ECC scalar, the
 * HMAC key or sealed data, the symmetric key).
 */
public record TpmtSensitive(int sensitiveType, byte[] authValue, byte[] seedValue, byte[] sensitive) {
    /** RSA_PRIVATE_SIZE of libtpms 0.9 (MAX_RSA_KEY_BYTES 384 / 2 * 5). */
    private static final int MAX_RSA_PRIVATE = 960;
    /** MAX_ECC_KEY_BYTES (BN P-638). */
    private static final int MAX_ECC_KEY = 80;
    /** MAX_SYM_DATA. */
    private static final int MAX_SYM_DATA = 128;
    /** MAX_SYM_KEY_BYTES. */
    private static final int MAX_SYM_KEY = 32;

    public TpmtSensitive {
        authValue = authValue.clone();
        seedValue = seedValue.clone();
        sensitive = sensitive.clone();
    }

    @Override
    public byte[] authValue() {
        return authValue.clone();
    }

    @Override
    public byte[] seedValue() {
        return seedValue.clone();
    }

    @Override
    public byte[] sensitive() {
        return sensitive.clone();
    }

    /** Unmarshals in the reference's order; a bad type is TPM_RC_TYPE, a too-large TPM2B TPM_RC_SIZE. */
    public static TpmtSensitive unmarshal(TpmReader reader) {
        int type = reader.readU16();
        int max;
        switch (type) {
            case TpmAlgId.RSA:
                max = MAX_RSA_PRIVATE;
                break;
            case TpmAlgId.ECC:
                max = MAX_ECC_KEY;
                break;
            case TpmAlgId.KEYEDHASH:
                max = MAX_SYM_DATA;
                break;
            case TpmAlgId.SYMCIPHER:
                max = MAX_SYM_KEY;
                break;
            default:
                throw new TpmRcException(TpmRc.TYPE);
        }
        byte[] authValue = reader.readSized(Hashes.MAX_DIGEST_SIZE);
        byte[] seedValue = reader.readSized(Hashes.MAX_DIGEST_SIZE);
        byte[] sensitive = reader.readSized(max);
        return new TpmtSensitive(type, authValue, seedValue, sensitive);
    }

    public void marshal(TpmWriter writer) {
        writer.writeU16(sensitiveType).writeSized(authValue).writeSized(seedValue).writeSized(sensitive);
    }

    public byte[] toBytes() {
        TpmWriter writer = new TpmWriter(8 + authValue.length + seedValue.length + sensitive.length);
        marshal(writer);
        return writer.toByteArray();
    }
}
