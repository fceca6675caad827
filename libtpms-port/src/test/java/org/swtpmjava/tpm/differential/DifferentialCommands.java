package org.swtpmjava.tpm.differential;

import java.nio.ByteBuffer;

/** Command builders shared by the differential tests. */
final class DifferentialCommands {
    static final int NO_SESSIONS = 0x8001;
    static final int SESSIONS = 0x8002;

    private DifferentialCommands() {
    }

    static byte[] getCapability(long capability, long property, long count) {
        return ByteBuffer.allocate(22).putShort((short) NO_SESSIONS).putInt(22).putInt(0x17A)
                .putInt((int) capability).putInt((int) property).putInt((int) count).array();
    }

    /** A TPMS_AUTH_COMMAND for TPM_RS_PW: empty nonce, the attributes, the password. */
    static String password(int attributes, String passwordHex) {
        String password = passwordHex.replace(" ", "");
        return String.format("40000009 0000 %02x %04x %s", attributes, password.length() / 2, password);
    }

    /** A TPMT_HA of {@code size} bytes of {@code fill}. */
    static String digest(int hashAlg, int size, int fill) {
        return String.format("%04x", hashAlg) + String.format("%02x", fill).repeat(size);
    }

    /** TPML_DIGEST_VALUES with one digest per bank (SHA-1, SHA-256, SHA-384, SHA-512). */
    static String allBanks(int fill) {
        return "00000004" + digest(0x4, 20, fill) + digest(0xB, 32, fill) + digest(0xC, 48, fill) + digest(0xD, 64, fill);
    }

    static String sessions(String... sessions) {
        String area = String.join("", sessions).replace(" ", "");
        return String.format("%08x", area.length() / 2) + area;
    }
}
