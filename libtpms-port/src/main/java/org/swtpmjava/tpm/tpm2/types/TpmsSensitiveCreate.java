package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.crypto.Hashes;
import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/**
 * TPMS_SENSITIVE_CREATE (Part 2 §12.3.1.1) read as TPM2B_SENSITIVE_CREATE: a size of 0 is
 * TPM_RC_SIZE, the content must use exactly size bytes (TPM_RC_SIZE).
 *
 * @param userAuth TPM2B_AUTH (at most sizeof(TPMU_HA) = 64 bytes)
 * @param data     TPM2B_SENSITIVE_DATA (at most MAX_SYM_DATA = 128 bytes)
 */
public record TpmsSensitiveCreate(byte[] userAuth, byte[] data) {
    /** MAX_SYM_DATA. */
    public static final int MAX_DATA = 128;

    public TpmsSensitiveCreate {
        userAuth = userAuth.clone();
        data = data.clone();
    }

    @Override
    public byte[] userAuth() {
        return userAuth.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public static TpmsSensitiveCreate unmarshalSized(TpmReader reader) {
        int size = reader.readU16();
        if (size == 0) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        int before = reader.remaining();
        byte[] userAuth = reader.readSized(Hashes.MAX_DIGEST_SIZE);
        byte[] data = reader.readSized(MAX_DATA);
        if (before - reader.remaining() != size) {
            throw new TpmRcException(TpmRc.SIZE);
        }
        return new TpmsSensitiveCreate(userAuth, data);
    }
}
