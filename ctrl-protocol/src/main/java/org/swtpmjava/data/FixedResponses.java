package org.swtpmjava.data;

/** TPM responses swtpm generates itself, without the TPM (swtpm-protocol.md §3.3, §3.5). */
public final class FixedResponses {

    /** The in-band SetLocality vendor command's ordinal (TPM2_SetLocality / TPM_SetLocality). */
    public static final int ORDINAL_SET_LOCALITY = 0x20001000;

    private FixedResponses() {
    }

    /** The fatal-error reply while the TPM is stopped; the tag follows the configured version. */
    public static byte[] stopped(boolean tpm2) {
        return tpm2 ? tpm2Error(0x101) : tpm12Error(0x09);
    }

    /** A 10-byte TPM 2 response: tag TPM_ST_NO_SESSIONS, size 10, the code. */
    public static byte[] tpm2Error(int rc) {
        return header(0x8001, rc);
    }

    /** A 10-byte TPM 1.2 response: tag TPM_TAG_RSP_COMMAND, size 10, the code. */
    public static byte[] tpm12Error(int rc) {
        return header(0x00c4, rc);
    }

    private static byte[] header(int tag, int rc) {
        return new byte[] {
            (byte) (tag >>> 8), (byte) tag, 0, 0, 0, 10,
            (byte) (rc >>> 24), (byte) (rc >>> 16), (byte) (rc >>> 8), (byte) rc
        };
    }

    /** The ordinal of a TPM command of at least 10 bytes (u32 at offset 6), else -1. */
    public static long ordinal(byte[] command) {
        return u32At6(command);
    }

    /** The response code of a TPM response of at least 10 bytes (u32 at offset 6), else -1. */
    public static long responseCode(byte[] response) {
        return u32At6(response);
    }

    private static long u32At6(byte[] command) {
        if (command.length < 10) {
            return -1;
        }
        return ((command[6] & 0xffL) << 24) | ((command[7] & 0xff) << 16) | ((command[8] & 0xff) << 8)
                | (command[9] & 0xff);
    }
}
