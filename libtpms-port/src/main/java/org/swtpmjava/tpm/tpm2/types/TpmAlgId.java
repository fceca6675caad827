package org.swtpmjava.tpm.tpm2.types;

/** TPM_ALG_ID values (Part 2, Table 9; TCG Algorithm Registry) used by the engine so far. */
public final class TpmAlgId {
    public static final int TDES = 0x0003;
    public static final int SHA1 = 0x0004;
    public static final int AES = 0x0006;
    public static final int XOR = 0x000A;
    public static final int SHA256 = 0x000B;
    public static final int SHA384 = 0x000C;
    public static final int SHA512 = 0x000D;
    public static final int NULL = 0x0010;
    public static final int SM4 = 0x0013;
    public static final int CAMELLIA = 0x0026;
    public static final int CMAC = 0x003F;
    public static final int CTR = 0x0040;
    public static final int OFB = 0x0041;
    public static final int CBC = 0x0042;
    public static final int CFB = 0x0043;
    public static final int ECB = 0x0044;

    private TpmAlgId() {
    }
}
