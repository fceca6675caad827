package org.swtpmjava.tpm.tpm2.types;

/** TPM_ALG_ID values (Part 2, Table 9; TCG Algorithm Registry) used by the engine so far. */
public final class TpmAlgId {
    public static final int SHA1 = 0x0004;
    public static final int AES = 0x0006;
    public static final int SHA256 = 0x000B;
    public static final int SHA384 = 0x000C;
    public static final int SHA512 = 0x000D;
    public static final int NULL = 0x0010;

    private TpmAlgId() {
    }
}
