package org.swtpmjava.tpm.tpm2.types;

/** TPM_CC command codes (Part 2, Table 12) used by the engine so far. */
public final class TpmCc {
    public static final int PP_COMMANDS = 0x0000012D;
    public static final int SET_COMMAND_CODE_AUDIT_STATUS = 0x00000140;
    public static final int STARTUP = 0x00000144;
    public static final int SHUTDOWN = 0x00000145;
    public static final int GET_CAPABILITY = 0x0000017A;
    public static final int GET_RANDOM = 0x0000017B;
    public static final int GET_TEST_RESULT = 0x0000017C;
    public static final int PCR_READ = 0x0000017E;

    private TpmCc() {
    }
}
