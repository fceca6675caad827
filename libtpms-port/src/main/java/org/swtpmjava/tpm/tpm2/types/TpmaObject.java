package org.swtpmjava.tpm.tpm2.types;

import org.swtpmjava.tpm.tpm2.marshal.TpmRcException;
import org.swtpmjava.tpm.tpm2.marshal.TpmReader;

/** TPMA_OBJECT (Part 2 §8.3): the attribute bits of an object's public area. */
public final class TpmaObject {
    public static final int FIXED_TPM = 1 << 1;
    public static final int ST_CLEAR = 1 << 2;
    public static final int FIXED_PARENT = 1 << 4;
    public static final int SENSITIVE_DATA_ORIGIN = 1 << 5;
    public static final int USER_WITH_AUTH = 1 << 6;
    public static final int ADMIN_WITH_POLICY = 1 << 7;
    public static final int NO_DA = 1 << 10;
    public static final int ENCRYPTED_DUPLICATION = 1 << 11;
    public static final int RESTRICTED = 1 << 16;
    public static final int DECRYPT = 1 << 17;
    public static final int SIGN = 1 << 18;
    /** TPMA_OBJECT_reserved of libtpms 0.9 (bits 0, 3, 8, 9, 12-15, 20-31; x509sign is reserved too). */
    public static final int RESERVED = 0xFFF0F309;

    private TpmaObject() {
    }

    /** A set reserved bit is TPM_RC_RESERVED_BITS. */
    public static int unmarshal(TpmReader reader) {
        int attributes = reader.readU32();
        if ((attributes & RESERVED) != 0) {
            throw new TpmRcException(TpmRc.RESERVED_BITS);
        }
        return attributes;
    }

    public static boolean has(int attributes, int bit) {
        return (attributes & bit) != 0;
    }
}
